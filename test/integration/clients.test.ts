import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClientDocument,
  ClientsDocument,
  DeleteClientDocument,
  RegisterClientDocument,
  RotateClientSecretDocument,
  UpdateClientDocument,
  VerifyClientCredentialsDocument,
} from '../generated/graphql.js';
import { admin, gateway, member, startTestApp, type TestApp } from '../support/app.js';
import { seedEnvironment } from '../support/seed.js';

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
