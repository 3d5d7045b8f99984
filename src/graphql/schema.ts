import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, lexicographicSortSchema, parse } from 'graphql';
import { buildSchema, createResolversMap, getMetadataStorage } from 'type-graphql';
import { AuditResolver } from './audit/audit.resolver.js';
import { authChecker } from './auth-checker.js';
import { ClientProviderResolver, ReconciliationFindingResolver } from './client-providers/client-provider.resolver.js';
import { ClientResolver } from './clients/client.resolver.js';
import { EnvironmentResolver } from './environments/environment.resolver.js';
import { nodeTypeOf } from './node.js';
import { NodeResolver, referenceResolvers } from './node.resolver.js';
import { TokenResolver } from './tokens/token.resolver.js';

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

/**
 * The code-first schema made a Federation 2 subgraph (as type-graphql's federation example does):
 * its SDL with the @key directives, its resolvers, and each entity's reference resolver beside them.
 */
export async function buildGraphQLSchema(): Promise<GraphQLSchema> {
  plainFieldsResolveByProperty();
  const typeGraphQLSchema = await buildSchema({
    resolvers: [AuditResolver, EnvironmentResolver, ClientProviderResolver, ReconciliationFindingResolver, ClientResolver, NodeResolver, TokenResolver],
    authChecker,
    validate: false,
    skipCheck: true,
  });
  // type-graphql's and Apollo's resolver maps describe the same object with different typings.
  const resolvers = createResolversMap(typeGraphQLSchema) as GraphQLResolverMap<unknown>;
  // type-graphql wraps resolveType in an async function; graphql-jit needs the type at once.
  resolvers.Node = { ...(resolvers.Node as object), __resolveType: nodeTypeOf };
  for (const [type, resolveReference] of Object.entries(referenceResolvers)) {
    resolvers[type] = { ...(resolvers[type] as object), __resolveReference: resolveReference };
  }
  const sdl = printSchemaWithDirectives(lexicographicSortSchema(typeGraphQLSchema));
  return buildSubgraphSchema({ typeDefs: parse(`${FEDERATION_LINK}\n\n${sdl}`), resolvers });
}

/**
 * A field of an object type that is a plain property (no @FieldResolver, no @Authorized or
 * @UseMiddleware of its own or of its class, no schema name of its own; access is checked on the
 * resolvers that return the objects, and buildSchema is given no global middleware) is resolved
 * by reading the property, as graphql-js's default resolver does, instead of through
 * type-graphql's middleware chain. The executor (compiled-execution.ts) then reads it inline; a
 * field with a resolver costs a call and a resolve info for every object of a page.
 */
export function plainFieldsResolveByProperty(): void {
  const storage = getMetadataStorage();
  // What the decorators recorded (a field's `roles` and `middlewares` are only filled in while the
  // schema is built, after this), matched as type-graphql matches them: by declaring class and name.
  // A class's own @Authorized or @UseMiddleware applies to each of its fields.
  const checked = (target: Function, name: string) =>
    storage.authorizedFields.some((field) => field.target === target && field.fieldName === name) ||
    storage.middlewares.some((field) => field.target === target && field.fieldName === name) ||
    storage.authorizedResolver.some((type) => type.target === target) ||
    storage.resolverMiddlewares.some((type) => type.target === target);
  for (const field of storage.fields) {
    field.simple ??= field.name === field.schemaName && !checked(field.target, field.name);
  }
}
