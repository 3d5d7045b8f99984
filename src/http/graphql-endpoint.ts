import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';
import type { Logger } from 'pino';
import type { PreparedOperation } from '../graphql/compiled-execution.js';
import { endSoon, hasBodyOf, readBody, type BodyRefusal } from './body.js';
import type { Metrics } from './metrics.js';
import { beginRequest, failRequest, recordOperation, refuseBody, type RequestRecord } from './request-log.js';

/** The largest GraphQL request body taken, in bytes (as express.json's limit on the other paths). */
export const GRAPHQL_BODY_LIMIT = 1024 * 1024;

/** Connect-style middleware (cors), run before the request is taken. */
type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export interface GraphQLEndpointDeps<Context extends BaseContext> {
  path: string;
  apollo: ApolloServer<Context>;
  /** The request's GraphQL context; may throw a GraphQLError (a refused bearer token). */
  context: (req: IncomingMessage, record: RequestRecord, body: unknown) => Promise<Context>;
  cors?: Middleware;
  logger: Logger;
  metrics: Metrics;
  /** Queries Apollo has already run compiled, by text and requested operation name (compiledExecution's `prepared`). */
  prepared?: (query: string, operationName: string | undefined) => PreparedOperation | undefined;
  /** False once the server is shutting down: from then on Apollo Server answers every request. */
  accepting?: () => boolean;
}

/** What a prepared operation's answer carries: Apollo's own content type for a single JSON result. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Accept headers for which Apollo Server answers a single result as application/json (any other is negotiated by Apollo). */
const JSON_ACCEPTED = new Set(['', '*/*', 'application/json']);

/**
 * GraphQL's own request path: `POST <path>` with a JSON body in UTF-8, read and handed to Apollo
 * Server without passing through express (its router, body parser and response helpers were a
 * tenth of a cached `authorizeToken`). Everything else it leaves to express (returns false): GETs,
 * the playground, other content types and encodings, which express.json answers or refuses as
 * before. What it takes it answers as express.json would: 413 past the limit, 400 for a body that
 * is not a JSON object or array, `{}` for an empty one; every request gets its log line and ID.
 */
export function graphqlEndpoint<Context extends BaseContext>(deps: GraphQLEndpointDeps<Context>): (req: IncomingMessage, res: ServerResponse) => boolean {
  const { path, apollo, logger, metrics } = deps;
  return (req, res) => {
    if (req.method !== 'POST' || !hasBodyOf(req, 'application/json') || !isPath(req.url, path)) return false;
    const record = beginRequest(req, res, logger, metrics);
    const serve = () =>
      readJson(req).then(
        (body) => respond(req, res, record, body),
        (refusal: BodyRefusal) => refuseBody(res, record, refusal.status, refusal.type),
      );
    if (deps.cors) deps.cors(req, res, (error) => (error ? failRequest(res, record, logger, error) : void serve()));
    else void serve();
    return true;
  };

  /**
   * A prepared query, answered without Apollo's per-request pipeline: true once answered. The
   * context is made once, here; a request not answered here goes on to Apollo with the context
   * returned (or its refusal). Undefined when the request is not a prepared query's.
   */
  async function answerPrepared(req: IncomingMessage, res: ServerResponse, record: RequestRecord, body: unknown): Promise<true | (() => Promise<Context>) | undefined> {
    if (!deps.prepared || deps.accepting?.() === false) return undefined;
    const request = preparedRequest(req, body);
    const operation = request && deps.prepared(request.query, request.operationName);
    if (!request || !operation) return undefined;
    let context: Context;
    try {
      context = await deps.context(req, record, body);
    } catch (error) {
      return () => Promise.reject(error);
    }
    recordOperation(record, operation.name, 'query');
    const answer = await operation.run(context, request.variables);
    if (!answer) return () => Promise.resolve(context);
    metrics.preparedAnswer();
    res.statusCode = 200;
    res.setHeader('content-type', JSON_CONTENT_TYPE);
    res.setHeader('content-length', answer.length);
    endSoon(res, answer);
    return true;
  }

  async function respond(req: IncomingMessage, res: ServerResponse, record: RequestRecord, body: unknown): Promise<void> {
    try {
      const prepared = await answerPrepared(req, res, record, body);
      if (prepared === true) return;
      const context = prepared ?? (() => deps.context(req, record, body));
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const query = req.url!.indexOf('?');
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers, search: query === -1 ? '' : req.url!.slice(query), body },
        context,
      });
      await send(res, response);
    } catch (error) {
      failRequest(res, record, logger, error);
    }
  }
}

async function send(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    // Encoded once: its length is then the buffer's (a console page is some 200 kB of text).
    const body = Buffer.from(response.body.string, 'utf8');
    res.setHeader('content-length', body.length);
    endSoon(res, body);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * The request as a prepared operation may answer it: a single operation sent by its text (no
 * extensions such as a persisted query's hash), for a single JSON result, without a gateway's
 * request for an inline trace. Anything else is Apollo's (undefined), which also refuses what is
 * malformed as it always has.
 */
function preparedRequest(req: IncomingMessage, body: unknown): { query: string; operationName: string | undefined; variables: Record<string, unknown> | undefined } | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { query, operationName, variables, extensions } = body as Record<string, unknown>;
  if (typeof query !== 'string' || extensions !== undefined) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  if (!JSON_ACCEPTED.has(req.headers.accept ?? '') || req.headers['apollo-federation-include-trace'] !== undefined) return undefined;
  return { query, operationName: operationName ?? undefined, variables: (variables ?? undefined) as Record<string, unknown> | undefined };
}

function isPath(url: string | undefined, path: string): boolean {
  if (!url?.startsWith(path)) return false;
  return url.length === path.length || url[path.length] === '?';
}

/** The body parsed as express.json (strict) parses it: an object or an array; `{}` when empty. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req, GRAPHQL_BODY_LIMIT);
  if (text.length === 0) return {};
  const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(text)?.[1];
  if (first === '{' || first === '[') {
    try {
      return JSON.parse(text);
    } catch {
      // answered below
    }
  }
  throw { status: 400, type: 'entity.parse.failed' } satisfies BodyRefusal;
}
