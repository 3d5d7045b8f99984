import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealContexts } from '../../src/store/sealed-columns.js';
import { SecretBox } from '../../src/store/secret-box.js';
import {
  ClientDocument,
  ClientProviderDocument,
  CreateClientProviderDocument,
  CreateEnvironmentDocument,
  DeleteClientProviderDocument,
  DeleteEnvironmentDocument,
  EnvironmentDocument,
  RegisterClientDocument,
  UnlinkClientProviderDocument,
  UpdateClientDocument,
  UpdateClientProviderDocument,
  UpdateEnvironmentDocument,
  type CreateClientProviderInput,
  type UpdateClientProviderInput,
} from '../generated/graphql.js';
import { admin, member, startTestApp, type TestApp } from '../support/app.js';
import { seedClient, seedEnvironment, seedLink, seedProvider } from '../support/seed.js';
import { rowCounts, snapshot as takeSnapshot, unchanged as unchangedIn } from '../support/snapshot.js';

/**
 * "A business rule the input broke. Nothing was changed." Every refused mutation below is sent
 * between two snapshots of every row of every table, which must be identical.
 */

let t: TestApp;
const snapshot = () => takeSnapshot(t);
const unchanged = <T>(send: () => Promise<T>) => unchangedIn(t, send);

const error = (code: string, field: string | null) => ({
  code,
  field: field === null ? null : ['input', field],
  message: expect.any(String),
});
/** code@field pairs, sorted, for mutations that report several errors. */
const codesOf = (errors: { code: string; field?: string[] | null }[]) =>
  errors.map((e) => `${e.code}@${(e.field ?? []).join('.')}`).sort();

const ORG = 'refusals-org';
const ADMIN = admin(ORG);
const MEMBER = member(ORG);
const REGISTRATION_AUTHORIZATION = 'SSWS fixture-registration-token';
const INTROSPECTION_SECRET = 'fixture-introspection-secret';

const f = {} as {
  production: string; // environment A: the external provider is linked and its default
  sandbox: string; // environment B: clients of the built-in provider
  builtIn: string;
  external: string; // GENERIC_OIDC, linked to production, its default, with both secrets
  spare: string; // OKTA, linked nowhere
  clients: { id: string; name: string; idempotencyKey: string | null }[];
};

beforeAll(async () => {
  t = await startTestApp();
  const production = await seedEnvironment(t, ADMIN, 'Production', 'PRODUCTION');
  const sandbox = await seedEnvironment(t, ADMIN, 'Sandbox', 'SANDBOX');
  f.production = production.id;
  f.sandbox = sandbox.id;
  f.builtIn = sandbox.defaultClientProvider.id;

  const external = await seedProvider(t, ADMIN, {
    name: 'Corporate IdP',
    vendor: 'GENERIC_OIDC',
    issuer: 'https://idp.example.com',
    // Nothing listens there: a registration is refused at once, without leaving this machine.
    registrationUrl: 'http://127.0.0.1:9/register',
    registrationAuthorization: REGISTRATION_AUTHORIZATION,
    tokenUrl: 'https://idp.example.com/token',
    introspectionUrl: 'https://idp.example.com/introspect',
    introspectionClientId: 'introspector',
    introspectionClientSecret: INTROSPECTION_SECRET,
    allowClientDeletion: true,
    discover: false,
  });
  expect(external).toMatchObject({ hasRegistrationAuthorization: true, hasIntrospectionClientSecret: true });
  f.external = external.id;
  f.spare = (await seedProvider(t, ADMIN, { name: 'Spare Okta', vendor: 'OKTA', issuer: 'https://spare.okta.example.com', discover: false })).id;

  const linked = await seedLink(t, ADMIN, { environmentId: f.production, clientProviderId: f.external, makeDefault: true });
  expect(linked.defaultClientProvider.id).toBe(f.external);

  f.clients = [];
  for (const [name, idempotencyKey] of [['web-app', 'key-web'], ['batch-job', null], ['mobile-app', 'key-mobile']] as const) {
    const { client } = await seedClient(t, MEMBER, {
      environmentId: f.sandbox,
      name,
      idempotencyKey,
      ...(name === 'batch-job' ? {} : { redirectUris: [`https://${name}.example.com/callback`], scopes: ['openid'] }),
    });
    expect(client.provider.builtIn).toBe(true);
    f.clients.push({ id: client.id, name, idempotencyKey });
  }
});
afterAll(() => t?.close());

describe('the fixture', () => {
  it('is in the store as built, and the snapshot sees every row of it', async () => {
    expect(rowCounts(await snapshot())).toEqual({ environment: 2, client_provider: 3, provider_link: 3, client: 3, cache_invalidation: expect.any(Number), deleted_client: 0, idp_intent: 0, audit_event: expect.any(Number) });
    const production = (await t.run(ADMIN, EnvironmentDocument, { id: f.production })).environment!;
    expect(production.defaultClientProvider.id).toBe(f.external);
    expect(production.clientProviders.map((p) => p.id)).toEqual([f.builtIn, f.external]);
    const sandbox = (await t.run(ADMIN, EnvironmentDocument, { id: f.sandbox })).environment!;
    expect(sandbox.clients.totalCount).toBe(3);
  });

  it('a snapshot does notice an accepted change (control)', async () => {
    const before = await snapshot();
    const { updateClientProvider } = await t.run(ADMIN, UpdateClientProviderDocument, {
      input: { id: f.spare, description: 'touched by the control test' },
    });
    expect(updateClientProvider.userErrors).toEqual([]);
    const after = await snapshot();
    expect(after.client_provider).not.toBe(before.client_provider);
    expect(after.client_provider).toContain('touched by the control test');
    // (An accepted change also publishes its cache invalidation, on PostgreSQL a row of the feed.)
    expect(after.audit_event).toContain('client_provider.update');
    expect({ ...after, client_provider: null, cache_invalidation: null, audit_event: null }).toStrictEqual({ ...before, client_provider: null, cache_invalidation: null, audit_event: null });
  });
});

describe('refused environment mutations change nothing', () => {
  it.each([
    ['blank', '   ', 'BLANK'],
    ['too long', 'e'.repeat(101), 'TOO_LONG'],
    ['taken', 'Sandbox', 'NAME_TAKEN'],
    ['taken once trimmed', '  Production ', 'NAME_TAKEN'],
  ])('createEnvironment with a %s name', async (_what, name, code) => {
    const { createEnvironment } = await unchanged(() => t.run(ADMIN, CreateEnvironmentDocument, { input: { name, type: 'DESIGN' } }));
    expect(createEnvironment).toEqual({ environment: null, userErrors: [error(code, 'name')] });
  });

  it('updateEnvironment to a taken name (with a type change alongside)', async () => {
    const { updateEnvironment } = await unchanged(() =>
      t.run(ADMIN, UpdateEnvironmentDocument, { input: { id: f.sandbox, name: 'Production', type: 'DESIGN' } }),
    );
    expect(updateEnvironment).toEqual({ environment: null, userErrors: [error('NAME_TAKEN', 'name')] });
    expect((await t.run(ADMIN, EnvironmentDocument, { id: f.sandbox })).environment).toMatchObject({ name: 'Sandbox', type: 'SANDBOX' });
  });

  it('updateEnvironment to a blank name', async () => {
    const { updateEnvironment } = await unchanged(() =>
      t.run(ADMIN, UpdateEnvironmentDocument, { input: { id: f.sandbox, name: '', type: 'DESIGN' } }),
    );
    expect(updateEnvironment).toEqual({ environment: null, userErrors: [error('BLANK', 'name')] });
  });

  it('deleteEnvironment while it has clients', async () => {
    const { deleteEnvironment } = await unchanged(() => t.run(ADMIN, DeleteEnvironmentDocument, { input: { id: f.sandbox } }));
    expect(deleteEnvironment).toEqual({ deletedId: null, userErrors: [error('ENVIRONMENT_HAS_CLIENTS', 'id')] });
  });
});

describe('refused createClientProvider changes nothing', () => {
  const valid: CreateClientProviderInput = { name: 'New IdP', vendor: 'OKTA', issuer: 'https://new.okta.example.com' };
  const create = (input: Partial<CreateClientProviderInput>) =>
    unchanged(() => t.run(ADMIN, CreateClientProviderDocument, { input: { ...valid, ...input } })).then((r) => r.createClientProvider);

  it('with the PLATFORM vendor', async () => {
    expect(await create({ vendor: 'PLATFORM' })).toEqual({ clientProvider: null, userErrors: [error('VENDOR_NOT_ALLOWED', 'vendor')] });
  });

  it('when discovery fails (nothing listens at the issuer)', async () => {
    const payload = await create({ issuer: 'http://127.0.0.1:9' });
    expect(payload).toEqual({ clientProvider: null, userErrors: [{ ...error('DISCOVERY_FAILED', 'issuer'), message: expect.stringContaining('ECONNREFUSED') }] });
  });

  it.each([
    ['a relative registrationUrl', { registrationUrl: '/oauth2/v1/clients' }, 'registrationUrl'],
    ['an ftp:// issuer', { issuer: 'ftp://idp.example.com' }, 'issuer'],
    ['a credential-bearing tokenUrl', { tokenUrl: 'https://admin:hunter2@idp.example.com/token' }, 'tokenUrl'],
    ['a user-only authorizeUrl', { authorizeUrl: 'https://admin@idp.example.com/authorize' }, 'authorizeUrl'],
    ['a javascript: introspectionUrl', { introspectionUrl: 'javascript:alert(1)' }, 'introspectionUrl'],
  ])('with %s', async (_what, input, field) => {
    expect(await create(input)).toEqual({ clientProvider: null, userErrors: [error('INVALID_URL', field)] });
  });

  it('with propagateClientChanges but without allowClientDeletion', async () => {
    expect(await create({ propagateClientChanges: true })).toEqual({
      clientProvider: null,
      userErrors: [error('PROPAGATION_REQUIRES_DELETION', 'propagateClientChanges')],
    });
    expect(await create({ propagateClientChanges: true, allowClientDeletion: false })).toEqual({
      clientProvider: null,
      userErrors: [error('PROPAGATION_REQUIRES_DELETION', 'propagateClientChanges')],
    });
  });

  it.each([0, 99, 60_001, 999_999])('with requestTimeoutMs %i', async (requestTimeoutMs) => {
    expect(await create({ requestTimeoutMs })).toEqual({ clientProvider: null, userErrors: [error('OUT_OF_RANGE', 'requestTimeoutMs')] });
  });

  it.each([
    ['a line break (header injection)', 'Bearer abc\r\nX-Injected: yes'],
    ['a bare line feed', 'SSWS abc\ndef'],
    ['no scheme', 'just-a-token-without-scheme'],
    ['a tab instead of the space', 'Bearer\tabc'],
  ])('with a registrationAuthorization with %s', async (_what, registrationAuthorization) => {
    expect(await create({ registrationAuthorization })).toEqual({
      clientProvider: null,
      userErrors: [error('INVALID_VALUE', 'registrationAuthorization')],
    });
  });

  it('with a registration authorization and a registration client both, or half a registration client, or a bad scope', async () => {
    const client = { registrationClientId: 'registrar', registrationClientSecret: 'registrar-secret' };
    expect(await create({ registrationAuthorization: 'SSWS api-token', ...client })).toEqual({
      clientProvider: null,
      userErrors: [error('INVALID_VALUE', 'registrationAuthorization')],
    });
    expect(await create({ registrationClientId: 'registrar' })).toEqual({ clientProvider: null, userErrors: [error('BLANK', 'registrationClientSecret')] });
    expect(await create({ registrationClientSecret: 'registrar-secret' })).toEqual({ clientProvider: null, userErrors: [error('BLANK', 'registrationClientId')] });
    expect(await create({ ...client, registrationScopes: ['dcr', 'two words'] })).toEqual({
      clientProvider: null,
      userErrors: [error('INVALID_VALUE', 'registrationScopes')],
    });
  });

  it('with an introspection client secret but no introspection client id', async () => {
    expect(await create({ introspectionClientSecret: 'some-secret' })).toEqual({
      clientProvider: null,
      userErrors: [error('BLANK', 'introspectionClientId')],
    });
  });

  it('with a taken name, also once trimmed', async () => {
    expect(await create({ name: 'Corporate IdP' })).toEqual({ clientProvider: null, userErrors: [error('NAME_TAKEN', 'name')] });
    expect(await create({ name: ' Spare Okta  ' })).toEqual({ clientProvider: null, userErrors: [error('NAME_TAKEN', 'name')] });
    // The built-in provider's name is taken too.
    expect(await create({ name: 'Platform (built-in)' })).toEqual({ clientProvider: null, userErrors: [error('NAME_TAKEN', 'name')] });
  });

  it('with several errors at once, reporting all of them together', async () => {
    const payload = await create({
      name: '   ',
      vendor: 'PLATFORM',
      issuer: 'ftp://idp.example.com',
      registrationUrl: 'relative/path',
      tokenUrl: 'https://user:pass@idp.example.com/token',
      registrationAuthorization: 'no-scheme',
      propagateClientChanges: true,
      requestTimeoutMs: 0,
      description: 'd'.repeat(1001),
    });
    expect(payload.clientProvider).toBeNull();
    expect(codesOf(payload.userErrors)).toEqual(
      [
        'BLANK@input.name',
        'INVALID_URL@input.issuer',
        'INVALID_URL@input.registrationUrl',
        'INVALID_URL@input.tokenUrl',
        'INVALID_VALUE@input.registrationAuthorization',
        'OUT_OF_RANGE@input.requestTimeoutMs',
        'PROPAGATION_REQUIRES_DELETION@input.propagateClientChanges',
        'TOO_LONG@input.description',
        'VENDOR_NOT_ALLOWED@input.vendor',
      ].sort(),
    );
  });
});

describe('refused updateClientProvider changes nothing and keeps the stored secrets', () => {
  const update = (input: Omit<UpdateClientProviderInput, 'id'>) =>
    unchanged(() => t.run(ADMIN, UpdateClientProviderDocument, { input: { id: f.external, ...input } })).then((r) => r.updateClientProvider);

  /** The external provider's secrets, as the API reports them and as they open from the store. */
  async function externalSecrets() {
    const provider = (await t.run(ADMIN, ClientProviderDocument, { id: f.external })).clientProvider!;
    const rows: { id: string; registration_authorization_sealed: string | null; introspection_client_secret_sealed: string | null }[] =
      await t.app.orm.em
        .fork()
        .getConnection()
        .execute('select id, registration_authorization_sealed, introspection_client_secret_sealed from client_provider where name = ?', [
          'Corporate IdP',
        ]);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    const box = new SecretBox(t.config.secretsKey);
    return {
      hasRegistrationAuthorization: provider.hasRegistrationAuthorization,
      hasIntrospectionClientSecret: provider.hasIntrospectionClientSecret,
      registrationAuthorization:
        row!.registration_authorization_sealed && box.open(row!.registration_authorization_sealed, sealContexts.registrationAuthorization(row!.id)),
      introspectionClientSecret:
        row!.introspection_client_secret_sealed &&
        box.open(row!.introspection_client_secret_sealed, sealContexts.introspectionClientSecret(row!.id)),
    };
  }
  const intact = {
    hasRegistrationAuthorization: true,
    hasIntrospectionClientSecret: true,
    registrationAuthorization: REGISTRATION_AUTHORIZATION,
    introspectionClientSecret: INTROSPECTION_SECRET,
  };

  it('the secrets are stored and open before any refusal (baseline)', async () => {
    expect(await externalSecrets()).toEqual(intact);
  });

  it('of the built-in provider', async () => {
    const { updateClientProvider } = await unchanged(() =>
      t.run(ADMIN, UpdateClientProviderDocument, { input: { id: f.builtIn, description: 'mine now' } }),
    );
    expect(updateClientProvider).toEqual({ clientProvider: null, userErrors: [error('BUILT_IN_PROVIDER', 'id')] });
  });

  it('mixing valid changes with an invalid one applies none of them', async () => {
    const before = (await t.run(ADMIN, ClientProviderDocument, { id: f.external })).clientProvider!;
    const payload = await update({
      name: 'Renamed IdP',
      description: 'a valid new description',
      tokenUrl: 'https://idp.example.com/v2/token',
      disableServerCertificateValidation: true,
      requestTimeoutMs: 999_999,
    });
    expect(payload).toEqual({ clientProvider: null, userErrors: [error('OUT_OF_RANGE', 'requestTimeoutMs')] });
    const after = (await t.run(ADMIN, ClientProviderDocument, { id: f.external })).clientProvider!;
    expect(after).toEqual(before);
    expect(after).toMatchObject({ name: 'Corporate IdP', tokenUrl: 'https://idp.example.com/token', disableServerCertificateValidation: false });
  });

  it('that would remove both secrets keeps them when refused', async () => {
    const payload = await update({ registrationAuthorization: null, introspectionClientSecret: null, issuer: 'ftp://idp.example.com' });
    expect(payload).toEqual({ clientProvider: null, userErrors: [error('INVALID_URL', 'issuer')] });
    expect(await externalSecrets()).toEqual(intact);
  });

  it('that would replace both secrets keeps the old ones when refused', async () => {
    const payload = await update({
      registrationAuthorization: 'Bearer replacement\r\nX-Evil: 1',
      introspectionClientSecret: 'replacement-introspection-secret',
    });
    expect(payload).toEqual({ clientProvider: null, userErrors: [error('INVALID_VALUE', 'registrationAuthorization')] });
    expect(await externalSecrets()).toEqual(intact);

    const valid = await update({ registrationAuthorization: 'Bearer replacement', introspectionClientSecret: 'x', requestTimeoutMs: 0 });
    expect(valid.userErrors).toEqual([error('OUT_OF_RANGE', 'requestTimeoutMs')]);
    expect(await externalSecrets()).toEqual(intact);
  });

  it('that would add a registration client beside the stored registration authorization', async () => {
    const payload = await update({ registrationClientId: 'registrar', registrationClientSecret: 'registrar-secret' });
    expect(payload).toEqual({ clientProvider: null, userErrors: [error('INVALID_VALUE', 'registrationClientId')] });
    expect(await externalSecrets()).toEqual(intact);
  });

  it('that would drop the introspection client id the stored secret needs', async () => {
    const payload = await update({ introspectionClientId: null });
    expect(payload).toEqual({ clientProvider: null, userErrors: [error('BLANK', 'introspectionClientId')] });
    expect(await externalSecrets()).toEqual(intact);
  });

  it.each([
    ['a null issuer', { issuer: null }, 'BLANK', 'issuer'],
    ['a blank name', { name: '  ' }, 'BLANK', 'name'],
    ['a taken name', { name: 'Spare Okta' }, 'NAME_TAKEN', 'name'],
    ['the built-in provider’s name', { name: 'Platform (built-in)' }, 'NAME_TAKEN', 'name'],
    ['propagation without deletion', { propagateClientChanges: true, allowClientDeletion: false }, 'PROPAGATION_REQUIRES_DELETION', 'propagateClientChanges'],
    ['requestTimeoutMs 0', { requestTimeoutMs: 0 }, 'OUT_OF_RANGE', 'requestTimeoutMs'],
    ['a discovery that fails', { name: 'Renamed', issuer: 'http://127.0.0.1:9', discover: true }, 'DISCOVERY_FAILED', 'issuer'],
  ])('with %s', async (_what, input, code, field) => {
    expect(await update(input)).toEqual({ clientProvider: null, userErrors: [error(code, field)] });
    expect(await externalSecrets()).toEqual(intact);
  });
});

describe('refused deletes and unlinks of providers change nothing', () => {
  it('deleteClientProvider while linked', async () => {
    const { deleteClientProvider } = await unchanged(() => t.run(ADMIN, DeleteClientProviderDocument, { input: { id: f.external } }));
    expect(deleteClientProvider).toEqual({ deletedId: null, userErrors: [error('PROVIDER_LINKED', 'id')] });
  });

  it('deleteClientProvider of the built-in provider', async () => {
    const { deleteClientProvider } = await unchanged(() => t.run(ADMIN, DeleteClientProviderDocument, { input: { id: f.builtIn } }));
    expect(deleteClientProvider).toEqual({ deletedId: null, userErrors: [error('BUILT_IN_PROVIDER', 'id')] });
  });

  it.each([
    ['the built-in provider', () => f.builtIn, () => f.sandbox, 'BUILT_IN_PROVIDER'],
    ['the built-in provider where it is not the default', () => f.builtIn, () => f.production, 'BUILT_IN_PROVIDER'],
    ['the default provider', () => f.external, () => f.production, 'PROVIDER_IS_DEFAULT'],
    ['a provider linked elsewhere only', () => f.external, () => f.sandbox, 'PROVIDER_NOT_LINKED'],
    ['a provider linked nowhere', () => f.spare, () => f.production, 'PROVIDER_NOT_LINKED'],
  ])('unlinkClientProvider of %s', async (_what, provider, environment, code) => {
    const { unlinkClientProvider } = await unchanged(() =>
      t.run(ADMIN, UnlinkClientProviderDocument, { input: { clientProviderId: provider(), environmentId: environment() } }),
    );
    expect(unlinkClientProvider).toEqual({ environment: null, userErrors: [error(code, 'clientProviderId')] });
  });
});

describe('refused client mutations change nothing', () => {
  const register = (input: { name?: string; environmentId?: string } & Record<string, unknown>) =>
    unchanged(() => t.run(MEMBER, RegisterClientDocument, { input: { environmentId: f.sandbox, name: 'new-app', ...input } })).then(
      (r) => r.registerClient,
    );
  const refusedWith = (code: string, field: string) => ({ client: null, clientSecret: null, userErrors: [error(code, field)] });

  it.each([
    ['not absolute', 'app.example.com/callback'],
    ['with a fragment', 'https://app.example.com/callback#frag'],
    ['javascript:', 'javascript:alert(1)'],
  ])('registerClient with a redirect URI %s', async (_what, uri) => {
    expect(await register({ redirectUris: [uri] })).toEqual(refusedWith('INVALID_REDIRECT_URI', 'redirectUris'));
  });

  it('registerClient with an unknown grant type', async () => {
    expect(await register({ grantTypes: ['client_credentials', 'magic_link'] })).toEqual(refusedWith('INVALID_CLIENT_METADATA', 'grantTypes'));
  });

  it('registerClient with authorization_code but no redirect URI', async () => {
    expect(await register({ grantTypes: ['authorization_code'] })).toEqual(refusedWith('INVALID_REDIRECT_URI', 'redirectUris'));
    expect(await register({ grantTypes: ['authorization_code'], redirectUris: [] })).toEqual(refusedWith('INVALID_REDIRECT_URI', 'redirectUris'));
  });

  it('registerClient with a provider not linked to the environment', async () => {
    expect(await register({ clientProviderId: f.external })).toEqual(refusedWith('PROVIDER_NOT_LINKED', 'clientProviderId'));
    expect(await register({ clientProviderId: f.spare })).toEqual(refusedWith('PROVIDER_NOT_LINKED', 'clientProviderId'));
  });

  it('registerClient with an idempotency key used for a different registration', async () => {
    const [web] = f.clients;
    expect(await register({ name: 'not-the-web-app', idempotencyKey: web!.idempotencyKey })).toEqual(
      refusedWith('IDEMPOTENCY_KEY_REUSED', 'idempotencyKey'),
    );
    expect(await register({ name: web!.name, environmentId: f.production, idempotencyKey: web!.idempotencyKey })).toEqual(
      refusedWith('IDEMPOTENCY_KEY_REUSED', 'idempotencyKey'),
    );
    // Same name, other metadata: not a retry of the same request.
    expect(
      await register({ name: web!.name, idempotencyKey: web!.idempotencyKey, redirectUris: ['https://evil.example.com/cb'], scopes: ['openid'] }),
    ).toEqual(refusedWith('IDEMPOTENCY_KEY_REUSED', 'idempotencyKey'));
    expect(
      await register({
        name: web!.name,
        idempotencyKey: web!.idempotencyKey,
        redirectUris: ['https://web-app.example.com/callback'],
        scopes: ['openid', 'admin:everything'],
      }),
    ).toEqual(refusedWith('IDEMPOTENCY_KEY_REUSED', 'idempotencyKey'));
  });

  it('registerClient with a true retry changes nothing either, and answers with the same client', async () => {
    const [web] = f.clients;
    const replay = await register({
      name: web!.name,
      idempotencyKey: web!.idempotencyKey,
      redirectUris: ['https://web-app.example.com/callback'],
      scopes: ['openid'],
    });
    expect(replay.userErrors).toEqual([]);
    expect(replay.client!.id).toBe(web!.id);
  });

  it('registerClient at an external provider that cannot be reached', async () => {
    const answer = await register({ environmentId: f.production });
    expect(answer).toMatchObject({ client: null, clientSecret: null, userErrors: [{ code: 'PROVIDER_UNAVAILABLE', field: ['input', 'clientProviderId'] }] });
    expect(answer.userErrors[0]!.message).toMatch(/could not be reached.*ECONNREFUSED/);
  });

  it.each([
    ['an invalid redirect URI alongside a new name', { name: 'Renamed', redirectUris: ['https://x.example.com/cb#f'] }, 'INVALID_REDIRECT_URI', 'redirectUris'],
    ['an unknown grant type', { grantTypes: ['authorization_code', 'telepathy'] }, 'INVALID_CLIENT_METADATA', 'grantTypes'],
    ['no grant type at all', { grantTypes: [] }, 'INVALID_CLIENT_METADATA', 'grantTypes'],
    ['a scope with a space', { description: 'new words', scopes: ['read write'] }, 'INVALID_CLIENT_METADATA', 'scopes'],
    ['authorization_code and no redirect URI left', { redirectUris: [] }, 'INVALID_REDIRECT_URI', 'redirectUris'],
    ['a blank name', { name: '  ', scopes: ['openid', 'profile'] }, 'BLANK', 'name'],
  ])('updateClient with %s', async (_what, input, code, field) => {
    const [web] = f.clients;
    const before = (await t.run(MEMBER, ClientDocument, { id: web!.id })).client!;
    const { updateClient } = await unchanged(() => t.run(MEMBER, UpdateClientDocument, { input: { id: web!.id, ...input } }));
    expect(updateClient).toEqual({ client: null, changedInProvider: null, userErrors: [error(code, field)] });
    expect((await t.run(MEMBER, ClientDocument, { id: web!.id })).client).toEqual(before);
  });
});

describe('callers who may not change anything change nothing', () => {
  it('a member calling createEnvironment is FORBIDDEN', async () => {
    const response = await unchanged(() => t.request(MEMBER, CreateEnvironmentDocument, { input: { name: 'Member env', type: 'SANDBOX' } }));
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(response.data).toBeNull();
  });

  it('a member calling createClientProvider is FORBIDDEN', async () => {
    const response = await unchanged(() =>
      t.request(MEMBER, CreateClientProviderDocument, {
        input: { name: 'Member IdP', vendor: 'OKTA', issuer: 'https://member.okta.example.com' },
      }),
    );
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(response.data).toBeNull();
  });

  it('a member calling unlinkClientProvider or deleteEnvironment is FORBIDDEN', async () => {
    const unlink = await unchanged(() =>
      t.request(MEMBER, UnlinkClientProviderDocument, { input: { clientProviderId: f.external, environmentId: f.production } }),
    );
    expect(unlink.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const remove = await unchanged(() => t.request(MEMBER, DeleteEnvironmentDocument, { input: { id: f.production } }));
    expect(remove.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('a call without a token is UNAUTHENTICATED', async () => {
    const create = await unchanged(() => t.request(null, CreateEnvironmentDocument, { input: { name: 'Anonymous', type: 'SANDBOX' } }));
    expect(create.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(create.data).toBeNull();
    const register = await unchanged(() => t.request(null, RegisterClientDocument, { input: { environmentId: f.sandbox, name: 'anon-app' } }));
    expect(register.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(register.data).toBeNull();
  });

  it('an admin of another organization changes nothing here', async () => {
    const { deleteEnvironment } = await unchanged(() => t.run(admin('intruder-org'), DeleteEnvironmentDocument, { input: { id: f.production } }));
    expect(deleteEnvironment).toEqual({ deletedId: null, userErrors: [error('NOT_FOUND', 'id')] });
  });
});
