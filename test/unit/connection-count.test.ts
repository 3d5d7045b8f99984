import { execute, GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLSchema, parse, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { countFor } from '../../src/graphql/connection.js';

/** A connection whose page the test releases, and whose count says when it was started. */
function harness(count: () => Promise<number>) {
  let release!: () => void;
  const pageRead = new Promise<void>((resolve) => (release = resolve));
  let countsStartedBeforePage = 0;
  let pageDone = false;
  const Connection = new GraphQLObjectType({
    name: 'Connection',
    fields: {
      totalCount: { type: GraphQLInt, resolve: (connection: { countAll: () => Promise<number> }) => connection.countAll() },
      items: { type: new GraphQLList(GraphQLInt) },
    },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        list: {
          type: Connection,
          resolve: async (_root, _args, _context, info: GraphQLResolveInfo) => {
            const countAll = countFor(info, () => {
              if (!pageDone) countsStartedBeforePage++;
              return count();
            });
            await pageRead;
            pageDone = true;
            return { items: [1, 2], countAll };
          },
        },
      },
    }),
  });
  return {
    async run(query: string) {
      const result = execute({ schema, document: parse(query) });
      await new Promise((resolve) => setImmediate(resolve));
      const early = countsStartedBeforePage;
      release();
      return { result: await result, early };
    },
  };
}

describe('countFor: a connection count started beside its page', () => {
  it.each([
    ['asked directly', '{ list { totalCount items } }'],
    ['under an alias', '{ list { n: totalCount items } }'],
    ['in an inline fragment', '{ list { ... on Connection { totalCount } items } }'],
    ['in a named fragment', '{ list { ...Counted items } } fragment Counted on Connection { totalCount }'],
  ])('starts the count before the page is read when totalCount is %s, and counts once', async (_how, query) => {
    let calls = 0;
    const { result, early } = await harness(async () => (calls++, 7)).run(query);
    expect(early).toBe(1);
    expect(calls).toBe(1);
    expect(result.errors).toBeUndefined();
    expect(Object.values(result.data!.list as object)).toContain(7);
  });

  it('does not count when totalCount is not asked', async () => {
    let calls = 0;
    const { result, early } = await harness(async () => (calls++, 7)).run('{ list { items } }');
    expect(early).toBe(0);
    expect(calls).toBe(0);
    expect(result.data).toEqual({ list: { items: [1, 2] } });
  });

  it('reports a failed count once, at totalCount, with the page still answered', async () => {
    const { result } = await harness(() => Promise.reject(new Error('store unreachable'))).run('{ list { totalCount items } }');
    expect(result.errors?.map((error) => [error.message, error.path])).toEqual([['store unreachable', ['list', 'totalCount']]]);
    expect(result.data).toEqual({ list: { totalCount: null, items: [1, 2] } });
  });
});
