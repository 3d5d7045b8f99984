import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, lexicographicSortSchema, parse } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import { ClientProviderResolver } from './client-providers/client-provider.resolver.js';
import { ClientResolver } from './clients/client.resolver.js';
import { EnvironmentResolver } from './environments/environment.resolver.js';
import { TokenResolver } from './tokens/token.resolver.js';
import type { RequestContext } from './context.js';
import { loadNode, NodeResolver } from './node.resolver.js';
import type { NodeType } from '../core/ids.js';

export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

/** Federation resolves our entities by reference through the same batched, org-scoped path as node(id:). */
const referenceResolver = (type: NodeType) => (reference: { id: string }, ctx: RequestContext) => loadNode(ctx, reference.id, type);

/** The code-first schema made a Federation 2 subgraph. */
export async function buildGraphQLSchema(): Promise<GraphQLSchema> {
  const typeGraphQLSchema = await buildSchema({
    resolvers: [EnvironmentResolver, ClientProviderResolver, ClientResolver, NodeResolver, TokenResolver],
    validate: false,
    skipCheck: true,
  });
  const sdl = printSchemaWithDirectives(lexicographicSortSchema(typeGraphQLSchema));
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n\n${sdl}`),
    resolvers: {
      ...(createResolversMap(typeGraphQLSchema) as object),
      Environment: { ...resolversOf(typeGraphQLSchema, 'Environment'), __resolveReference: referenceResolver('Environment') },
      ClientProvider: { ...resolversOf(typeGraphQLSchema, 'ClientProvider'), __resolveReference: referenceResolver('ClientProvider') },
      Client: { ...resolversOf(typeGraphQLSchema, 'Client'), __resolveReference: referenceResolver('Client') },
    } as never,
  });
}

function resolversOf(schema: GraphQLSchema, typeName: string): object {
  return (createResolversMap(schema) as Record<string, object>)[typeName] ?? {};
}
