import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import cors from 'cors';
import { GraphQLError, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import type { Orm } from '../store/orm.js';
import { pendingMigrations } from '../store/orm.js';
import type { Logger } from 'pino';
import { ErrorCode } from '../core/errors.js';
import type { Domain } from '../domains/services.js';
import type { Invalidations } from '../store/invalidations.js';
import { isTokenLimitError, QueryLimiter, queryLimitsPlugin, type QueryLimits } from '../graphql/query-limits.js';
import { buildGraphQLSchema } from '../graphql/schema.js';
import { compiledExecution } from '../graphql/compiled-execution.js';
import { DEFAULT_REMEMBERED_ANSWERS_BYTES, RememberedAnswers } from '../graphql/remembered-answers.js';
import { dataVersion } from '../store/data-versions.js';
import { createVerifier, type AuthSettings } from './auth.js';
import type { Metrics } from './metrics.js';
import { graphqlEndpoint } from './graphql-endpoint.js';
import { introspectionEndpoint } from './introspection-endpoint.js';
import { probes } from './probes.js';
import { sharedUntilRejected } from '../core/shared-until-rejected.js';
import { failRequest, HttpContext, beginRequest, publicCode, recordOperationOf, recordRequests, type RequestRecord } from './request-log.js';

const GRAPHQL_PATH = '/graphql';

/**
 * Parsed and validated documents Apollo keeps (least recently sent dropped first). Apollo's default
 * bounds them by 30 MiB of their JSON, but a parsed document with its locations takes several times
 * its JSON: a caller sending ever new documents grew the heap past `npm start`'s 192 MB.
 */
const DOCUMENTS_KEPT = 1000;

/** The HTTP surface's settings. */
export interface HttpSettings {
  /** Browser origins allowed to call the API cross-origin; '*' for any, empty for none. */
  corsOrigins: string[] | '*';
  /** Serve the GraphiQL playground at the GraphQL URL to browsers. */
  playground: boolean;
  /**
   * With the playground: offer its sign-in form and POST /playground/dev-token, which signs
   * development tokens for anyone who asks. Only for a generated development JWT secret outside
   * production (config.ts decides); absent: off.
   */
  playgroundSignIn?: boolean;
  /** Answer schema introspection queries (the playground's documentation needs it). */
  introspection: boolean;
  /** Runs of an operation by graphql-js before it is compiled by graphql-jit (0: at once; absent: DEFAULT_COMPILE_AFTER_RUNS); null: never compiled. */
  compileAfterRuns?: number | null;
  /** Bytes of remembered answers kept (graphql/remembered-answers.ts); 0: none remembered; absent: DEFAULT_REMEMBERED_ANSWERS_BYTES. */
  rememberedAnswersMaxBytes?: number;
  /** Serve Prometheus metrics at /metrics. */
  metrics: boolean;
  /** Serve them on this port (same host) instead of the API's; undefined: the API's port. */
  metricsPort?: number;
  /** When set, /metrics answers only `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string;
  /** How long in-flight requests may take to finish on shutdown before their connections are closed. */
  shutdownGraceMs: number;
}

export interface HttpDeps {
  http: HttpSettings;
  queryLimits: QueryLimits;
  auth: AuthSettings;
  domain: Domain;
  logger: Logger;
  metrics: Metrics;
  invalidations: Invalidations;
}

export interface HttpApp {
  server: Server;
  apollo: ApolloServer<HttpContext>;
  /** Readiness answers 503 from now on (the app is shutting down). */
  markStopping(): void;
}

/** The HTTP surface: GraphQL (and the playground) at /graphql, health probes, metrics. */
export async function createHttpApp(orm: Orm, deps: HttpDeps): Promise<HttpApp> {
  const { logger, metrics, http: settings, domain } = deps;
  const verify = createVerifier(deps.auth);
  // The gateways' and the console's requests (graphqlEndpoint: POST /graphql with a JSON body;
  // introspectionEndpoint: RFC 7662), probes and scrapes are taken on node:http's own objects;
  // every other request goes to express, loaded on the first one (express-app.ts).
  const introspection = introspectionEndpoint({ verify, domain, orm, logger, metrics });
  let takeGraphQL: (req: IncomingMessage, res: ServerResponse) => boolean = () => false;
  // A failed load (or a throw while building the app) is not kept: the next request that needs
  // express tries again (a chunk replaced under a running process, a passing fault).
  const express = sharedUntilRejected(async () => (await import('./express-app.js')).expressApp(expressDeps));
  const server = createServer((req, res) => {
    if (takeGraphQL(req, res) || introspection(req, res) || probe(req, res)) return;
    // A failed load (or a throw out of express) is answered as any fault off express: logged, a bare 500, or the connection cut once headers are out.
    express()
      .then((app) => app(req, res))
      .catch((error: unknown) => failRequest(res, beginRequest(req, res, logger, metrics), logger, error));
  });
  let stopping = false;

  const limiter = new QueryLimiter(deps.queryLimits);
  const execution = compiledExecution(await buildGraphQLSchema(), { compileAfterRuns: settings.compileAfterRuns, onCompiled: () => metrics.operationCompiled(), limiter });
  const rememberedBytes = settings.rememberedAnswersMaxBytes ?? DEFAULT_REMEMBERED_ANSWERS_BYTES;
  const remembered =
    rememberedBytes > 0
      ? new RememberedAnswers({ maxBytes: rememberedBytes, versionOf: (org) => dataVersion(orm, org), onAnswer: (hit) => metrics.rememberedAnswer(hit) })
      : undefined;
  const apollo = new ApolloServer<HttpContext>({
    gateway: execution.gateway,
    includeStacktraceInErrorResponses: false,
    introspection: settings.introspection,
    // The first query limit: a document with too many tokens is not even parsed.
    parseOptions: { maxTokens: deps.queryLimits.maxTokens },
    documentStore: new InMemoryLRUCache<DocumentNode>({ max: DOCUMENTS_KEPT }),
    // Kept on (Apollo's default, stated so it stays): a GET or a "simple" POST without a
    // preflight-forcing header is refused, so a browser on another site cannot make a caller's
    // browser run operations.
    csrfPrevention: true,
    // main.ts owns signal handling: stop accepting, drain, close the store, then exit 0.
    stopOnTerminationSignals: false,
    logger,
    formatError: (formatted) => hideFaults(formatted, settings.introspection),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server, stopGracePeriodMillis: settings.shutdownGraceMs }),
      // Apollo's own landing page loads from a CDN; the playground below is served from here.
      ApolloServerPluginLandingPageDisabled(),
      // The subgraph sets no cache hints; Apollo's cache-control plugin would wrap every field resolution for nothing.
      ApolloServerPluginCacheControlDisabled(),
      recordRequests(logger),
      queryLimitsPlugin<HttpContext>(limiter, execution.ranAhead),
    ],
  });
  await apollo.start();

  const probe = probes({
    ready: async () => {
      if (stopping) return { status: 503, body: { status: 'stopping' } };
      const pending = await pendingMigrations(orm);
      // A replica that cannot hear other replicas' changes still answers correctly (from the IdPs,
      // not from its caches): ready, and it says so.
      const invalidations = deps.invalidations.state();
      const status = pending > 0 ? 'migrations pending' : invalidations.inSync ? 'ok' : 'invalidations lagging';
      return { status: pending === 0 ? 200 : 503, body: { status, pending, invalidations } };
    },
    metrics: settings.metrics && settings.metricsPort === undefined ? metrics : undefined,
    metricsToken: settings.metricsToken,
  });
  const corsHandler =
    settings.corsOrigins === '*' || settings.corsOrigins.length > 0
      ? cors({
          origin: settings.corsOrigins,
          methods: ['GET', 'POST'],
          allowedHeaders: ['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'],
          exposedHeaders: ['x-request-id'],
          maxAge: 600,
        })
      : undefined;

  /** The request's context: its caller from the bearer token (refused here if the token is), the domain, its record. */
  const contextFor = async (req: IncomingMessage, record: RequestRecord, params: unknown): Promise<HttpContext> => {
    try {
      const principal = await verify(req.headers.authorization);
      record.org = principal?.org;
      return new HttpContext(() => orm.em.fork() as HttpContext['em'], principal, domain, record);
    } catch (error) {
      // A refused token never reaches execution; its code still belongs in the log line.
      record.errorCodes.push(error instanceof GraphQLError ? publicCode(error) : 'INTERNAL_SERVER_ERROR');
      recordOperationOf(record, params);
      throw error;
    }
  };
  takeGraphQL = graphqlEndpoint({
    path: GRAPHQL_PATH,
    apollo,
    context: contextFor,
    cors: corsHandler,
    logger,
    metrics,
    prepared: (query, operationName) => {
      const operation = execution.prepared(query, operationName);
      return operation && remembered ? remembered.remembering(operation) : operation;
    },
    accepting: () => !stopping,
  });
  const expressDeps = {
    graphqlPath: GRAPHQL_PATH,
    apollo,
    context: contextFor,
    cors: corsHandler,
    playground: settings.playground,
    signIn: settings.playgroundSignIn ? { auth: deps.auth, logger } : undefined,
    logger,
    metrics,
  };
  return {
    server,
    apollo,
    markStopping() {
      stopping = true;
    },
  };
}

/**
 * Faults reach callers as a bare INTERNAL_SERVER_ERROR: no message, path or stack from inside. The
 * parser's token limit answers as the other query limits do; without introspection, validation
 * messages suggest no field names.
 */
function hideFaults(formatted: GraphQLFormattedError, introspection: boolean): GraphQLFormattedError {
  const code = publicCode(formatted);
  if (code === ErrorCode.QUERY_TOO_COMPLEX && isTokenLimitError(formatted.message)) {
    return { message: formatted.message.replace(/^Syntax Error: /, ''), extensions: { code, limit: 'tokens' } };
  }
  if (code !== 'INTERNAL_SERVER_ERROR') {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    const message = introspection ? formatted.message : formatted.message.replace(/ Did you mean .*\?$/, '');
    return { ...formatted, message, extensions };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
