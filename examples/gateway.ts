// An example gateway in front of the client-providers and API instances subgraphs, serving the
// supergraph composed by `npm run compose`. It passes the caller's bearer token (and x-request-id)
// on to every subgraph, which authenticate and scope the data themselves.
//
//   npm run compose && npm run example:gateway # http://localhost:4002/graphql (PORT, HOST override)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

/** What the gateway keeps of the incoming request, for its subgraph requests. */
export interface GatewayContext {
  authorization?: string;
  requestId?: string;
}

/** Sends each subgraph the caller's Authorization and x-request-id headers. */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    // Health checks and schema loading have no caller; only incoming operations carry these.
    const { authorization, requestId } = context as GatewayContext;
    if (authorization) request.http?.headers.set('authorization', authorization);
    if (requestId) request.http?.headers.set('x-request-id', requestId);
  }
}

/**
 * Asks every subgraph for its inline trace (ftv1) of each operation. Apollo's usage reporting
 * turns this on for the operations it samples; without it, this plugin does.
 */
export const captureSubgraphTraces: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart({ metrics }) {
    metrics.captureTraces = true;
  },
};

export interface GatewayOptions {
  supergraphSdl: string;
  /** Default: every interface. */
  host?: string;
  /** Default 4002; 0 for any free port. */
  port?: number;
  plugins?: ApolloServerPlugin<GatewayContext>[];
  /** The data source for each subgraph; subclass ForwardingDataSource to add to it. */
  buildService?: (subgraph: { name: string; url?: string }) => RemoteGraphQLDataSource<GatewayContext>;
}

export interface RunningGateway {
  url: string;
  stop(): Promise<void>;
}

export async function startGateway({
  supergraphSdl,
  host,
  port = 4002,
  plugins = [],
  buildService = ({ url }) => new ForwardingDataSource({ url }),
}: GatewayOptions): Promise<RunningGateway> {
  const gateway = new ApolloGateway({ supergraphSdl, buildService });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    plugins,
    // A failed subgraph fetch carries the subgraph's URL and raw answer in extensions.response:
    // internal detail that callers of the gateway need not see.
    formatError: ({ extensions, ...error }) => {
      const { response: _response, ...kept } = extensions ?? {};
      return { ...error, extensions: kept };
    },
  });
  const { url } = await startStandaloneServer(server, {
    listen: { host, port },
    context: async ({ req }) => ({
      authorization: req.headers.authorization,
      requestId: typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : undefined,
    }),
  });
  // stop() stops the gateway too, and closes the HTTP server after draining it.
  return { url: new URL('graphql', url).href, stop: () => server.stop() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const supergraphSdl = readFileSync(new URL('./supergraph.graphql', import.meta.url), 'utf8');
  const { url } = await startGateway({ supergraphSdl, host: process.env.HOST, port: Number(process.env.PORT ?? 4002) });
  console.log(`Gateway at ${url}`);
}
