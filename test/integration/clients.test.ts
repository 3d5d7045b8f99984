import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClientDocument,
  ClientsDocument,
  DeleteClientDocument,
  RegisterClientDocument,
  RotateClientSecretDocument,
  UpdateClientDocument,
  VerifyClientCredentialsDocument,
  type ClientsQueryVariables,
} from '../generated/graphql.js';
import { ClientStatus } from '../../src/core/model.js';
import { Client } from '../../src/store/entities/client.entity.js';
import { admin, gateway, member, startTestApp, type TestApp } from '../support/app.js';
import { TEST_DB } from '../support/database.js';
import { seedClient, seedEnvironment } from '../support/seed.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const verify = (org: string, environmentId: string, clientId: string, clientSecret: string) =>
  t.run(gateway(org), VerifyClientCredentialsDocument, { environmentId, clientId, clientSecret }).then((d) => d.verifyClientCredentials);

describe('clients of the built-in provider', () => {
  it('registers with the default provider, returns the secret once, and verifies it', async () => {
    const org = 'cl-register';
    const env = await seedEnvironment(t, admin(org), 'Prod');
    const { registerClient } = await t.run(member(org), RegisterClientDocument, {
      input: {
        environmentId: env.id,
        name: ' Portal ',
        description: 'Developer portal',
        redirectUris: ['https://portal.example.com/callback', 'com.example.app:/cb'],
        scopes: ['read', 'write', 'read'],
      },
    });
    expect(registerClient.userErrors).toEqual([]);
    const client = registerClient.client!;
    expect(client).toMatchObject({
      name: 'Portal',
      description: 'Developer portal',
      grantTypes: ['authorization_code'],
      scopes: ['read', 'write'],
      status: 'ACTIVE',
      hasClientSecret: true,
      provider: { id: env.defaultClientProvider.id, builtIn: true },
      environment: { id: env.id },
    });
    expect(client.clientId).toMatch(/^pf_[0-9a-f]{32}$/);
    expect(registerClient.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const read = await t.run(member(org), ClientDocument, { id: client.id });
    expect(JSON.stringify(read)).not.toContain(registerClient.clientSecret!);
    expect(await verify(org, env.id, client.clientId!, registerClient.clientSecret!)).toBe(true);
    expect(await verify(org, env.id, client.clientId!, registerClient.clientSecret!.slice(1))).toBe(false);
    const otherEnv = await seedEnvironment(t, admin(org), 'Other');
    expect(await verify(org, otherEnv.id, client.clientId!, registerClient.clientSecret!)).toBe(false);
  });

  it('returns the same client and secret when retried with the same idempotency key', async () => {
    const org = 'cl-idempotent';
    const env = await seedEnvironment(t, admin(org), 'Prod');
    const input = { environmentId: env.id, name: 'Retried', idempotencyKey: 'req-42' };
    const [first, ...rest] = await Promise.all([1, 2, 3].map(() => t.run(member(org), RegisterClientDocument, { input })));
    for (const other of rest) {
      expect(other.registerClient.client?.id).toBe(first!.registerClient.client!.id);
      expect(other.registerClient.clientSecret).toBe(first!.registerClient.clientSecret);
    }
    const { clients } = await t.run(admin(org), ClientsDocument, { environmentId: env.id });
    expect(clients.totalCount).toBe(1);
    const different = await t.run(member(org), RegisterClientDocument, { input: { ...input, name: 'Another' } });
    expect(different.registerClient.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    // Keys belong to the member who sent them: another member's same key is another request.
    const someoneElse = await t.run(member(org, 'someone-else'), RegisterClientDocument, { input });
    expect(someoneElse.registerClient.userErrors).toEqual([]);
    expect(someoneElse.registerClient.client!.id).not.toBe(first!.registerClient.client!.id);
  });

  it('validates client metadata', async () => {
    const org = 'cl-validate';
    const env = await seedEnvironment(t, admin(org), 'Prod');
    const { registerClient } = await t.run(member(org), RegisterClientDocument, {
      input: {
        environmentId: env.id,
        name: 'Bad',
        redirectUris: ['not a uri', 'https://ok.example.com/cb#fragment'],
        grantTypes: ['client_credentials', 'magic'],
        scopes: ['has space'],
      },
    });
    expect(registerClient.userErrors.map((e) => e.code).sort()).toEqual(
      ['INVALID_CLIENT_METADATA', 'INVALID_CLIENT_METADATA', 'INVALID_REDIRECT_URI', 'INVALID_REDIRECT_URI'].sort(),
    );
    const noRedirect = await t.run(member(org), RegisterClientDocument, {
      input: { environmentId: env.id, name: 'Web', grantTypes: ['authorization_code'] },
    });
    expect(noRedirect.registerClient.userErrors.map((e) => e.code)).toEqual(['INVALID_REDIRECT_URI']);
  });

  it('updates metadata, rotates with an overlap window, and deletes', async () => {
    const org = 'cl-lifecycle';
    const env = await seedEnvironment(t, admin(org), 'Prod');
    const { registerClient } = await t.run(member(org), RegisterClientDocument, { input: { environmentId: env.id, name: 'Svc' } });
    const client = registerClient.client!;

    const { updateClient } = await t.run(member(org), UpdateClientDocument, {
      input: { id: client.id, name: 'Service', scopes: ['orders:read'], grantTypes: ['client_credentials', 'refresh_token'] },
    });
    expect(updateClient.userErrors).toEqual([]);
    expect(updateClient.client).toMatchObject({ name: 'Service', scopes: ['orders:read'], grantTypes: ['client_credentials', 'refresh_token'] });
    expect(updateClient.client!.clientId).toBe(client.clientId);

    const { rotateClientSecret } = await t.run(member(org), RotateClientSecretDocument, { input: { id: client.id } });
    const newSecret = rotateClientSecret.clientSecret!;
    expect(newSecret).not.toBe(registerClient.clientSecret);
    const expiresAt = new Date(rotateClientSecret.client!.previousSecretExpiresAt!).getTime();
    expect(expiresAt - Date.now()).toBeGreaterThan(3500_000); // the configured hour of overlap
    expect(await verify(org, env.id, client.clientId!, newSecret)).toBe(true);
    expect(await verify(org, env.id, client.clientId!, registerClient.clientSecret!)).toBe(true);

    await t.run(member(org), RotateClientSecretDocument, { input: { id: client.id } });
    expect(await verify(org, env.id, client.clientId!, registerClient.clientSecret!)).toBe(false); // only one previous secret
    expect(await verify(org, env.id, client.clientId!, newSecret)).toBe(true);

    const { deleteClient } = await t.run(member(org), DeleteClientDocument, { input: { id: client.id } });
    expect(deleteClient).toEqual({ deletedId: client.id, deletedInProvider: true, userErrors: [] });
    expect((await t.run(admin(org), ClientDocument, { id: client.id })).client).toBeNull();
    expect(await verify(org, env.id, client.clientId!, newSecret)).toBe(false);
  });

  it('shows a replaced secret’s overlap only while it lasts on the app’s clock, as verification counts it', async () => {
    const own = await startTestApp({ clientSecretRotationGraceSeconds: 60 });
    try {
      const org = 'cl-overlap';
      const env = await seedEnvironment(own, admin(org), 'Prod');
      const { registerClient } = await own.run(member(org), RegisterClientDocument, { input: { environmentId: env.id, name: 'Svc' } });
      const client = registerClient.client!;
      const { rotateClientSecret } = await own.run(member(org), RotateClientSecretDocument, { input: { id: client.id } });
      const until = Date.parse(rotateClientSecret.client!.previousSecretExpiresAt!);
      const verifies = (secret: string) =>
        own.run(gateway(org), VerifyClientCredentialsDocument, { environmentId: env.id, clientId: client.clientId!, clientSecret: secret }).then((d) => d.verifyClientCredentials);
      const shown = async () => {
        const one = (await own.run(member(org), ClientDocument, { id: client.id })).client!.previousSecretExpiresAt;
        const listed = (await own.run(member(org), ClientsDocument, { environmentId: env.id })).clients.edges.map((edge) => edge.node.previousSecretExpiresAt);
        return [one, ...listed];
      };
      expect(await verifies(registerClient.clientSecret!)).toBe(true);
      expect(await shown()).toEqual([rotateClientSecret.client!.previousSecretExpiresAt, rotateClientSecret.client!.previousSecretExpiresAt]);

      own.clock.advance(until - own.clock.now() + 1_000); // past the overlap for the app, not for the wall clock
      expect(await verifies(registerClient.clientSecret!)).toBe(false);
      expect(await shown()).toEqual([null, null]);
    } finally {
      await own.close();
    }
  });

  it('shows members their own clients and administrators all of them', async () => {
    const org = 'cl-owners';
    const env = await seedEnvironment(t, admin(org), 'Prod');
    const alice = member(org, 'alice');
    const bob = member(org, 'bob');
    const a = (await t.run(alice, RegisterClientDocument, { input: { environmentId: env.id, name: 'A' } })).registerClient.client!;
    await t.run(bob, RegisterClientDocument, { input: { environmentId: env.id, name: 'B' } });

    const mine = await t.run(alice, ClientsDocument, {});
    expect(mine.clients.edges.map((e) => e.node.name)).toEqual(['A']);
    expect(mine.clients.totalCount).toBe(1);
    const all = await t.run(admin(org), ClientsDocument, { environmentId: env.id, clientProviderId: env.defaultClientProvider.id });
    expect(all.clients.edges.map((e) => e.node.name)).toEqual(['A', 'B']);
    expect((await t.run(bob, ClientDocument, { id: a.id })).client).toBeNull();
    const bobUpdates = await t.run(bob, UpdateClientDocument, { input: { id: a.id, name: 'Mine now' } });
    expect(bobUpdates.updateClient.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    const adminUpdates = await t.run(admin(org), UpdateClientDocument, { input: { id: a.id, name: 'Renamed by admin' } });
    expect(adminUpdates.updateClient.client?.name).toBe('Renamed by admin');
  });

  it('lets gateways verify credentials and nothing else', async () => {
    const org = 'cl-gateway';
    const env = await seedEnvironment(t, admin(org), 'Prod');
    const denied = await t.request(gateway(org), RegisterClientDocument, { input: { environmentId: env.id, name: 'x' } });
    expect(denied.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const memberVerifies = await t.request(member(org), VerifyClientCredentialsDocument, { environmentId: env.id, clientId: 'x', clientSecret: 'y' });
    expect(memberVerifies.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('searching clients', () => {
  const org = 'cl-search';
  const names = ['Billing Portal', 'billing-api', 'Orders', '100%_done', '50_percent', 'back\\slash', 'BILLING batch', 'Ünïcode Shop', "O'Brien's ?app", 'Hey!there'];
  const clientIds = new Map<string, string>();
  let prodId: string;

  beforeAll(async () => {
    const prod = await seedEnvironment(t, admin(org), 'Prod');
    const dev = await seedEnvironment(t, admin(org), 'Dev');
    prodId = prod.id;
    for (const name of names) {
      const { client } = await seedClient(t, admin(org), { environmentId: name === 'BILLING batch' ? dev.id : prod.id, name });
      clientIds.set(name, client.clientId!);
    }
    // Another organization's namesake, which no search of this one may find.
    const other = await seedEnvironment(t, admin('cl-search-other'), 'Prod');
    await seedClient(t, admin('cl-search-other'), { environmentId: other.id, name: 'Billing Portal' });
  });

  const search = async (variables: ClientsQueryVariables) => {
    const { clients } = await t.run(admin(org), ClientsDocument, variables);
    return { names: clients.edges.map((e) => e.node.name), totalCount: clients.totalCount };
  };

  it('finds a part of the name in any case, in registration order, and counts what it finds', async () => {
    expect(await search({ search: 'BILLING' })).toEqual({ names: ['Billing Portal', 'billing-api', 'BILLING batch'], totalCount: 3 });
    expect(await search({ search: 'ing po' })).toEqual({ names: ['Billing Portal'], totalCount: 1 });
    expect(await search({ search: '  orders ' })).toEqual({ names: ['Orders'], totalCount: 1 }); // trimmed
    expect(await search({ search: 'Ünïcode' })).toEqual({ names: ['Ünïcode Shop'], totalCount: 1 });
    // PostgreSQL's lower() folds every letter; SQLite's only A–Z (README).
    expect(await search({ search: 'üNÏcode' })).toEqual(TEST_DB === 'postgres' ? { names: ['Ünïcode Shop'], totalCount: 1 } : { names: [], totalCount: 0 });
    expect(await search({ search: 'nowhere' })).toEqual({ names: [], totalCount: 0 });
    // A page of a search: totalCount is still the whole filtered list.
    const { clients } = await t.run(admin(org), ClientsDocument, { search: 'billing', first: 2 });
    expect(clients.edges.map((e) => e.node.name)).toEqual(['Billing Portal', 'billing-api']);
    expect(clients).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    const rest = await t.run(admin(org), ClientsDocument, { search: 'billing', first: 2, after: clients.pageInfo.endCursor });
    expect(rest.clients.edges.map((e) => e.node.name)).toEqual(['BILLING batch']);
    expect(rest.clients).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: false, hasPreviousPage: true } });
  });

  it('finds a client by its whole clientId, and not by a part of it', async () => {
    const ordersClientId = clientIds.get('Orders')!;
    expect(await search({ search: ordersClientId })).toEqual({ names: ['Orders'], totalCount: 1 });
    expect(await search({ search: ordersClientId.slice(0, 12) })).toEqual({ names: [], totalCount: 0 });
    expect(await search({ search: ordersClientId.toUpperCase() })).toEqual({ names: [], totalCount: 0 });
  });

  it('matches %, _, \\, !, quotes and ? literally', async () => {
    expect(await search({ search: '%' })).toEqual({ names: ['100%_done'], totalCount: 1 });
    expect(await search({ search: '_' })).toEqual({ names: ['100%_done', '50_percent'], totalCount: 2 });
    expect(await search({ search: '0%_d' })).toEqual({ names: ['100%_done'], totalCount: 1 });
    expect(await search({ search: '\\' })).toEqual({ names: ['back\\slash'], totalCount: 1 });
    expect(await search({ search: 'b%g' })).toEqual({ names: [], totalCount: 0 });
    expect(await search({ search: 'b_lling' })).toEqual({ names: [], totalCount: 0 });
    // The statement's own escape character is matched literally too.
    expect(await search({ search: '!' })).toEqual({ names: ['Hey!there'], totalCount: 1 });
    expect(await search({ search: 'y!t' })).toEqual({ names: ['Hey!there'], totalCount: 1 });
    expect(await search({ search: '!%' })).toEqual({ names: [], totalCount: 0 });
    // Quotes and placeholders are text too.
    expect(await search({ search: "o'brien's ?" })).toEqual({ names: ["O'Brien's ?app"], totalCount: 1 });
    expect(await search({ search: "' or 1=1 --" })).toEqual({ names: [], totalCount: 0 });
  });

  it('combines with status and environment, and counts the combination', async () => {
    await t.app.orm.em.fork().nativeUpdate(Client, { clientId: clientIds.get('billing-api')! }, { status: ClientStatus.DELETING });
    try {
      expect(await search({ search: 'billing', status: ['DELETING'] })).toEqual({ names: ['billing-api'], totalCount: 1 });
      expect(await search({ search: 'billing', status: ['ACTIVE'] })).toEqual({ names: ['Billing Portal', 'BILLING batch'], totalCount: 2 });
      expect(await search({ search: 'billing', status: ['ACTIVE'], environmentId: prodId })).toEqual({ names: ['Billing Portal'], totalCount: 1 });
      expect(await search({ search: 'orders', status: ['DELETING'] })).toEqual({ names: [], totalCount: 0 });
      // Without a search, the status filter alone (counted from the tally) still agrees.
      expect(await search({ status: ['DELETING'] })).toEqual({ names: ['billing-api'], totalCount: 1 });
    } finally {
      await t.app.orm.em.fork().nativeUpdate(Client, { clientId: clientIds.get('billing-api')! }, { status: ClientStatus.ACTIVE });
    }
  });

  it('shows a member only their own clients among the matches', async () => {
    const env = await seedEnvironment(t, admin('cl-search-members'), 'Prod');
    await seedClient(t, member('cl-search-members', 'alice'), { environmentId: env.id, name: 'Shop alice' });
    await seedClient(t, member('cl-search-members', 'bob'), { environmentId: env.id, name: 'Shop bob' });
    const { clients } = await t.run(member('cl-search-members', 'alice'), ClientsDocument, { search: 'shop' });
    expect(clients.edges.map((e) => e.node.name)).toEqual(['Shop alice']);
    expect(clients.totalCount).toBe(1);
  });

  it('treats a blank search as none, and refuses a long one or one with control characters', async () => {
    expect((await search({ search: '   ' })).totalCount).toBe(names.length);
    for (const [text, message] of [
      ['x'.repeat(201), /search must be at most 200 characters/],
      ['bill\ning', /search must not contain control characters/],
      ['bill\u0000ing', /search must not contain control characters/],
    ] as const) {
      const refused = await t.request(admin(org), ClientsDocument, { search: text });
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors?.[0]?.message).toMatch(message);
    }
    expect((await search({ search: 'x'.repeat(200) })).totalCount).toBe(0);
  });
});
