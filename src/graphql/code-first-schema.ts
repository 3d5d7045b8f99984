import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, lexicographicSortSchema, parse, type DocumentNode } from 'graphql';
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

/** The code-first schema (type-graphql) and its resolvers, with the federation's reference resolvers beside them. */
export interface CodeFirstSchema {
  schema: GraphQLSchema;
  resolvers: GraphQLResolverMap<unknown>;
}

export async function buildCodeFirstSchema(): Promise<CodeFirstSchema> {
  plainFieldsResolveByProperty();
  const schema = await buildSchema({
    resolvers: [AuditResolver, EnvironmentResolver, ClientProviderResolver, ReconciliationFindingResolver, ClientResolver, NodeResolver, TokenResolver],
    authChecker,
    validate: false,
    skipCheck: true,
  });
  // type-graphql's and Apollo's resolver maps describe the same object with different typings.
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  // type-graphql wraps resolveType in an async function; graphql-jit needs the type at once.
  resolvers.Node = { ...(resolvers.Node as object), __resolveType: nodeTypeOf };
  for (const [type, resolveReference] of Object.entries(referenceResolvers)) {
    resolvers[type] = { ...(resolvers[type] as object), __resolveReference: resolveReference };
  }
  return { schema, resolvers };
}

/** The code-first schema's SDL with the @key directives and the Federation 2 link: what Apollo's buildSubgraphSchema is given. */
export const subgraphTypeDefs = (codeFirst: GraphQLSchema): DocumentNode =>
  parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(lexicographicSortSchema(codeFirst))}`);

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
