import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { Logger } from 'pino';
import type { AuthSettings } from './auth.js';
import { GRAPHQL_BODY_LIMIT } from './graphql-endpoint.js';
import type { Metrics } from './metrics.js';
import { playgroundRouter } from './playground.js';
import { answerHttpErrors, requestLogging, type HttpContext, type RequestRecord } from './request-log.js';

export interface ExpressAppDeps {
  graphqlPath: string;
  apollo: ApolloServer<HttpContext>;
  context: (req: IncomingMessage, record: RequestRecord, params: unknown) => Promise<HttpContext>;
  cors?: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
  /** The playground, and with `signIn` its sign-in form (HttpSettings). */
  playground: boolean;
  signIn?: { auth: AuthSettings; logger: Logger };
  logger: Logger;
  metrics: Metrics;
}

/**
 * What the node:http paths leave (http.ts): GETs, CORS preflights and other media types at
 * /graphql, the playground and its sign-in, and every unknown path. Loaded on the first such
 * request, not at start: express, its body parsers and their character tables were a sixth of the
 * code a start compiled, and gateways' checks, consoles' queries, probes and scrapes never need them.
 */
export function expressApp(deps: ExpressAppDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const app = express();
  app.disable('x-powered-by');
  // No ETag: nothing here is fetched conditionally (GraphQL answers are POSTs), and express would
  // hash every answer (a console page is some 200 kB) to make one.
  app.set('etag', false);
  if (deps.cors) app.use(deps.graphqlPath, deps.cors);
  if (deps.playground) app.use(playgroundRouter(deps.graphqlPath, deps.signIn));
  app.use(
    deps.graphqlPath,
    requestLogging(deps.logger, deps.metrics),
    express.json({ limit: GRAPHQL_BODY_LIMIT }),
    expressMiddleware(deps.apollo, {
      context: ({ req, res }) => deps.context(req, res.locals.request as RequestRecord, req.method === 'GET' ? req.query : req.body),
    }),
    answerHttpErrors(deps.logger),
  );
  return app;
}
