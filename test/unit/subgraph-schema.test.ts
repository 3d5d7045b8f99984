import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { execute, introspectionFromSchema, isAbstractType, isObjectType, parse, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCodeFirstSchema, buildGraphQLSchema, subgraphTypeDefs } from '../../src/graphql/schema.js';

/**
 * A start builds the served schema from the SDL that `npm run schema:emit` keeps
 * (src/graphql/subgraph-sdl.generated.ts) instead of running Apollo's buildSubgraphSchema: it must
 * be the schema Apollo makes of the code as it is now, with the same resolvers in the same places.
 */
let served: GraphQLSchema;
let apollo: GraphQLSchema;
beforeAll(async () => {
  served = await buildGraphQLSchema();
  const codeFirst = await buildCodeFirstSchema();
  apollo = buildSubgraphSchema({ typeDefs: subgraphTypeDefs(codeFirst.schema), resolvers: codeFirst.resolvers });
});

const sdlOf = (schema: GraphQLSchema) => (execute({ schema, document: parse('{ _service { sdl } }') }) as { data: { _service: { sdl: string } } }).data._service.sdl;

/** Where each schema has resolvers: a field's resolve, an abstract type's resolveType, an entity's reference resolver, a scalar's own functions. */
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
});
