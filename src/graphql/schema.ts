import { addResolversToSchema } from '@apollo/subgraph/dist/schema-helper/buildSchemaFromSDL.js';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { entitiesResolver } from '@apollo/subgraph/dist/types.js';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { buildASTSchema, GraphQLSchema, lexicographicSortSchema, parse, type DocumentNode, type GraphQLResolveInfo } from 'graphql';
import { buildSchema, createResolversMap, getMetadataStorage } from 'type-graphql';
import { AuditResolver } from './audit/audit.resolver.js';
import { authChecker } from './auth-checker.js';
import { ClientProviderResolver, ReconciliationFindingResolver } from './client-providers/client-provider.resolver.js';
import { ClientResolver } from './clients/client.resolver.js';
import { EnvironmentResolver } from './environments/environment.resolver.js';
import { nodeTypeOf } from './node.js';
import { NodeResolver, referenceResolvers } from './node.resolver.js';
import { SERVED_SDL, SUBGRAPH_SDL } from './subgraph-sdl.generated.js';
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
 * The code-first schema made a Federation 2 subgraph (as type-graphql's federation example does):
 * the subgraph Apollo's buildSubgraphSchema makes of its SDL, with its resolvers and each entity's
 * reference resolver beside them.
 *
 * Apollo's build (the subgraph's federation checks, then a graphql-js schema printed and rebuilt)
 * gives the same schema for the same code every time: `npm run schema:emit` runs it once and keeps
 * its two results in subgraph-sdl.generated.ts, the schema as served (with its directives) and the
 * SDL that `_service` answers. A start builds the served schema from its SDL and attaches the same
 * resolvers as buildSubgraphSchema does, with Apollo's own functions, without loading Apollo's
 * federation library (0.7 MB compiled) or running its checks (README, performance).
 * `npm run schema:check` fails while the file is not what the code gives, and
 * test/unit/subgraph-schema.test.ts compares this schema with Apollo's.
 */
export async function buildGraphQLSchema(): Promise<GraphQLSchema> {
  const { resolvers } = await buildCodeFirstSchema();
  const schema = buildASTSchema(parse(SERVED_SDL, { noLocation: true }), { assumeValidSDL: true });
  addResolversToSchema(schema, {
    Query: {
      _service: () => ({ sdl: SUBGRAPH_SDL }),
      _entities: (_source: unknown, { representations }: { representations: unknown[] }, context: unknown, info: GraphQLResolveInfo) => entitiesResolver({ representations, context, info }),
    },
    _Entity: { __resolveType: (parent: { __typename: string }) => parent.__typename },
  } as GraphQLResolverMap<unknown>);
  addResolversToSchema(schema, resolvers);
  return schema;
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
