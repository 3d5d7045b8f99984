import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sealContexts } from '../../src/store/sealed-columns.js';
import { SecretBox } from '../../src/store/secret-box.js';
import {
  ClientDocument,
  ClientProviderDocument,
  ClientProvidersDocument,
  ClientsDocument,
  CreateClientProviderDocument,
  EnvironmentDocument,
  NodeDocument,
  RegisterClientDocument,
  RotateClientSecretDocument,
  UpdateClientDocument,
  UpdateClientProviderDocument,
  VerifyClientCredentialsDocument,
} from '../generated/graphql.js';
import { admin, gateway, member, startTestApp, type TestApp } from '../support/app.js';
import { TEST_DB } from '../support/database.js';
import { seedEnvironment, seedLink } from '../support/seed.js';

/**
 * Secrets (the registration Authorization header, the introspection client secret and the client
 * secrets the built-in provider issues) are kept sealed: never in clear text in the store, never
 * readable through the API.
 */

const ORG = 'secrets-org';
const ADMIN = admin(ORG);
const MEMBER = member(ORG);
const GATEWAY = gateway(ORG);
const TABLES = ['environment', 'client_provider', 'provider_link', 'client', 'audit_event'] as const;

const hex = () => randomBytes(12).toString('hex');

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** One whole life of the secrets, on a new app: create, change one, register, rotate. */
async function runFlow(overrides: Parameters<typeof startTestApp>[0] = {}) {
  t = await startTestApp(overrides);
  const app = t;
  const secrets = {
    registrationAuthorization: `SSWS reg-${hex()}`,
    introspectionClientSecret: `intro-${hex()}`,
    replacedRegistrationAuthorization: `Bearer reg2-${hex()}`,
    registrationClientSecret: `registrar-${hex()}`,
    clientSecret: '',
    rotatedClientSecret: '',
  };
  /** Every API answer of the flow, to search for secrets that should not be in them. */
  const answers: unknown[] = [];

  const environment = await seedEnvironment(app, ADMIN, 'Vault');

  const created = await app.run(ADMIN, CreateClientProviderDocument, {
    input: {
      name: `Okta ${hex()}`,
      vendor: 'OKTA',
      issuer: 'https://secrets.okta.example.com',
      registrationUrl: 'https://secrets.okta.example.com/oauth2/v1/clients',
      registrationAuthorization: secrets.registrationAuthorization,
      introspectionUrl: 'https://secrets.okta.example.com/oauth2/v1/introspect',
      introspectionClientId: `introspector-${hex()}`,
      introspectionClientSecret: secrets.introspectionClientSecret,
      discover: false,
    },
  });
  answers.push(created);
  expect(created.createClientProvider.userErrors).toEqual([]);
  const provider = created.createClientProvider.clientProvider!;
  expect(provider).toMatchObject({ hasRegistrationAuthorization: true, hasIntrospectionClientSecret: true });

  await seedLink(app, ADMIN, { environmentId: environment.id, clientProviderId: provider.id });

  // A provider that registers by client credentials: its registration client secret is sealed too.
  const byClient = await app.run(ADMIN, CreateClientProviderDocument, {
    input: {
      name: `Registrar ${hex()}`,
      vendor: 'GENERIC_OIDC',
      issuer: 'https://registrar.idp.example.com',
      tokenUrl: 'https://registrar.idp.example.com/token',
      registrationClientId: `registrar-${hex()}`,
      registrationClientSecret: secrets.registrationClientSecret,
      registrationScopes: ['dcr'],
      discover: false,
    },
  });
  answers.push(byClient);
  expect(byClient.createClientProvider).toMatchObject({ userErrors: [], clientProvider: { hasRegistrationClientSecret: true, hasRegistrationAuthorization: false } });

  // Change one secret; the other is omitted and must stay.
  const updated = await app.run(ADMIN, UpdateClientProviderDocument, {
    input: { id: provider.id, registrationAuthorization: secrets.replacedRegistrationAuthorization },
  });
  answers.push(updated);
  expect(updated.updateClientProvider.userErrors).toEqual([]);
  expect(updated.updateClientProvider.clientProvider).toMatchObject({ hasRegistrationAuthorization: true, hasIntrospectionClientSecret: true });

  const registered = await app.run(MEMBER, RegisterClientDocument, {
    input: { environmentId: environment.id, name: 'vault-app', redirectUris: ['https://vault.example.com/cb'], scopes: ['openid'] },
  });
  expect(registered.registerClient.userErrors).toEqual([]);
  expect(registered.registerClient.client!.provider.builtIn).toBe(true);
  secrets.clientSecret = registered.registerClient.clientSecret!;
  expect(secrets.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  answers.push({ ...registered, registerClient: { ...registered.registerClient, clientSecret: null } });
  const client = registered.registerClient.client!;

  const rotated = await app.run(MEMBER, RotateClientSecretDocument, { input: { id: client.id } });
  expect(rotated.rotateClientSecret.userErrors).toEqual([]);
  secrets.rotatedClientSecret = rotated.rotateClientSecret.clientSecret!;
  expect(secrets.rotatedClientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(secrets.rotatedClientSecret).not.toBe(secrets.clientSecret);
  answers.push({ ...rotated, rotateClientSecret: { ...rotated.rotateClientSecret, clientSecret: null } });

  return { app, environment, provider, client, secrets, answers };
}

type Flow = Awaited<ReturnType<typeof runFlow>>;
const allSecrets = (flow: Flow) => Object.values(flow.secrets);

/** The forms a secret could take if it were stored or answered unsealed. */
function forms(secret: string): string[] {
  const utf8 = Buffer.from(secret, 'utf8');
  const found = new Set([secret, utf8.toString('base64').replace(/=+$/, ''), utf8.toString('base64url'), utf8.toString('hex')]);
  // The client secrets are base64url of random bytes: also look for those bytes in other encodings.
  if (/^[A-Za-z0-9_-]{43}$/.test(secret)) {
    const bytes = Buffer.from(secret, 'base64url');
    found.add(bytes.toString('hex'));
    found.add(bytes.toString('base64').replace(/=+$/, ''));
  }
  // And the credential part of an Authorization header on its own.
  const credential = /^\S+ (\S+)$/.exec(secret)?.[1];
  if (credential) found.add(credential);
  return [...found];
}

/** Which forms of which secrets occur in the text (an empty list when none does). */
function leaks(text: string, secrets: string[]): string[] {
  return secrets.flatMap((secret) => forms(secret).filter((form) => text.includes(form)).map((form) => `${secret} as ${form}`));
}

/** Which forms of which secrets occur in the bytes, as UTF-8 or UTF-16, or the raw bytes of a client secret. */
function byteLeaks(bytes: Buffer, secrets: string[]): string[] {
  return secrets.flatMap((secret) => {
    const needles = forms(secret).flatMap((form) => [Buffer.from(form, 'utf8'), Buffer.from(form, 'utf16le')]);
    if (/^[A-Za-z0-9_-]{43}$/.test(secret)) needles.push(Buffer.from(secret, 'base64url'));
    return needles.filter((needle) => bytes.includes(needle)).map((needle) => `${secret} as 0x${needle.toString('hex')}`);
  });
}

const verify = (app: TestApp, environmentId: string, clientId: string, clientSecret: string) =>
  app.run(GATEWAY, VerifyClientCredentialsDocument, { environmentId, clientId, clientSecret }).then((r) => r.verifyClientCredentials);

/** The sealed columns of the store, opened with the app's key. */
async function openedFromStore(flow: Flow) {
  const connection = flow.app.app.orm.em.fork().getConnection();
  const box = new SecretBox(flow.app.config.secretsKey);
  const [provider] = await connection.execute<{ id: string; registration_authorization_sealed: string | null; introspection_client_secret_sealed: string | null }[]>(
    'select id, registration_authorization_sealed, introspection_client_secret_sealed from client_provider where issuer = ?',
    ['https://secrets.okta.example.com'],
  );
  const [client] = await connection.execute<{ id: string; client_secret_sealed: string | null; previous_secret_sealed: string | null }[]>(
    'select id, client_secret_sealed, previous_secret_sealed from client where client_id = ?',
    [flow.client.clientId],
  );
  const open = (sealed: string | null | undefined, context: string) => (sealed ? box.open(sealed, context) : null);
  return {
    registrationAuthorization: open(provider!.registration_authorization_sealed, sealContexts.registrationAuthorization(provider!.id)),
    introspectionClientSecret: open(provider!.introspection_client_secret_sealed, sealContexts.introspectionClientSecret(provider!.id)),
    clientSecret: open(client!.client_secret_sealed, sealContexts.clientSecret(client!.id)),
    previousClientSecret: open(client!.previous_secret_sealed, sealContexts.clientSecret(client!.id)),
    sealedValues: [
      provider!.registration_authorization_sealed,
      provider!.introspection_client_secret_sealed,
      client!.client_secret_sealed,
      client!.previous_secret_sealed,
    ],
  };
}

describe('secrets at rest', () => {
  it('the store holds every secret sealed, and none of them (in any usual encoding) in clear text', async () => {
    const flow = await runFlow();
    const { app, secrets } = flow;

    // The sealed columns hold exactly the current secrets (so the scan below looks at real data).
    const opened = await openedFromStore(flow);
    expect(opened).toMatchObject({
      registrationAuthorization: secrets.replacedRegistrationAuthorization,
      introspectionClientSecret: secrets.introspectionClientSecret,
      clientSecret: secrets.rotatedClientSecret,
      previousClientSecret: secrets.clientSecret,
    });
    for (const sealed of opened.sealedValues) expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const markers = [flow.provider.name, flow.client.clientId!, ...(opened.sealedValues as string[])];

    if (TEST_DB === 'sqlite') {
      // Close first, so that everything is in the file(s).
      await app.app.close();
      const file = app.database.file!;
      const files = [file, `${file}-wal`, `${file}-journal`, `${file}-shm`].filter((f) => existsSync(f));
      const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
      expect(bytes.length).toBeGreaterThan(0);
      for (const marker of markers) expect(bytes.includes(Buffer.from(marker, 'utf8')), marker).toBe(true);
      expect(byteLeaks(bytes, allSecrets(flow))).toEqual([]);
    } else {
      const connection = app.app.orm.em.fork().getConnection();
      const dump: string[] = [];
      for (const table of TABLES) {
        const rows: { t: string }[] = await connection.execute(`select t::text as t from ${table} t`);
        expect(rows.length).toBeGreaterThan(0);
        dump.push(...rows.map((row) => row.t));
      }
      const text = dump.join('\n');
      for (const marker of markers) expect(text).toContain(marker);
      expect(leaks(text, allSecrets(flow))).toEqual([]);
    }
  });
});

describe('secrets through the API', () => {
  it('no answer carries a secret: mutation payloads, every ClientProvider and Client field, nodes', async () => {
    const flow = await runFlow();
    const { app, environment, provider, client } = flow;
    const { clientProviders } = await app.run(ADMIN, ClientProvidersDocument, {});
    const reads: unknown[] = [
      clientProviders,
      await app.run(ADMIN, ClientProviderDocument, { id: provider.id }),
      await app.run(ADMIN, ClientsDocument, {}),
      await app.run(MEMBER, ClientsDocument, { environmentId: environment.id }),
      await app.run(ADMIN, ClientDocument, { id: client.id }),
      await app.run(MEMBER, ClientDocument, { id: client.id }),
      await app.run(ADMIN, EnvironmentDocument, { id: environment.id }),
      await app.run(ADMIN, NodeDocument, { id: provider.id }),
      await app.run(ADMIN, NodeDocument, { id: client.id }),
      await app.raw(ADMIN, `{ client(id: "${client.id}") { provider { ...on ClientProvider { id hasRegistrationAuthorization hasIntrospectionClientSecret introspectionClientId registrationUrl } } } }`),
    ];
    const text = JSON.stringify([...flow.answers, ...reads]);
    // The reads did find the provider and the client (the search is over real answers).
    expect(text).toContain(provider.introspectionClientId!);
    expect(text).toContain(client.clientId);
    expect(leaks(text, allSecrets(flow))).toEqual([]);

    const external = clientProviders.edges.map((e) => e.node).find((node) => node.id === provider.id)!;
    expect(external).toMatchObject({ hasRegistrationAuthorization: true, hasIntrospectionClientSecret: true });
    const builtIn = clientProviders.edges.map((e) => e.node).find((node) => node.builtIn)!;
    expect(builtIn).toMatchObject({ hasRegistrationAuthorization: false, hasIntrospectionClientSecret: false });
    const { client: read } = await app.run(ADMIN, ClientDocument, { id: client.id });
    expect(read!.hasClientSecret).toBe(true);

    // Asking for a secret by name is not even valid GraphQL.
    for (const field of ['registrationAuthorization', 'introspectionClientSecret', 'clientSecret', 'clientSecretSealed']) {
      const type = field.startsWith('client') ? 'client' : 'clientProvider';
      const response = await app.raw(ADMIN, `{ ${type}(id: "${type === 'client' ? client.id : provider.id}") { ${field} } }`);
      expect(response.errors?.[0]?.extensions?.code, field).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(leaks(JSON.stringify(response), allSecrets(flow))).toEqual([]);
    }

    // Nor did the server write one to its log (which is captured: it holds at least the start-up line).
    expect(app.logs.length).toBeGreaterThan(0);
    expect(leaks(app.logs.join('\n'), allSecrets(flow))).toEqual([]);
  });

  it('an update that omits the secrets keeps them; null clears the introspection client secret', async () => {
    const flow = await runFlow();
    const { app, environment, provider, client, secrets } = flow;

    const kept = await app.run(ADMIN, UpdateClientProviderDocument, {
      input: { id: provider.id, description: 'secrets omitted', requestTimeoutMs: 10_000, introspectionClientId: 'renamed-introspector' },
    });
    expect(kept.updateClientProvider.userErrors).toEqual([]);
    expect(kept.updateClientProvider.clientProvider).toMatchObject({
      description: 'secrets omitted',
      hasRegistrationAuthorization: true,
      hasIntrospectionClientSecret: true,
    });
    expect(await openedFromStore(flow)).toMatchObject({
      registrationAuthorization: secrets.replacedRegistrationAuthorization,
      introspectionClientSecret: secrets.introspectionClientSecret,
    });

    const renamed = await app.run(MEMBER, UpdateClientDocument, { input: { id: client.id, name: 'vault-app-2', scopes: ['openid', 'email'] } });
    expect(renamed.updateClient.userErrors).toEqual([]);
    expect(renamed.updateClient.client).toMatchObject({ name: 'vault-app-2', hasClientSecret: true });
    expect(await verify(app, environment.id, client.clientId!, secrets.rotatedClientSecret)).toBe(true);
    expect(await verify(app, environment.id, client.clientId!, secrets.clientSecret)).toBe(true);

    const cleared = await app.run(ADMIN, UpdateClientProviderDocument, { input: { id: provider.id, introspectionClientSecret: null } });
    expect(cleared.updateClientProvider.userErrors).toEqual([]);
    expect(cleared.updateClientProvider.clientProvider).toMatchObject({ hasRegistrationAuthorization: true, hasIntrospectionClientSecret: false });
    const read = (await app.run(ADMIN, ClientProviderDocument, { id: provider.id })).clientProvider!;
    expect(read).toMatchObject({ hasRegistrationAuthorization: true, hasIntrospectionClientSecret: false, introspectionClientId: 'renamed-introspector' });
    expect(await openedFromStore(flow)).toMatchObject({
      registrationAuthorization: secrets.replacedRegistrationAuthorization,
      introspectionClientSecret: null,
    });

    const clearedToo = await app.run(ADMIN, UpdateClientProviderDocument, { input: { id: provider.id, registrationAuthorization: null } });
    expect(clearedToo.updateClientProvider.clientProvider).toMatchObject({ hasRegistrationAuthorization: false, hasIntrospectionClientSecret: false });
    expect(await openedFromStore(flow)).toMatchObject({ registrationAuthorization: null, introspectionClientSecret: null });
  });

  it('after a rotation the new and the previous secret verify, a made-up one does not', async () => {
    const flow = await runFlow();
    const { app, environment, client, secrets } = flow;
    const before = Date.now();

    expect(await verify(app, environment.id, client.clientId!, secrets.rotatedClientSecret)).toBe(true);
    expect(await verify(app, environment.id, client.clientId!, secrets.clientSecret)).toBe(true);
    expect(await verify(app, environment.id, client.clientId!, randomBytes(32).toString('base64url'))).toBe(false);
    expect(await verify(app, environment.id, client.clientId!, `${secrets.rotatedClientSecret}x`)).toBe(false);
    expect(await verify(app, environment.id, client.clientId!, '')).toBe(false);
    // The secret belongs to this client in this environment only.
    expect(await verify(app, environment.id, `pf_${randomBytes(16).toString('hex')}`, secrets.rotatedClientSecret)).toBe(false);
    const other = await seedEnvironment(app, ADMIN, 'Elsewhere', 'SANDBOX');
    expect(await verify(app, other.id, client.clientId!, secrets.rotatedClientSecret)).toBe(false);
    // Another organization's gateway learns nothing.
    const foreign = await app.run(gateway('other-org'), VerifyClientCredentialsDocument, {
      environmentId: environment.id,
      clientId: client.clientId!,
      clientSecret: secrets.rotatedClientSecret,
    });
    expect(foreign.verifyClientCredentials).toBe(false);

    const { client: read } = await app.run(MEMBER, ClientDocument, { id: client.id });
    const expiresAt = Date.parse(read!.previousSecretExpiresAt!);
    expect(expiresAt).toBeGreaterThan(before + 3500_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000);

    // A second rotation: only the last replaced secret keeps its grace period.
    const again = await app.run(MEMBER, RotateClientSecretDocument, { input: { id: client.id } });
    const third = again.rotateClientSecret.clientSecret!;
    expect([secrets.clientSecret, secrets.rotatedClientSecret]).not.toContain(third);
    expect(await verify(app, environment.id, client.clientId!, third)).toBe(true);
    expect(await verify(app, environment.id, client.clientId!, secrets.rotatedClientSecret)).toBe(true);
    expect(await verify(app, environment.id, client.clientId!, secrets.clientSecret)).toBe(false);
  });

  it('without a grace period, the previous secret stops verifying at once', async () => {
    const flow = await runFlow({ clientSecretRotationGraceSeconds: 0 });
    const { app, environment, client, secrets } = flow;
    expect(await verify(app, environment.id, client.clientId!, secrets.rotatedClientSecret)).toBe(true);
    expect(await verify(app, environment.id, client.clientId!, secrets.clientSecret)).toBe(false);
    expect((await app.run(MEMBER, ClientDocument, { id: client.id })).client!.previousSecretExpiresAt).toBeNull();
    expect((await openedFromStore(flow)).previousClientSecret).toBeNull();
  });
});
