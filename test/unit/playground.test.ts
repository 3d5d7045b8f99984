import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATIONS } from '../../src/http/playground.js';
import { buildGraphQLSchema } from '../../src/graphql/schema.js';

describe('the playground', () => {
  it('preloads example operations that are valid against the served schema', async () => {
    const document = parse(EXAMPLE_OPERATIONS);
    expect(validate(await buildGraphQLSchema(), document).map((e) => e.message)).toEqual([]);
    const names = document.definitions.map((d) => ('name' in d ? d.name?.value : undefined));
    expect(names).toEqual(expect.arrayContaining(['Environments', 'CreateEnvironment', 'RegisterClient']));
  });
});
