import { addResolversToSchema } from '@apollo/subgraph/dist/schema-helper/buildSchemaFromSDL.js';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { entitiesResolver } from '@apollo/subgraph/dist/types.js';
import { buildASTSchema, GraphQLSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isUnionType, parse, type GraphQLArgument, type GraphQLNamedType, type GraphQLResolveInfo } from 'graphql';
import { buildCodeFirstSchema } from './code-first-schema.js';
import { SERVED_SDL, SUBGRAPH_SDL } from './subgraph-sdl.generated.js';

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
 * federation library (0.7 MB compiled) or running its checks (docs/performance.md).
 * `npm run schema:check` fails while the file is not what the code gives, and
 * test/unit/subgraph-schema.test.ts compares this schema with Apollo's; a start from a file that
 * no longer describes the code (a resolver changed, `npm run dev`, no `schema:emit`) fails with a
 * message that says so, instead of serving fields without their resolvers.
 */
export async function buildGraphQLSchema(): Promise<GraphQLSchema> {
  const { schema: codeFirst, resolvers } = await buildCodeFirstSchema();
  const schema = buildASTSchema(parse(SERVED_SDL, { noLocation: true }), { assumeValidSDL: true });
  assertDescribes(schema, codeFirst);
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

/** What a type is, as far as the code decides it: its kind, and its fields with their arguments, values or members (in any order: the SDL is sorted). */
function shapeOf(type: GraphQLNamedType, ignoredFields: ReadonlySet<string>): string {
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
    const fields = Object.values(type.getFields())
      .filter((field) => !ignoredFields.has(field.name))
      .map((field) => {
        const args = ((field as { args?: readonly GraphQLArgument[] }).args ?? []).map((arg) => `${arg.name}: ${String(arg.type)}`);
        return `${field.name}(${args.sort().join(', ')}): ${String(field.type)}`;
      });
    const kind = isObjectType(type) ? 'type' : isInterfaceType(type) ? 'interface' : 'input';
    const interfaces = isInputObjectType(type) ? [] : type.getInterfaces().map((i) => i.name).sort();
    return `${kind} ${interfaces.join('&')} { ${fields.sort().join('; ')} }`;
  }
  if (isEnumType(type)) return `enum { ${type.getValues().map((value) => value.name).sort().join(' ')} }`;
  if (isUnionType(type)) return `union ${type.getTypes().map((member) => member.name).sort().join(' | ')}`;
  return 'scalar';
}

/** Types and fields the federation adds to the code-first schema. */
const FEDERATION_TYPE = /^(_|link__|federation__)/;
const FEDERATION_QUERY_FIELDS = new Set(['_entities', '_service']);
const NO_FIELDS = new Set<string>();

/**
 * Throws unless the served schema (from the generated SDL) has the code-first schema's types, each
 * with the same fields, arguments, values and members, and nothing else but the federation's own.
 */
export function assertDescribes(served: GraphQLSchema, codeFirst: GraphQLSchema): void {
  const queryName = served.getQueryType()?.name;
  const problems: string[] = [];
  for (const type of Object.values(codeFirst.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const twin = served.getType(type.name);
    if (!twin) problems.push(`${type.name} is missing`);
    else if (shapeOf(twin, twin.name === queryName ? FEDERATION_QUERY_FIELDS : NO_FIELDS) !== shapeOf(type, NO_FIELDS)) problems.push(`${type.name} differs`);
  }
  for (const name of Object.keys(served.getTypeMap())) {
    if (!name.startsWith('__') && !FEDERATION_TYPE.test(name) && !codeFirst.getType(name)) problems.push(`${name} is no longer in the code`);
  }
  if (problems.length > 0) {
    throw new Error(`src/graphql/subgraph-sdl.generated.ts does not describe the code (${problems.slice(0, 5).join('; ')}): run \`npm run schema:emit\``);
  }
}
