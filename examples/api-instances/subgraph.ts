// An example second subgraph: API instances, each deployed in an Environment and called by Clients
// of the client-providers subgraph. It holds its data in memory and checks no bearer token; a real
// subgraph would verify the token the gateway forwards and scope its data to the caller's org.
//
//   npm run example:api-instances # http://localhost:4001/graphql (PORT, HOST override)
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse } from 'graphql';

export const apiInstancesSdl = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');

interface ApiInstance {
  id: string;
  name: string;
  environmentId: string;
  consumerClientIds: string[];
}

export interface RunningSubgraph {
  url: string;
  stop(): Promise<void>;
}

/** Listens on host (default: every interface) and port (0 for any free one). */
export async function startApiInstancesSubgraph({ host, port = 4001 }: { host?: string; port?: number } = {}): Promise<RunningSubgraph> {
  const instances = new Map<string, ApiInstance>();

  const resolvers = {
    Query: {
      apiInstances: () => [...instances.values()],
    },
    Mutation: {
      addApiInstance(_: unknown, args: { name: string; environmentId: string; consumerClientIds: string[] }) {
        const name = args.name.trim();
        if (!name) throw new GraphQLError('name must not be blank', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'name' } });
        const instance = { id: randomUUID(), name, environmentId: args.environmentId, consumerClientIds: args.consumerClientIds };
        instances.set(instance.id, instance);
        return instance;
      },
    },
    ApiInstance: {
      __resolveReference: ({ id }: { id: string }) => instances.get(id) ?? null,
      // Entities of another subgraph are returned as representations: the key is enough.
      environment: (instance: ApiInstance) => ({ __typename: 'Environment', id: instance.environmentId }),
      consumers: (instance: ApiInstance) => instance.consumerClientIds.map((id) => ({ __typename: 'Client', id })),
    },
    Environment: {
      // The gateway sends { __typename, id } for an environment the other subgraph resolved.
      __resolveReference: ({ id }: { id: string }) => ({ id }),
      apiInstances: ({ id }: { id: string }) => [...instances.values()].filter((instance) => instance.environmentId === id),
    },
  };

  const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs: parse(apiInstancesSdl), resolvers }) });
  const { url } = await startStandaloneServer(server, { listen: { host, port } });
  return { url: new URL('graphql', url).href, stop: () => server.stop() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await startApiInstancesSubgraph({ host: process.env.HOST, port: Number(process.env.PORT ?? 4001) });
  console.log(`API instances subgraph at ${url}`);
}
