import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { getOperationAST, parse, type GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode, publicCode as publicErrorCode } from '../core/errors.js';
import { isTokenLimitError } from '../graphql/query-limits.js';
import { GraphQLContext } from '../graphql/context.js';
import { sendJson } from './body.js';
import type { Metrics } from './metrics.js';

/** The code an error may show its caller (core/errors.ts lists them); any other error is a fault. */
export function publicCode(error: Pick<GraphQLError | GraphQLFormattedError, 'extensions' | 'message'>): string {
  if (isTokenLimitError(error.message)) return ErrorCode.QUERY_TOO_COMPLEX; // the parser's own refusal
  return publicErrorCode(error.extensions?.code);
}

/** The GraphQL context of an HTTP request: what resolvers see, and the request's log record. */
export class HttpContext extends GraphQLContext {
  constructor(openEm: () => GraphQLContext['em'], caller: GraphQLContext['caller'], domain: GraphQLContext['domain'], readonly record: RequestRecord) {
    super(openEm, caller, domain);
  }
}

/** What one GraphQL request's log line and metrics say; filled in as the request is served. */
export interface RequestRecord {
  requestId: string;
  operationName?: string;
  operationType?: string;
  org?: string;
  errorCodes: string[];
}

/** A caller's X-Request-Id is kept when it is a plain token (so it cannot forge log content); otherwise one is made. */
function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[\w.:\-]{1,100}$/.test(header) ? header : randomUUID();
}

/**
 * Gives a request an ID (echoed in X-Request-Id) and, when its response is sent, writes one log
 * line (request ID, operation, organization, HTTP status, duration, error codes) and counts it.
 * Returns the request's record, for what is learnt while it is served.
 */
export function beginRequest(req: IncomingMessage, res: ServerResponse, logger: Logger, metrics: Metrics): RequestRecord {
  const started = performance.now();
  const record: RequestRecord = { requestId: requestIdFrom(req.headers['x-request-id']), errorCodes: [] };
  res.setHeader('x-request-id', record.requestId);
  // 'close' comes for every request, also one whose caller went away or whose connection was
  // closed at the end of a shutdown's grace period ('finish' would not).
  res.once('close', () => {
    const aborted = !res.writableFinished;
    const status = aborted ? 499 : res.statusCode;
    if (status >= 400 && record.errorCodes.length === 0) record.errorCodes.push(aborted ? 'ABORTED' : codeForStatus(status));
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    metrics.request(record.org ? record.operationName : undefined, record.operationType, durationMs / 1000, record.errorCodes);
    logger.info(
      {
        requestId: record.requestId,
        operationName: record.operationName?.slice(0, 100) ?? null,
        operationType: record.operationType,
        org: record.org,
        status,
        durationMs,
        ...(record.errorCodes.length ? { errorCodes: record.errorCodes } : {}),
        ...(aborted ? { aborted: true } : {}),
      },
      'graphql request',
    );
  });
  return record;
}

/** beginRequest for express routes: the record in `res.locals.request`. */
export function requestLogging(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    res.locals.request = beginRequest(req, res, logger, metrics);
    next();
  };
}

/** A refusal made before GraphQL ran (CSRF prevention, a body that is not JSON or too large). */
function codeForStatus(status: number): string {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  return status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
}

/** What a request body that could not be taken is answered with (`type` as body-parser names the reason). */
function bodyRefusal(status: number, type: string | undefined): { errors: [{ message: string; extensions: { code: string } }] } {
  const message =
    status >= 500
      ? 'Internal server error'
      : type === 'entity.too.large'
        ? 'The request body is too large'
        : type === 'entity.parse.failed'
          ? 'The request body is not valid JSON'
          : 'The request body could not be read';
  return { errors: [{ message, extensions: { code: codeForStatus(status) } }] };
}

/** Answers a request whose body was not taken (readBody's refusal), and records its code. */
export function refuseBody(res: ServerResponse, record: RequestRecord, status: number, type: string | undefined): void {
  const answer = bodyRefusal(status, type);
  record.errorCodes.push(answer.errors[0].extensions.code);
  sendJson(res, status, answer);
}

/** A fault while serving a request off express: logged with its cause; a bare 500 if nothing was sent yet, else the connection is cut. */
export function failRequest(res: ServerResponse, record: RequestRecord, logger: Logger, error: unknown): void {
  logger.error({ err: error, requestId: record.requestId }, 'request failed');
  if (res.headersSent) res.destroy();
  else refuseBody(res, record, 500, undefined);
}

/**
 * Errors raised before Apollo sees the request (express.json: malformed or oversized bodies)
 * answered as GraphQL errors in JSON, with no stack or file path, and recorded for the log line;
 * anything else is a fault, logged with its cause.
 */
export function answerHttpErrors(logger: Logger): ErrorRequestHandler {
  return (error: { status?: number; statusCode?: number; type?: string }, _req, res, next) => {
    if (res.headersSent) return next(error);
    const record = res.locals.request as RequestRecord | undefined;
    const status = error.status ?? error.statusCode ?? 500;
    if (status >= 500) logger.error({ err: error, requestId: record?.requestId }, 'request failed');
    record?.errorCodes.push(codeForStatus(status));
    res.status(status).json(bodyRefusal(status, error.type));
  };
}

/**
 * For a request refused before execution (a bad bearer token): names its operation from the
 * request itself, so its log line says what was attempted.
 */
export function recordOperationOf(record: RequestRecord, params: unknown): void {
  const { query, operationName } = (params ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string' || query.length > 100_000) return;
  try {
    const operation = getOperationAST(parse(query), typeof operationName === 'string' ? operationName : undefined);
    record.operationName = operation?.name?.value;
    record.operationType = operation?.operation;
  } catch {
    // Not a GraphQL document: nothing to name.
  }
}

/** The operation a request runs, for its log line and metrics (whichever path answers it). */
export function recordOperation(record: RequestRecord, name: string | undefined, type: string | undefined): void {
  record.operationName = name;
  record.operationType = type;
}

/** Fills the request's record with what only GraphQL execution knows, and logs each fault with its cause. */
export function recordRequests(logger: Logger): ApolloServerPlugin<HttpContext> {
  return {
    async requestDidStart({ contextValue }) {
      const { record } = contextValue;
      return {
        async didResolveOperation({ operationName, operation }) {
          recordOperation(record, operationName ?? undefined, operation?.operation);
        },
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            const code = publicCode(error);
            record.errorCodes.push(code);
            if (code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error.originalError ?? error, requestId: record.requestId, operationName }, 'request failed');
          }
        },
      };
    },
  };
}
