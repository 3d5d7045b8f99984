import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClientProviderDocument,
  ClientProvidersDocument,
  CreateClientProviderDocument,
  DeleteClientProviderDocument,
  LinkClientProviderDocument,
  RegisterClientDocument,
  UnlinkClientProviderDocument,
  UpdateClientProviderDocument,
  type CreateClientProviderInput,
} from '../generated/graphql.js';
import { admin, member, startTestApp, type TestApp } from '../support/app.js';
import { seedEnvironment, seedLink, seedProvider } from '../support/seed.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const okta = (name: string): CreateClientProviderInput => ({
  name,
  vendor: 'OKTA',
  issuer: 'https://example.okta.com/oauth2/default',
  registrationUrl: 'https://example.okta.com/oauth2/v1/clients',
  registrationAuthorization: 'SSWS 00abcdef',
  authorizeUrl: 'https://example.okta.com/oauth2/v1/authorize',
  tokenUrl: 'https://example.okta.com/oauth2/v1/token',
  introspectionUrl: 'https://example.okta.com/oauth2/v1/introspect',
  introspectionClientId: 'introspector',
  introspectionClientSecret: 'introspector-secret',
});

describe('client providers', () => {
  it('creates an external provider with every field and defaults, never showing its secrets', async () => {
    const provider = await seedProvider(t, admin('cp-create'), { ...okta('Okta'), description: ' Corporate Okta ' });
    expect(provider).toMatchObject({
      name: 'Okta',
      description: 'Corporate Okta',
      vendor: 'OKTA',
      builtIn: false,
      issuer: 'https://example.okta.com/oauth2/default',
      registrationUrl: 'https://example.okta.com/oauth2/v1/clients',
      hasRegistrationAuthorization: true,
      tokenUrl: 'https://example.okta.com/oauth2/v1/token',
      introspectionClientId: 'introspector',
      hasIntrospectionClientSecret: true,
      disableServerCertificateValidation: false,
      allowClientDeletion: false,
      propagateClientChanges: false,
      requestTimeoutMs: 5000,
    });
    expect(JSON.stringify(provider)).not.toMatch(/00abcdef|introspector-secret/);

    const { clientProviders } = await t.run(member('cp-create'), ClientProvidersDocument, {});
    expect(clientProviders.totalCount).toBe(2);
    expect(clientProviders.edges.map((e) => [e.node.name, e.node.builtIn])).toEqual([
      ['Platform (built-in)', true],
      ['Okta', false],
    ]);
  });

  it('updates only what is given: an omitted secret is kept, null clears it', async () => {
    const provider = await seedProvider(t, admin('cp-update'), okta('Okta'));
    const { updateClientProvider } = await t.run(admin('cp-update'), UpdateClientProviderDocument, {
      input: { id: provider.id, name: 'Okta EU', allowClientDeletion: true, propagateClientChanges: true, requestTimeoutMs: 1500 },
    });
    expect(updateClientProvider.userErrors).toEqual([]);
    expect(updateClientProvider.clientProvider).toMatchObject({
      name: 'Okta EU',
      issuer: provider.issuer,
      allowClientDeletion: true,
      propagateClientChanges: true,
      requestTimeoutMs: 1500,
      hasRegistrationAuthorization: true,
      hasIntrospectionClientSecret: true,
    });

    const cleared = await t.run(admin('cp-update'), UpdateClientProviderDocument, {
      input: { id: provider.id, introspectionClientSecret: null, description: null, tokenUrl: null, discover: false },
    });
    expect(cleared.updateClientProvider.clientProvider).toMatchObject({
      hasIntrospectionClientSecret: false,
      hasRegistrationAuthorization: true,
      tokenUrl: null,
      description: null,
    });

    const invalid = await t.run(admin('cp-update'), UpdateClientProviderDocument, {
      input: { id: provider.id, allowClientDeletion: false },
    });
    expect(invalid.updateClientProvider.userErrors.map((e) => e.code)).toEqual(['PROPAGATION_REQUIRES_DELETION']);
    const blankIssuer = await t.run(admin('cp-update'), UpdateClientProviderDocument, { input: { id: provider.id, issuer: null } });
    expect(blankIssuer.updateClientProvider.userErrors.map((e) => e.code)).toEqual(['BLANK']);
  });

  it('asks for a stored secret again when an address it is sent to moves to another origin; a new path keeps it', async () => {
    const org = admin('cp-move');
    const provider = await seedProvider(t, org, okta('Okta'));
    const update = async (input: Record<string, unknown>) => (await t.run(org, UpdateClientProviderDocument, { input: { id: provider.id, discover: false, ...input } })).updateClientProvider;
    const current = async () => (await t.run(org, ClientProviderDocument, { id: provider.id })).clientProvider;

    const moved = await update({ registrationUrl: 'https://collector.example.net/r' });
    expect(moved.clientProvider).toBeNull();
    expect(moved.userErrors).toEqual([
      { field: ['input', 'registrationAuthorization'], code: 'BLANK', message: 'registrationAuthorization must be given again (or set to null): the stored one is not sent to a new address (https://collector.example.net)' },
    ]);
    expect((await update({ introspectionUrl: 'http://example.okta.com/oauth2/v1/introspect' })).userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'introspectionClientSecret'], 'BLANK']]); // another scheme
    expect((await update({ issuer: 'https://example.okta.com:8443/oauth2/default' })).userErrors.map((e) => e.field?.[1])).toEqual(['registrationAuthorization', 'introspectionClientSecret']); // another port
    expect(await current()).toMatchObject({ issuer: provider.issuer, registrationUrl: 'https://example.okta.com/oauth2/v1/clients', introspectionUrl: 'https://example.okta.com/oauth2/v1/introspect' });

    // Another path on the same origin; a URL cleared to the issuer's own origin.
    expect((await update({ registrationUrl: 'https://example.okta.com/api/v1/apps', tokenUrl: null })).userErrors).toEqual([]);
    // Given again, or cleared, with the move.
    expect((await update({ registrationUrl: 'https://collector.example.net/r', registrationAuthorization: 'SSWS 00new' })).userErrors).toEqual([]);
    expect((await update({ introspectionUrl: 'https://collector.example.net/i', introspectionClientSecret: null })).userErrors).toEqual([]);
    expect(await current()).toMatchObject({ registrationUrl: 'https://collector.example.net/r', hasRegistrationAuthorization: true, introspectionUrl: 'https://collector.example.net/i', hasIntrospectionClientSecret: false });

    // A registration client's secret gets a token at the token URL, and that token goes to the registration URL.
    const { registrationAuthorization: _, ...rest } = okta('By client');
    const byClient = await seedProvider(t, org, { ...rest, vendor: 'GENERIC_OIDC', registrationClientId: 'registrar', registrationClientSecret: 'registrar-secret', discover: false });
    const movedToken = await t.run(org, UpdateClientProviderDocument, { input: { id: byClient.id, registrationUrl: 'https://collector.example.net/r', discover: false } });
    expect(movedToken.updateClientProvider.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'registrationClientSecret'], 'BLANK']]);
  });

  it('validates every field with its own code', async () => {
    const { createClientProvider } = await t.run(admin('cp-validate'), CreateClientProviderDocument, {
      input: {
        name: '',
        vendor: 'PLATFORM',
        issuer: 'ftp://idp.example.com',
        registrationUrl: '/relative',
        tokenUrl: 'https://user:pass@idp.example.com/token',
        registrationAuthorization: 'no-scheme',
        introspectionClientSecret: 'orphan-secret',
        propagateClientChanges: true,
        requestTimeoutMs: 50,
      },
    });
    expect(createClientProvider.clientProvider).toBeNull();
    const byField = Object.fromEntries(createClientProvider.userErrors.map((e) => [e.field!.at(-1), e.code]));
    expect(byField).toEqual({
      name: 'BLANK',
      vendor: 'VENDOR_NOT_ALLOWED',
      issuer: 'INVALID_URL',
      registrationUrl: 'INVALID_URL',
      tokenUrl: 'INVALID_URL',
      registrationAuthorization: 'INVALID_VALUE',
      introspectionClientId: 'BLANK',
      propagateClientChanges: 'PROPAGATION_REQUIRES_DELETION',
      requestTimeoutMs: 'OUT_OF_RANGE',
    });
    const injection = await t.run(admin('cp-validate'), CreateClientProviderDocument, {
      input: { ...okta('Injected'), registrationAuthorization: 'Bearer abc\r\nX-Evil: 1' },
    });
    expect(injection.createClientProvider.userErrors.map((e) => e.code)).toEqual(['INVALID_VALUE']);
    await seedProvider(t, admin('cp-validate'), okta('Unique'));
    const taken = await t.run(admin('cp-validate'), CreateClientProviderDocument, { input: okta('Unique') });
    expect(taken.createClientProvider.userErrors.map((e) => e.code)).toEqual(['NAME_TAKEN']);
  });

  it('links to several environments, makes it the default, and unlinks under the rules', async () => {
    const org = 'cp-link';
    const provider = await seedProvider(t, admin(org), okta('Okta'));
    const prod = await seedEnvironment(t, admin(org), 'Prod');
    const sandbox = await seedEnvironment(t, admin(org), 'Sandbox');
    const builtInId = prod.defaultClientProvider.id;

    const linked = await t.run(admin(org), LinkClientProviderDocument, {
      input: { environmentId: prod.id, clientProviderId: provider.id, makeDefault: true },
    });
    expect(linked.linkClientProvider.userErrors).toEqual([]);
    expect(linked.linkClientProvider.environment!.clientProviders.map((p) => p.id)).toEqual([builtInId, provider.id]);
    expect(linked.linkClientProvider.environment!.defaultClientProvider.id).toBe(provider.id);
    await t.run(admin(org), LinkClientProviderDocument, { input: { environmentId: sandbox.id, clientProviderId: provider.id } });
    const again = await t.run(admin(org), LinkClientProviderDocument, { input: { environmentId: sandbox.id, clientProviderId: provider.id } });
    expect(again.linkClientProvider.environment!.clientProviders).toHaveLength(2); // linking twice is harmless

    const read = await t.run(member(org), ClientProviderDocument, { id: provider.id });
    expect(read.clientProvider!.environments.map((e) => e.id).sort()).toEqual([prod.id, sandbox.id].sort());

    const isDefault = await t.run(admin(org), UnlinkClientProviderDocument, { input: { environmentId: prod.id, clientProviderId: provider.id } });
    expect(isDefault.unlinkClientProvider.userErrors.map((e) => e.code)).toEqual(['PROVIDER_IS_DEFAULT']);
    const builtIn = await t.run(admin(org), UnlinkClientProviderDocument, { input: { environmentId: prod.id, clientProviderId: builtInId } });
    expect(builtIn.unlinkClientProvider.userErrors.map((e) => e.code)).toEqual(['BUILT_IN_PROVIDER']);

    // Back to the built-in as default, then the unlink goes through.
    await t.run(admin(org), LinkClientProviderDocument, { input: { environmentId: prod.id, clientProviderId: builtInId, makeDefault: true } });
    const unlinked = await t.run(admin(org), UnlinkClientProviderDocument, { input: { environmentId: prod.id, clientProviderId: provider.id } });
    expect(unlinked.unlinkClientProvider.userErrors).toEqual([]);
    expect(unlinked.unlinkClientProvider.environment!.clientProviders.map((p) => p.id)).toEqual([builtInId]);
    const notLinked = await t.run(admin(org), UnlinkClientProviderDocument, { input: { environmentId: prod.id, clientProviderId: provider.id } });
    expect(notLinked.unlinkClientProvider.userErrors.map((e) => e.code)).toEqual(['PROVIDER_NOT_LINKED']);
  });

  it('refuses to delete a provider that is linked or built in, and deletes an unused one', async () => {
    const org = 'cp-delete';
    const provider = await seedProvider(t, admin(org), okta('Okta'));
    const environment = await seedEnvironment(t, admin(org), 'Prod');
    await seedLink(t, admin(org), { environmentId: environment.id, clientProviderId: provider.id });

    const linked = await t.run(admin(org), DeleteClientProviderDocument, { input: { id: provider.id } });
    expect(linked.deleteClientProvider).toMatchObject({ deletedId: null, userErrors: [{ code: 'PROVIDER_LINKED' }] });
    const builtIn = await t.run(admin(org), DeleteClientProviderDocument, { input: { id: environment.defaultClientProvider.id } });
    expect(builtIn.deleteClientProvider.userErrors.map((e) => e.code)).toEqual(['BUILT_IN_PROVIDER']);
    const builtInUpdate = await t.run(admin(org), UpdateClientProviderDocument, { input: { id: environment.defaultClientProvider.id, name: 'Mine' } });
    expect(builtInUpdate.updateClientProvider.userErrors.map((e) => e.code)).toEqual(['BUILT_IN_PROVIDER']);

    await t.run(admin(org), UnlinkClientProviderDocument, { input: { environmentId: environment.id, clientProviderId: provider.id } });
    const deleted = await t.run(admin(org), DeleteClientProviderDocument, { input: { id: provider.id } });
    expect(deleted.deleteClientProvider).toEqual({ deletedId: provider.id, userErrors: [] });
    expect((await t.run(admin(org), ClientProviderDocument, { id: provider.id })).clientProvider).toBeNull();
  });

  it('registers clients only with a linked provider', async () => {
    const org = 'cp-register';
    const provider = await seedProvider(t, admin(org), okta('Okta'));
    const environment = await seedEnvironment(t, admin(org), 'Prod');
    const notLinked = await t.run(member(org), RegisterClientDocument, {
      input: { environmentId: environment.id, clientProviderId: provider.id, name: 'app' },
    });
    expect(notLinked.registerClient.userErrors.map((e) => e.code)).toEqual(['PROVIDER_NOT_LINKED']);
    expect(notLinked.registerClient.client).toBeNull();
  });

  it('is managed by organization administrators only', async () => {
    const forbidden = await t.request(member('cp-roles'), CreateClientProviderDocument, { input: okta('Okta') });
    expect(forbidden.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const { clientProviders } = await t.run(admin('cp-roles'), ClientProvidersDocument, {});
    expect(clientProviders.edges.map((e) => e.node.name)).toEqual(['Platform (built-in)']);
  });
});
