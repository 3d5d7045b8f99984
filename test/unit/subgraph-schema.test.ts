import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { buildASTSchema, execute, introspectionFromSchema, isAbstractType, isEnumType, isObjectType, isScalarType, isSpecifiedScalarType, parse, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCodeFirstSchema, subgraphTypeDefs } from '../../src/graphql/code-first-schema.js';
import { assertDescribes, buildGraphQLSchema } from '../../src/graphql/schema.js';
import { SERVED_SDL } from '../../src/graphql/subgraph-sdl.generated.js';

/**
 * A start builds the served schema from the SDL that `npm run schema:emit` keeps
 * (src/graphql/subgraph-sdl.generated.ts) instead of running Apollo's buildSubgraphSchema: it must
 * be the schema Apollo makes of the code as it is now, with the same resolvers in the same places.
 */
let served: GraphQLSchema;
let apollo: GraphQLSchema;
let codeFirst: GraphQLSchema;
beforeAll(async () => {
  served = await buildGraphQLSchema();
  const built = await buildCodeFirstSchema();
  codeFirst = built.schema;
  apollo = buildSubgraphSchema({ typeDefs: subgraphTypeDefs(built.schema), resolvers: built.resolvers });
});

const sdlOf = (schema: GraphQLSchema) => (execute({ schema, document: parse('{ _service { sdl } }') }) as { data: { _service: { sdl: string } } }).data._service.sdl;

/** Where each schema has resolvers: a field's resolve, an abstract type's resolveType, an entity's reference resolver. */
function resolverPlaces(schema: GraphQLSchema): string[] {
  const places: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (field.resolve) places.push(`${type.name}.${field.name}`);
      if ((type.extensions as { apollo?: { subgraph?: { resolveReference?: unknown } } }).apollo?.subgraph?.resolveReference) places.push(`${type.name}.__resolveReference`);
    }
    if (isAbstractType(type) && type.resolveType) places.push(`${type.name}.__resolveType`);
  }
  return places.sort();
}

describe('the served schema', () => {
  it('is the schema Apollo builds of the code: the same SDL, directives included, and the same introspection', () => {
    expect(printSchemaWithDirectives(served)).toBe(printSchemaWithDirectives(apollo));
    expect(introspectionFromSchema(served)).toEqual(introspectionFromSchema(apollo));
  });

  it('answers _service with the SDL Apollo answers', () => {
    const sdl = sdlOf(served);
    expect(sdl).toContain('@key(fields: "id")');
    expect(sdl).toBe(sdlOf(apollo));
  });

  it('has resolvers where Apollo puts them, the code-first ones among them', () => {
    const places = resolverPlaces(served);
    expect(places).toEqual(resolverPlaces(apollo));
    expect(places).toEqual(expect.arrayContaining(['Query._entities', 'Query._service', '_Entity.__resolveType', 'Node.__resolveType', 'Client.__resolveReference', 'Query.environments']));
  });

  it('has the code-first scalars\' own functions and the enums\' internal values', () => {
    const custom = Object.values(codeFirst.getTypeMap()).filter((type) => isScalarType(type) && !isSpecifiedScalarType(type));
    expect(custom.map((type) => type.name)).toContain('DateTime');
    for (const type of custom) {
      const [ours, theirs] = [served.getType(type.name), apollo.getType(type.name)];
      if (!isScalarType(ours) || !isScalarType(theirs)) throw new Error(`${type.name} is not a scalar in both`);
      expect([ours.serialize, ours.parseValue, ours.parseLiteral]).toEqual([theirs.serialize, theirs.parseValue, theirs.parseLiteral]);
    }
    for (const type of Object.values(apollo.getTypeMap())) {
      const twin = served.getType(type.name);
      if (isEnumType(type) && isEnumType(twin)) expect(twin.getValues().map((v) => [v.name, v.value])).toEqual(type.getValues().map((v) => [v.name, v.value]));
    }
  });

  it('is refused at start when the generated SDL no longer describes the code', () => {
    expect(() => assertDescribes(served, codeFirst)).not.toThrow();
    const stale = (edit: (sdl: string) => string) => buildASTSchema(parse(edit(SERVED_SDL)), { assumeValidSDL: true });
    // A field the code has that the file lacks, one the code no longer has, a changed type, a type gone from the code.
    expect(() => assertDescribes(stale((sdl) => sdl.replace(/^  defaultClientProvider: ClientProvider!$/m, '')), codeFirst)).toThrow(/Environment differs.*npm run schema:emit/);
    expect(() => assertDescribes(stale((sdl) => sdl.replace(/^type Query \{$/m, 'type Query {\n  retired: Int')), codeFirst)).toThrow('Query differs');
    expect(() => assertDescribes(stale((sdl) => sdl.replace(/^  defaultClientProvider: ClientProvider!$/m, '  defaultClientProvider: ClientProvider')), codeFirst)).toThrow('Environment differs');
    expect(() => assertDescribes(stale((sdl) => `${sdl}\ntype Retired { id: ID! }\n`), codeFirst)).toThrow('Retired is no longer in the code');
  });
});
