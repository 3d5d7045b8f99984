import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientsDocument, EnvironmentsWithEverythingDocument } from '../generated/graphql.js';
import { Client } from '../../src/store/entities/client.entity.js';
import { admin, startTestApp, TEST_HTTP, type TestApp } from '../support/app.js';
import { seedClient, seedEnvironment, seedLink, seedProvider } from '../support/seed.js';

/**
 * Resolvers batch: the number of SQL statements does not grow with the number of objects.
 * The statement budgets below are the numbers the README states.
 */
const ORG = 'batching';
const ENVIRONMENTS = 50;
let t: TestApp;
const environmentIds: string[] = [];
const clientIds: string[] = [];
let providerId: string;

beforeAll(async () => {
  // The resolvers' statements: no answer remembered (its one read of the data version, or only that, is
  // counted in remembered-answers.test.ts).
  t = await startTestApp({ http: { ...TEST_HTTP, rememberedAnswersMaxBytes: 0 } });
  providerId = (await seedProvider(t, admin(ORG), { name: 'Okta', vendor: 'OKTA', issuer: 'https://example.okta.com', discover: false })).id;
  for (let i = 0; i < ENVIRONMENTS; i++) {
    environmentIds.push((await seedEnvironment(t, admin(ORG), `env-${i}`, 'SANDBOX')).id);
    if (i % 2 === 0) {
      await seedLink(t, admin(ORG), { environmentId: environmentIds[i]!, clientProviderId: providerId });
    }
    // Most environments get 2 clients; every tenth gets 12, more than one page of 10.
    const clients = i % 10 === 0 ? 12 : 2;
    for (let c = 0; c < clients; c++) {
      clientIds.push((await seedClient(t, admin(ORG), { environmentId: environmentIds[i]!, name: `c-${c}` })).client.id);
    }
  }
}, 120_000);
afterAll(() => t?.close());

async function countStatements(work: () => Promise<unknown>): Promise<number> {
  t.statements.length = 0;
  await work();
  return t.statements.length;
}

describe('batching', () => {
  it('answers a page of 50 environments with providers, default provider and 10 clients each in 5 statements', async () => {
    let data: Awaited<ReturnType<typeof t.run<unknown, unknown>>> | undefined;
    const statements = await countStatements(async () => {
      data = await t.run(admin(ORG), EnvironmentsWithEverythingDocument, { first: 50, clientsFirst: 10 });
    });
    const { environments } = data as { environments: { totalCount: number; edges: { node: { clientProviders: unknown[]; clients: { totalCount: number; edges: unknown[]; pageInfo: { hasNextPage: boolean } } } }[] } };
    expect(environments.totalCount).toBe(ENVIRONMENTS);
    expect(environments.edges).toHaveLength(ENVIRONMENTS);
    expect(environments.edges[0]!.node.clients).toMatchObject({ totalCount: 12, pageInfo: { hasNextPage: true } });
    expect(environments.edges[0]!.node.clients.edges).toHaveLength(10);
    expect(environments.edges[0]!.node.clientProviders).toHaveLength(2);
    expect(environments.edges[1]!.node.clients).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false } });
    expect(environments.edges[1]!.node.clientProviders).toHaveLength(1);
    // environments page, environments count, links with their providers (which also answer the
    // default provider), client pages (one windowed query) and client counts: 5, whatever the number.
    expect(statements).toBe(5);
  });

  it('answers the same page with the last 10 clients of each environment, read backward, in 5 statements', async () => {
    let data: Awaited<ReturnType<typeof t.run<unknown, unknown>>> | undefined;
    const statements = await countStatements(async () => {
      data = await t.run(admin(ORG), EnvironmentsWithEverythingDocument, { first: 50, clientsLast: 10 });
    });
    type Clients = { totalCount: number; edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean } };
    const { environments } = data as { environments: { edges: { node: { clients: Clients } }[] } };
    expect(environments.edges).toHaveLength(ENVIRONMENTS);
    const [twelve, two] = [environments.edges[0]!.node.clients, environments.edges[1]!.node.clients];
    expect(twelve).toMatchObject({ totalCount: 12, pageInfo: { hasNextPage: false, hasPreviousPage: true } });
    expect(twelve.edges.map((e) => e.node.id)).toEqual(clientIds.slice(2, 12)); // the first environment's last 10, in order
    expect(two).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false, hasPreviousPage: false } });
    expect(two.edges.map((e) => e.node.id)).toEqual(clientIds.slice(12, 14));
    expect(statements).toBe(5);
  });

  it('answers a searched page of clients in 2 statements, its count from the clients and an unfiltered count from the tally', async () => {
    const searched: string[] = [];
    const statements = await countStatements(async () => {
      const { clients } = await t.run(admin(ORG), ClientsDocument, { search: 'C-1', first: 10 });
      // "c-1" and "c-10", "c-11" of the environments with 12 clients.
      expect(clients.totalCount).toBe(ENVIRONMENTS + 2 * (ENVIRONMENTS / 10));
      expect(clients.edges).toHaveLength(10);
      searched.push(...t.statements);
    });
    expect(statements).toBe(2); // the page and its count
    expect(searched.some((sql) => /client_tally/.test(sql))).toBe(false);
    const unfiltered = await countStatements(async () => {
      const { clients } = await t.run(admin(ORG), ClientsDocument, { first: 10 });
      expect(clients.totalCount).toBe(clientIds.length);
    });
    expect(unfiltered).toBe(2);
    expect(t.statements.filter((sql) => /client_tally/.test(sql))).toHaveLength(1);
  });

  it('answers a page of clients whose secret expires soon in 2 statements, its count from the clients', async () => {
    // The built-in provider's secrets never expire: as if an IdP had said so of every "c-1".
    const soon = new Date(Date.now() + 86_400_000);
    await t.app.orm.em.fork().nativeUpdate(Client, { orgId: ORG, name: 'c-1' }, { secretExpiresAt: soon });
    const filtered: string[] = [];
    const statements = await countStatements(async () => {
      const { clients } = await t.run(admin(ORG), ClientsDocument, { secretExpiresBefore: new Date(soon.getTime() + 1000).toISOString(), first: 10 });
      expect(clients.totalCount).toBe(ENVIRONMENTS);
      expect(clients.edges).toHaveLength(10);
      filtered.push(...t.statements);
    });
    expect(statements).toBe(2); // the page and its count
    expect(filtered.some((sql) => /client_tally/.test(sql))).toBe(false);
  });

  it('resolves 100 _entities representations of one type in one statement, and of three types in three', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Client { id clientId } ... on Environment { id name } ... on ClientProvider { id name } } }`;
    const clients = clientIds.slice(0, 100).map((id) => ({ __typename: 'Client', id }));
    let response: Awaited<ReturnType<typeof t.raw>> | undefined;
    const oneType = await countStatements(async () => {
      response = await t.raw(admin(ORG), query, { r: clients });
    });
    const entities = (response!.data as { _entities: ({ id: string } | null)[] })._entities;
    expect(entities.map((e) => e?.id)).toEqual(clients.map((c) => c.id));
    expect(oneType).toBe(1);

    const mixed = [
      ...clientIds.slice(0, 60).map((id) => ({ __typename: 'Client', id })),
      ...environmentIds.slice(0, 39).map((id) => ({ __typename: 'Environment', id })),
      { __typename: 'ClientProvider', id: providerId },
    ];
    const threeTypes = await countStatements(async () => {
      response = await t.raw(admin(ORG), query, { r: mixed });
    });
    const mixedEntities = (response!.data as { _entities: ({ id: string } | null)[] })._entities;
    expect(mixedEntities.map((e) => e?.id)).toEqual(mixed.map((m) => m.id));
    expect(threeTypes).toBe(3);
  });
});
