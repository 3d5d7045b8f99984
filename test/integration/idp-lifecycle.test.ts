import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateClientProviderDocument,
  ClientProviderDocument,
  DeleteClientDocument,
  RegisterClientDocument,
  ImportClientDocument,
  RotateClientSecretDocument,
  TestClientProviderDocument,
  UpdateClientDocument,
  UpdateClientProviderDocument,
  type CreateClientProviderInput,
} from '../generated/graphql.js';
import { admin, member, startTestApp, type TestApp } from '../support/app.js';
import { startTestIdp, type TestIdp } from '../support/idp.js';
import { seedEnvironment, seedLinkedEnvironment, seedProvider } from '../support/seed.js';
import { clientCredentialsGrant } from '../support/tokens.js';

/** The whole life of a client in a real OpenID provider (oidc-provider), through our GraphQL API. */
let t: TestApp;
let idp: TestIdp;
let tlsIdp: TestIdp;
beforeAll(async () => {
  [t, idp, tlsIdp] = await Promise.all([startTestApp(), startTestIdp(), startTestIdp({ https: true })]);
});
afterAll(async () => {
  await Promise.all([t?.close(), idp?.close(), tlsIdp?.close()]);
});

const ORG = 'idp-org';

async function connect(name: string, target: TestIdp, settings: Partial<CreateClientProviderInput> = {}) {
  const provider = await seedProvider(t, admin(ORG), {
    idp: target,
    name,
    allowClientDeletion: true,
    propagateClientChanges: true,
    requestTimeoutMs: 3000,
    ...settings,
  });
  const environment = await seedLinkedEnvironment(t, admin(ORG), provider.id, `${name} env`);
  return { providerId: provider.id, environmentId: environment.id };
}

/** The IdP's token endpoint's answer to a client credentials grant: proof that the secret we hold works there. */
const tokenFrom = (target: TestIdp, clientId: string, clientSecret: string, scope?: string) =>
  clientCredentialsGrant(`${target.issuer}/token`, clientId, clientSecret, scope);

describe('clients in a real OpenID provider', () => {
  it('registers (finding the endpoints by discovery on first use), updates, and deletes in the IdP', async () => {
    // Saved without discovery (test/integration/provider-discovery.test.ts covers it on save): the
    // first registration discovers the endpoints and stores them.
    const { providerId, environmentId } = await connect('Generic', idp, { discover: false });

    const { registerClient } = await t.run(member(ORG), RegisterClientDocument, {
      input: { environmentId, name: 'Orders service', scopes: ['read'], grantTypes: ['client_credentials'] },
    });
    expect(registerClient.userErrors).toEqual([]);
    const client = registerClient.client!;
    const secret = registerClient.clientSecret!;
    expect(client.provider.id).toBe(providerId);
    expect(idp.clientIds()).toEqual([client.clientId]);
    expect(await idp.clientMetadata(client.clientId!)).toMatchObject({ client_name: 'Orders service', scope: 'read', grant_types: ['client_credentials'] });
    expect((await tokenFrom(idp, client.clientId!, secret, 'read')).status).toBe(200);

    const { clientProvider } = await t.run(admin(ORG), ClientProviderDocument, { id: providerId });
    expect(clientProvider).toMatchObject({
      registrationUrl: `${idp.issuer}/reg`,
      tokenUrl: `${idp.issuer}/token`,
      authorizeUrl: `${idp.issuer}/auth`,
      introspectionUrl: `${idp.issuer}/token/introspection`,
    });

    const { updateClient } = await t.run(member(ORG), UpdateClientDocument, {
      input: { id: client.id, name: 'Orders', scopes: ['read', 'write'] },
    });
    expect(updateClient).toMatchObject({ changedInProvider: true, userErrors: [], client: { name: 'Orders', scopes: ['read', 'write'], hasClientSecret: true } });
    expect(await idp.clientMetadata(client.clientId!)).toMatchObject({ client_name: 'Orders', scope: 'read write' });
    // The IdP's answer to the update does not replace the secret we hold.
    expect((await tokenFrom(idp, client.clientId!, secret, 'write')).status).toBe(200);

    const rotate = await t.run(member(ORG), RotateClientSecretDocument, { input: { id: client.id } });
    expect(rotate.rotateClientSecret.userErrors).toEqual([
      { code: 'PROVIDER_OPERATION_UNSUPPORTED', field: ['input', 'id'], message: expect.stringMatching(/Rotate the secret in the identity provider itself.*or delete the client and register a new one/) },
    ]);
    // Nothing changed: the secret still works.
    expect((await tokenFrom(idp, client.clientId!, secret, 'write')).status).toBe(200);

    const { deleteClient } = await t.run(member(ORG), DeleteClientDocument, { input: { id: client.id } });
    expect(deleteClient).toEqual({ deletedId: client.id, deletedInProvider: true, userErrors: [] });
    expect(idp.clientIds()).toEqual([]);
    expect((await tokenFrom(idp, client.clientId!, secret)).status).toBe(401);
  });

  it('keeps changes in the platform when propagation is off, and refuses deletion when it is not allowed', async () => {
    const { providerId, environmentId } = await connect('Local changes', idp, { propagateClientChanges: false });
    const { registerClient } = await t.run(member(ORG), RegisterClientDocument, { input: { environmentId, name: 'Kept', scopes: ['read'] } });
    const client = registerClient.client!;

    const { updateClient } = await t.run(member(ORG), UpdateClientDocument, { input: { id: client.id, name: 'Renamed here only' } });
    expect(updateClient).toMatchObject({ changedInProvider: false, client: { name: 'Renamed here only' } });
    expect(await idp.clientMetadata(client.clientId!)).toMatchObject({ client_name: 'Kept' });

    await t.run(admin(ORG), UpdateClientProviderDocument, { input: { id: providerId, allowClientDeletion: false } });
    const refused = await t.run(member(ORG), DeleteClientDocument, { input: { id: client.id } });
    expect(refused.deleteClient.userErrors.map((e) => e.code)).toEqual(['CLIENT_DELETION_DISABLED']);

    await t.run(admin(ORG), UpdateClientProviderDocument, { input: { id: providerId, allowClientDeletion: true } });
    const { deleteClient } = await t.run(member(ORG), DeleteClientDocument, { input: { id: client.id } });
    expect(deleteClient).toEqual({ deletedId: client.id, deletedInProvider: false, userErrors: [] });
    expect(await idp.hasClient(client.clientId!)).toBe(true); // the IdP keeps it, as the switch says
  });

  it('passes the IdP’s refusals on with their own words', async () => {
    const { providerId, environmentId } = await connect('Refusing', idp, { registrationAuthorization: 'Bearer not-the-initial-access-token' });
    const before = idp.clientIds();
    const rejected = await t.run(member(ORG), RegisterClientDocument, { input: { environmentId, name: 'Nope' } });
    expect(rejected.registerClient.userErrors).toEqual([
      { code: 'PROVIDER_REJECTED_CREDENTIALS', field: ['input', 'clientProviderId'], message: expect.stringMatching(/refused the credentials.*invalid/i) },
    ]);

    await t.run(admin(ORG), UpdateClientProviderDocument, { input: { id: providerId, registrationAuthorization: `Bearer ${idp.initialAccessToken}` } });
    // A redirect URI our rules accept but this IdP refuses for a web client.
    const refused = await t.run(member(ORG), RegisterClientDocument, {
      input: { environmentId, name: 'Web', redirectUris: ['com.example.app:/callback'], grantTypes: ['authorization_code'] },
    });
    expect(refused.registerClient.userErrors).toEqual([
      { code: 'INVALID_REDIRECT_URI', field: ['input', 'clientProviderId'], message: expect.stringContaining('redirect_uris') },
    ]);
    expect(idp.clientIds()).toEqual(before);
  });

  it('refuses a self-signed IdP unless certificate validation is switched off for that provider', async () => {
    // Discovery on save already says so, naming the switch…
    const { createClientProvider } = await t.run(admin(ORG), CreateClientProviderDocument, {
      input: { name: 'TLS checked', vendor: 'GENERIC_OIDC', issuer: tlsIdp.issuer },
    });
    expect(createClientProvider.userErrors.map((e) => e.code)).toEqual(['DISCOVERY_FAILED']);
    expect(createClientProvider.userErrors[0]!.message).toMatch(/DEPTH_ZERO_SELF_SIGNED_CERT.*disableServerCertificateValidation/);
    // …and a provider saved without it is refused when it registers.
    const strict = await connect('TLS strict', tlsIdp, { discover: false });
    const refused = await t.run(member(ORG), RegisterClientDocument, { input: { environmentId: strict.environmentId, name: 'TLS' } });
    expect(refused.registerClient.userErrors.map((e) => e.code)).toEqual(['PROVIDER_TLS_ERROR']);
    expect(refused.registerClient.userErrors[0]!.message).toMatch(/SELF_SIGNED|disableServerCertificateValidation/);

    const relaxed = await connect('TLS relaxed', tlsIdp, { disableServerCertificateValidation: true });
    const { registerClient } = await t.run(member(ORG), RegisterClientDocument, { input: { environmentId: relaxed.environmentId, name: 'TLS' } });
    expect(registerClient.userErrors).toEqual([]);
    expect(tlsIdp.clientIds()).toEqual([registerClient.client!.clientId]);
    // The strict provider is still strict: the switch belongs to one provider only.
    const again = await t.run(member(ORG), RegisterClientDocument, { input: { environmentId: strict.environmentId, name: 'TLS again' } });
    expect(again.registerClient.userErrors.map((e) => e.code)).toEqual(['PROVIDER_TLS_ERROR']);
  });

  it('tests a provider’s connection check by check, leaving nothing in the IdP', async () => {
    const { providerId } = await connect('Tested', idp);
    const before = idp.clientIds();
    const test = async () => (await t.run(admin(ORG), TestClientProviderDocument, { input: { id: providerId } })).testClientProvider;

    const good = await test();
    expect(good.checks.map((c) => [c.name, c.ok])).toEqual([
      ['discovery', true],
      ['registration_authorization', true],
      ['introspection_client', true],
    ]);
    expect(good.ok).toBe(true);

    await t.run(admin(ORG), UpdateClientProviderDocument, {
      input: { id: providerId, registrationAuthorization: 'Bearer wrong', introspectionClientSecret: 'wrong-secret' },
    });
    const bad = await test();
    expect(bad.ok).toBe(false);
    expect(bad.checks.map((c) => [c.name, c.ok])).toEqual([
      ['discovery', true],
      ['registration_authorization', false],
      ['introspection_client', false],
    ]);
    expect(bad.checks[1]!.message).toMatch(/^PROVIDER_REJECTED_CREDENTIALS/);
    expect(bad.checks[2]!.message).toMatch(/^PROVIDER_REJECTED_CREDENTIALS/);

    await t.run(admin(ORG), UpdateClientProviderDocument, { input: { id: providerId, issuer: `${idp.issuer}/elsewhere` } });
    const wrongIssuer = await test();
    expect(wrongIssuer.checks[0]).toMatchObject({ name: 'discovery', ok: false });
    expect(idp.clientIds()).toEqual(before);

    const forbidden = await t.request(member(ORG), TestClientProviderDocument, { input: { id: providerId } });
    expect(forbidden.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('imports a client that already exists in the IdP, once', async () => {
    const { providerId, environmentId } = await connect('Importing', idp);
    // Registered straight at the IdP, as an administrator would have done before.
    const registered = await fetch(`${idp.issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${idp.initialAccessToken}` },
      body: JSON.stringify({ client_name: 'Legacy', grant_types: ['client_credentials'], response_types: [], redirect_uris: [] }),
    }).then((r) => r.json() as Promise<{ client_id: string; client_secret: string }>);

    const { importClient } = await t.run(admin(ORG), ImportClientDocument, {
      input: { environmentId, clientProviderId: providerId, clientId: registered.client_id, clientSecret: registered.client_secret, name: 'Legacy' },
    });
    expect(importClient.userErrors).toEqual([]);
    expect(importClient.client).toMatchObject({ clientId: registered.client_id, name: 'Legacy', hasClientSecret: true, status: 'ACTIVE', provider: { id: providerId } });
    expect(JSON.stringify(importClient)).not.toContain(registered.client_secret);
    // Its metadata in the IdP is unknown here: a propagated full replace would overwrite it.
    const renamed = await t.run(admin(ORG), UpdateClientDocument, { input: { id: importClient.client!.id, name: 'Legacy renamed' } });
    expect(renamed.updateClient.userErrors.map((e) => e.code)).toEqual(['PROVIDER_OPERATION_UNSUPPORTED']);
    expect(await idp.clientMetadata(registered.client_id)).toMatchObject({ client_name: 'Legacy', grant_types: ['client_credentials'] });

    const again = await t.run(admin(ORG), ImportClientDocument, {
      input: { environmentId, clientProviderId: providerId, clientId: registered.client_id, name: 'Legacy again' },
    });
    expect(again.importClient.userErrors.map((e) => e.code)).toEqual(['CLIENT_ALREADY_REGISTERED']);
    const builtIn = await seedEnvironment(t, admin(ORG), 'Import env', 'SANDBOX');
    const intoBuiltIn = await t.run(admin(ORG), ImportClientDocument, {
      input: { environmentId: builtIn.id, clientProviderId: builtIn.defaultClientProvider.id, clientId: 'anything', name: 'x' },
    });
    expect(intoBuiltIn.importClient.userErrors.map((e) => e.code)).toEqual(['PROVIDER_OPERATION_UNSUPPORTED']);
    const byMember = await t.request(member(ORG), ImportClientDocument, {
      input: { environmentId, clientProviderId: providerId, clientId: 'other', name: 'x' },
    });
    expect(byMember.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
