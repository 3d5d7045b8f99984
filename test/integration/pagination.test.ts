import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientProviderClientsDocument, ClientProvidersDocument, ClientsDocument, EnvironmentClientsDocument, EnvironmentsDocument } from '../generated/graphql.js';
import { admin, startTestApp, type TestApp } from '../support/app.js';
import { seedClient, seedEnvironment, seedProvider } from '../support/seed.js';

/**
 * Relay pagination on every connection: `first`/`after` forward, `last`/`before` backward (the last
 * items before the cursor, in the list's order), the page info of both, and their refusals.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

interface Connection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor?: string | null; endCursor?: string | null };
  edges: { cursor: string; node: { name: string } }[];
}
type PageFetch = (args: { first?: number; after?: string | null; last?: number; before?: string | null }) => Promise<Connection>;

/** Every item, read forward in one page: the list's order. */
async function everything(fetch: PageFetch): Promise<string[]> {
  const all = await fetch({ first: 100 });
  expect(all.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  return all.edges.map((edge) => edge.node.name);
}

/**
 * Walks a list from its end to its start with `last: size`, each page before the previous page's
 * startCursor, checking each page's info, then that the pages put together are the whole list.
 */
async function walkBackward(fetch: PageFetch, size: number): Promise<string[][]> {
  const expected = await everything(fetch);
  expect(expected.length).toBeGreaterThan(size * 2); // at least three pages
  const pages: string[][] = [];
  let before: string | null = null;
  for (let step = 0; step < 50; step++) {
    const connection = await fetch(before === null ? { last: size } : { last: size, before });
    const names = connection.edges.map((edge) => edge.node.name);
    pages.unshift(names);
    const seen = pages.flat().length;
    // The last `size` items before the cursor, in the list's order.
    expect(names).toEqual(expected.slice(Math.max(0, expected.length - seen), expected.length - seen + names.length));
    expect(connection.totalCount).toBe(expected.length);
    expect(connection.pageInfo).toEqual({
      hasPreviousPage: seen < expected.length,
      hasNextPage: before !== null,
      startCursor: connection.edges[0]?.cursor ?? null,
      endCursor: connection.edges.at(-1)?.cursor ?? null,
    });
    if (!connection.pageInfo.hasPreviousPage) break;
    before = connection.pageInfo.startCursor!;
  }
  expect(pages.flat()).toEqual(expected);
  // Full pages from the end; only the first page of the list may be short.
  expect(pages.slice(1).every((page) => page.length === size)).toBe(true);
  // And forward from a backward page's endCursor continues where it ended.
  const secondToLast = await fetch({ last: size, before: (await fetch({ last: size })).pageInfo.startCursor });
  const following = await fetch({ first: size, after: secondToLast.pageInfo.endCursor });
  expect(following.edges.map((edge) => edge.node.name)).toEqual(expected.slice(-size));
  expect(following.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  return pages;
}

const FIRST_AND_LAST = /Give first or last, not both/;

describe('pagination, backward and forward', () => {
  it('walks the root environments from the end to the start', async () => {
    const org = admin('pg-environments');
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) await seedEnvironment(t, org, name, 'SANDBOX');
    const fetch: PageFetch = async (args) => (await t.run(org, EnvironmentsDocument, args)).environments;
    expect(await walkBackward(fetch, 2)).toEqual([['a'], ['b', 'c'], ['d', 'e'], ['f', 'g']]);
  });

  it('walks the root clientProviders from the end to the start', async () => {
    const org = admin('pg-providers');
    await seedEnvironment(t, org, 'Prod'); // makes the built-in provider, first in the list
    for (let i = 1; i <= 6; i++) await seedProvider(t, org, { name: `Okta ${i}`, vendor: 'OKTA', issuer: `https://example${i}.okta.com`, discover: false });
    const fetch: PageFetch = async (args) => (await t.run(org, ClientProvidersDocument, args)).clientProviders;
    const pages = await walkBackward(fetch, 3);
    expect(pages.slice(1)).toEqual([['Okta 1', 'Okta 2', 'Okta 3'], ['Okta 4', 'Okta 5', 'Okta 6']]);
  });

  it('walks the root clients from the end to the start, also a search of them', async () => {
    const org = admin('pg-clients');
    const environment = await seedEnvironment(t, org, 'Prod');
    for (let i = 0; i < 7; i++) {
      await seedClient(t, org, { environmentId: environment.id, name: `app ${i}` });
      await seedClient(t, org, { environmentId: environment.id, name: `other ${i}` });
    }
    const all: PageFetch = async (args) => (await t.run(org, ClientsDocument, args)).clients;
    expect((await walkBackward(all, 4)).flat()).toHaveLength(14);
    const searched: PageFetch = async (args) => (await t.run(org, ClientsDocument, { ...args, search: 'APP' })).clients;
    expect(await walkBackward(searched, 3)).toEqual([['app 0'], ['app 1', 'app 2', 'app 3'], ['app 4', 'app 5', 'app 6']]);
  });

  it('walks an environment’s clients and a provider’s clients from the end to the start', async () => {
    const org = admin('pg-nested');
    const prod = await seedEnvironment(t, org, 'Prod');
    const dev = await seedEnvironment(t, org, 'Dev');
    for (let i = 0; i < 7; i++) await seedClient(t, org, { environmentId: prod.id, name: `prod ${i}` });
    for (let i = 0; i < 3; i++) await seedClient(t, org, { environmentId: dev.id, name: `dev ${i}` });
    const ofEnvironment: PageFetch = async (args) => (await t.run(org, EnvironmentClientsDocument, { id: prod.id, ...args })).environment!.clients;
    expect(await walkBackward(ofEnvironment, 3)).toEqual([['prod 0'], ['prod 1', 'prod 2', 'prod 3'], ['prod 4', 'prod 5', 'prod 6']]);
    // The built-in provider holds the clients of both environments.
    const ofProvider: PageFetch = async (args) => (await t.run(org, ClientProviderClientsDocument, { id: prod.defaultClientProvider.id, ...args })).clientProvider!.clients;
    const pages = await walkBackward(ofProvider, 4);
    expect(pages).toEqual([['prod 0', 'prod 1'], ['prod 2', 'prod 3', 'prod 4', 'prod 5'], ['prod 6', 'dev 0', 'dev 1', 'dev 2']]);
  });

  it('reads the last clients of several environments in one request, each its own', async () => {
    const org = admin('pg-several');
    const sizes = [5, 1, 3];
    const environments = [];
    for (const [i, size] of sizes.entries()) {
      const environment = await seedEnvironment(t, org, `E${i}`);
      environments.push(environment);
      for (let c = 0; c < size; c++) await seedClient(t, org, { environmentId: environment.id, name: `E${i} ${c}` });
    }
    const response = await t.raw<{ environments: { edges: { node: { name: string; clients: Connection } }[] } }>(
      org,
      'query { environments(last: 3) { edges { node { name clients(last: 2) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { name } } } } } } }',
    );
    expect(response.errors).toBeUndefined();
    const byName = Object.fromEntries(response.data!.environments.edges.map(({ node }) => [node.name, node.clients]));
    expect(byName.E0!.edges.map((e) => e.node.name)).toEqual(['E0 3', 'E0 4']);
    expect(byName.E0!.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    expect(byName.E1!.edges.map((e) => e.node.name)).toEqual(['E1 0']);
    expect(byName.E1!.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: false });
    expect(byName.E2!.edges.map((e) => e.node.name)).toEqual(['E2 1', 'E2 2']);
    expect(byName.E2!.totalCount).toBe(3);
  });

  it('reads between two cursors: first from after, last from before', async () => {
    const org = admin('pg-window');
    const environment = await seedEnvironment(t, org, 'Prod');
    for (let i = 0; i < 8; i++) await seedClient(t, org, { environmentId: environment.id, name: `w${i}` });
    const { clients } = await t.run(org, ClientsDocument, { first: 8 });
    const cursor = (i: number) => clients.edges[i]!.cursor;
    const window = { after: cursor(1), before: cursor(6) };
    const forward = (await t.run(org, ClientsDocument, { ...window, first: 3 })).clients;
    expect(forward.edges.map((e) => e.node.name)).toEqual(['w2', 'w3', 'w4']);
    expect(forward.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const backward = (await t.run(org, ClientsDocument, { ...window, last: 3 })).clients;
    expect(backward.edges.map((e) => e.node.name)).toEqual(['w3', 'w4', 'w5']);
    expect(backward.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const all = (await t.run(org, ClientsDocument, { ...window, last: 10 })).clients;
    expect(all.edges.map((e) => e.node.name)).toEqual(['w2', 'w3', 'w4', 'w5']);
    expect(all.pageInfo.hasPreviousPage).toBe(false);
    // `before` alone reads backward with the default page size.
    const beforeAlone = (await t.run(org, ClientsDocument, { before: cursor(3) })).clients;
    expect(beforeAlone.edges.map((e) => e.node.name)).toEqual(['w0', 'w1', 'w2']);
  });

  it('refuses first together with last, a last out of bounds and a bad before cursor on every connection', async () => {
    const org = admin('pg-refusals');
    const environment = await seedEnvironment(t, org, 'Prod');
    const lists = [
      'environments(ARGS) { totalCount }',
      'clientProviders(ARGS) { totalCount }',
      'clients(ARGS) { totalCount }',
      `environment(id: "${environment.id}") { clients(ARGS) { totalCount } }`,
      `clientProvider(id: "${environment.defaultClientProvider.id}") { clients(ARGS) { totalCount } }`,
    ];
    for (const list of lists) {
      for (const [args, message] of [
        ['first: 2, last: 2', FIRST_AND_LAST],
        ['first: 0, last: 0', FIRST_AND_LAST],
        ['last: 101', /last must be between 0 and 100/],
        ['last: -1', /last must be between 0 and 100/],
        ['last: 1, before: "nope"', /before is not a cursor of this list/],
      ] as const) {
        const response = await t.raw(org, `query { ${list.replace('ARGS', args)} }`);
        expect(response.errors?.map((e) => e.extensions?.code), `${list} with ${args}`).toEqual(['BAD_USER_INPUT']);
        expect(response.errors![0]!.message).toMatch(message);
      }
      const empty = await t.raw(org, `query { ${list.replace('ARGS', 'last: 0')} }`);
      expect(empty.errors, list).toBeUndefined();
    }
  });
});
