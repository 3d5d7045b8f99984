import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { Orm } from '../store/orm.js';
import { pendingMigrations } from '../store/orm.js';
import { createVerifier } from './auth.js';
import { RequestContext, type AppServices } from './context.js';
import { buildGraphQLSchema } from './schema.js';

const KNOWN_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PROVIDER_UNAVAILABLE',
]);

export interface HttpApp {
  server: Server;
  apollo: ApolloServer<RequestContext>;
}

/** The HTTP surface: GraphQL at /graphql, health probes; nothing else. */
export async function createHttpApp(orm: Orm, services: AppServices): Promise<HttpApp> {
  const { logger } = services;
  const verify = createVerifier(services.config.auth);
  const app = express();
  app.disable('x-powered-by');
  const server = createServer(app);

  const logFaults: ApolloServerPlugin<RequestContext> = {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            if (typeof code !== 'string' || !KNOWN_CODES.has(code)) {
              logger.error({ err: error.originalError ?? error, requestId: contextValue.requestId, operationName }, 'request failed');
            }
          }
        },
      };
    },
  };

  const apollo = new ApolloServer<RequestContext>({
    schema: await buildGraphQLSchema(),
    includeStacktraceInErrorResponses: false,
    // main.ts owns signal handling: stop accepting, drain, close the store, then exit 0.
    stopOnTerminationSignals: false,
    logger,
    formatError: hideFaults,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: server }), logFaults],
  });
  await apollo.start();

  app.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/health/ready', async (_req, res) => {
    try {
      const pending = await pendingMigrations(orm);
      res.status(pending === 0 ? 200 : 503).json({ status: pending === 0 ? 'ok' : 'migrations pending', pending });
    } catch {
      res.status(503).json({ status: 'store unreachable' });
    }
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 100)) || randomUUID();
        const principal = await verify(req.headers.authorization);
        return new RequestContext(orm.em.fork() as RequestContext['em'], principal, services, requestId);
      },
    }),
  );
  return { server, apollo };
}

/** Faults reach callers as a bare INTERNAL_SERVER_ERROR: no message, path or stack from inside. */
function hideFaults(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && KNOWN_CODES.has(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
