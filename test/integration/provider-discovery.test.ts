import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClientProvidersDocument,
  CreateClientProviderDocument,
  RegisterClientDocument,
  UpdateClientDocument,
  UpdateClientProviderDocument,
  type CreateClientProviderInput,
} from '../generated/graphql.js';
import { admin, startTestApp, type TestApp } from '../support/app.js';
import { INTROSPECTOR, startTestIdp, type TestIdp } from '../support/idp.js';
import { seedClient, seedLinkedEnvironment, seedProvider } from '../support/seed.js';

/**
 * Discovery when a provider is saved: the real OpenID provider's document fills the URLs an
 * administrator left empty (and jwksUrl, grantTypesSupported) before anything is stored; a failed
 * discovery saves nothing; `discover: false` skips it; registrations ask only for grant types the
 * IdP supports.
 */
let t: TestApp;
let idp: TestIdp;
beforeAll(async () => {
  [t, idp] = await Promise.all([startTestApp(), startTestIdp()]);
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
});

const withIssuer = (name: string, issuer = idp.issuer): CreateClientProviderInput => ({
  name,
  vendor: 'GENERIC_OIDC',
  issuer,
  registrationAuthorization: `Bearer ${idp.initialAccessToken}`,
  introspectionClientId: INTROSPECTOR.clientId,
  introspectionClientSecret: INTROSPECTOR.clientSecret,
});
const discoveryRequests = () => idp.requests.filter((r) => r.includes('/.well-known/')).length;
const providerNames = async (org: string) => (await t.run(admin(org), ClientProvidersDocument, {})).clientProviders.edges.map((e) => e.node.name);

/** A loopback server answering every request with this status and body, counting them. */
async function answering(status: number, body: unknown): Promise<{ url: string; hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('discovery when a provider is saved', () => {
  it('fills every URL left empty, jwksUrl and the supported grant types on create', async () => {
    const before = discoveryRequests();
    const provider = await seedProvider(t, admin('disc-create'), withIssuer('IdP'));
    expect(discoveryRequests()).toBe(before + 1);
    expect(provider).toMatchObject({
      issuer: idp.issuer,
      registrationUrl: `${idp.issuer}/reg`,
      authorizeUrl: `${idp.issuer}/auth`,
      tokenUrl: `${idp.issuer}/token`,
      introspectionUrl: `${idp.issuer}/token/introspection`,
      jwksUrl: `${idp.issuer}/jwks`,
    });
    // What oidc-provider says with this configuration: no password grant, no device flow.
    expect(provider.grantTypesSupported).toEqual(expect.arrayContaining(['authorization_code', 'client_credentials', 'refresh_token']));
    expect(provider.grantTypesSupported).not.toContain('password');
  });

  it('keeps the URLs an administrator gave and fills only the others', async () => {
    const provider = await seedProvider(t, admin('disc-keep'), { ...withIssuer('IdP'), tokenUrl: `${idp.issuer}/my-token` });
    expect(provider.tokenUrl).toBe(`${idp.issuer}/my-token`);
    expect(provider.registrationUrl).toBe(`${idp.issuer}/reg`);
  });

  it('asks nothing with discover: false, nor when every shown URL is given', async () => {
    const before = discoveryRequests();
    const skipped = await seedProvider(t, admin('disc-skip'), { ...withIssuer('Skipped'), discover: false });
    expect(skipped).toMatchObject({ registrationUrl: null, tokenUrl: null, jwksUrl: null, grantTypesSupported: null });
    await seedProvider(t, admin('disc-skip'), {
      ...withIssuer('Complete'),
      registrationUrl: `${idp.issuer}/reg`,
      authorizeUrl: `${idp.issuer}/auth`,
      tokenUrl: `${idp.issuer}/token`,
      introspectionUrl: `${idp.issuer}/token/introspection`,
    });
    expect(discoveryRequests()).toBe(before);
  });

  it('refuses with DISCOVERY_FAILED and saves nothing when the IdP answers with an error, in its own words', async () => {
    const broken = await answering(400, { error: 'invalid_request', error_description: 'tenant acme is suspended' });
    try {
      const { createClientProvider } = await t.run(admin('disc-fail'), CreateClientProviderDocument, { input: withIssuer('Broken', broken.url) });
      expect(createClientProvider.clientProvider).toBeNull();
      expect(createClientProvider.userErrors).toEqual([
        { field: ['input', 'issuer'], code: 'DISCOVERY_FAILED', message: expect.stringContaining('tenant acme is suspended') },
      ]);
      // The OpenID document, then both RFC 8414 addresses would be asked only after a 404 / 400 / 405:
      // a 400 at each of the two addresses an issuer without a path has.
      expect(broken.hits()).toBe(2);
      expect(await providerNames('disc-fail')).toEqual(['Platform (built-in)']);
    } finally {
      await broken.close();
    }
  });

  it('refuses an IdP that cannot be reached, or that asserts another issuer', async () => {
    const closed = await answering(200, {});
    await closed.close(); // nothing listens there any more
    const unreachable = await t.run(admin('disc-refuse'), CreateClientProviderDocument, { input: withIssuer('Gone', closed.url) });
    expect(unreachable.createClientProvider.userErrors).toEqual([
      { field: ['input', 'issuer'], code: 'DISCOVERY_FAILED', message: expect.stringMatching(/^Discovery at http:\/\/127\.0\.0\.1:\d+ failed: /) },
    ]);

    const impostor = await answering(200, { issuer: 'https://elsewhere.example.com', registration_endpoint: 'https://elsewhere.example.com/reg' });
    try {
      const asserted = await t.run(admin('disc-refuse'), CreateClientProviderDocument, { input: withIssuer('Impostor', impostor.url) });
      expect(asserted.createClientProvider.userErrors).toEqual([
        { field: ['input', 'issuer'], code: 'DISCOVERY_FAILED', message: expect.stringContaining('asserts the issuer https://elsewhere.example.com') },
      ]);
    } finally {
      await impostor.close();
    }
    expect(await providerNames('disc-refuse')).toEqual(['Platform (built-in)']);
  });

  it('refuses a discovery document larger than IDP_MAX_RESPONSE_BYTES without reading it, and saves nothing', async () => {
    const huge = await answering(200, { issuer: 'set below', padding: 'x'.repeat(20 * 1024 * 1024) });
    try {
      const { createClientProvider } = await t.run(admin('disc-huge'), CreateClientProviderDocument, { input: withIssuer('Huge', huge.url) });
      expect(createClientProvider.userErrors).toEqual([
        { field: ['input', 'issuer'], code: 'DISCOVERY_FAILED', message: expect.stringContaining('is larger than 8388608 bytes allowed (IDP_MAX_RESPONSE_BYTES)') },
      ]);
      expect(await providerNames('disc-huge')).toEqual(['Platform (built-in)']);
    } finally {
      await huge.close();
    }
  });

  it('falls back to RFC 8414 oauth-authorization-server when there is no OpenID document', async () => {
    const metadata = {
      issuer: '',
      registration_endpoint: '/register',
      token_endpoint: '/oauth/token',
      grant_types_supported: ['client_credentials'],
    };
    let asked: string[] = [];
    const server = createServer((req, res) => {
      asked.push(req.url!);
      if (req.url !== '/.well-known/oauth-authorization-server') return void res.writeHead(404).end();
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ ...metadata, issuer: origin, registration_endpoint: `${origin}/register`, token_endpoint: `${origin}/oauth/token` }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const provider = await seedProvider(t, admin('disc-8414'), withIssuer('OAuth only', origin));
      expect(asked).toEqual(['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']);
      expect(provider).toMatchObject({ registrationUrl: `${origin}/register`, tokenUrl: `${origin}/oauth/token`, authorizeUrl: null, grantTypesSupported: ['client_credentials'] });
      asked = [];
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('discovers on an update that changes the issuer or a URL, or asks for it; a failed discovery changes nothing', async () => {
    const provider = await seedProvider(t, admin('disc-update'), { ...withIssuer('IdP'), discover: false });
    const before = discoveryRequests();
    // A rename does not depend on the IdP answering.
    const renamed = await t.run(admin('disc-update'), UpdateClientProviderDocument, { input: { id: provider.id, name: 'IdP renamed' } });
    expect(renamed.updateClientProvider.clientProvider).toMatchObject({ name: 'IdP renamed', registrationUrl: null });
    expect(discoveryRequests()).toBe(before);
    const asked = await t.run(admin('disc-update'), UpdateClientProviderDocument, { input: { id: provider.id, discover: true } });
    expect(asked.updateClientProvider.clientProvider).toMatchObject({ registrationUrl: `${idp.issuer}/reg`, tokenUrl: `${idp.issuer}/token` });
    // Clearing a URL finds it again (discover: false keeps it empty, below).
    const cleared = await t.run(admin('disc-update'), UpdateClientProviderDocument, { input: { id: provider.id, tokenUrl: null } });
    expect(cleared.updateClientProvider.clientProvider).toMatchObject({ tokenUrl: `${idp.issuer}/token` });
    expect(discoveryRequests()).toBe(before + 2);

    const broken = await answering(404, {});
    try {
      const moved = await t.run(admin('disc-update'), UpdateClientProviderDocument, {
        input: { id: provider.id, name: 'Moved', issuer: broken.url, tokenUrl: null },
      });
      expect(moved.updateClientProvider.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'issuer'], 'DISCOVERY_FAILED']]);
      expect(moved.updateClientProvider.userErrors[0]!.message).toContain('HTTP 404');
      expect(await providerNames('disc-update')).toEqual(['Platform (built-in)', 'IdP renamed']);

      // The same change without discovery is saved as given (with the secrets given again: the issuer moves to another origin).
      const unchecked = await t.run(admin('disc-update'), UpdateClientProviderDocument, {
        input: {
          id: provider.id,
          name: 'Moved',
          issuer: broken.url,
          tokenUrl: null,
          discover: false,
          registrationAuthorization: `Bearer ${idp.initialAccessToken}`,
          introspectionClientSecret: INTROSPECTOR.clientSecret,
        },
      });
      expect(unchecked.updateClientProvider.clientProvider).toMatchObject({ name: 'Moved', issuer: broken.url, tokenUrl: null });
      expect(broken.hits()).toBe(2);
    } finally {
      await broken.close();
    }
  });

  it('refuses a grant type the IdP does not support before asking it, on registration and on update', async () => {
    const provider = await seedProvider(t, admin('disc-grants'), withIssuer('IdP'));
    const environment = await seedLinkedEnvironment(t, admin('disc-grants'), provider.id, 'Production');
    const registrations = () => idp.requests.filter((r) => r === 'POST /reg').length;
    const before = registrations();
    const { registerClient } = await t.run(admin('disc-grants'), RegisterClientDocument, {
      input: { environmentId: environment.id, name: 'Legacy app', grantTypes: ['password'] },
    });
    expect(registerClient.client).toBeNull();
    expect(registerClient.userErrors).toEqual([
      { field: ['input', 'grantTypes'], code: 'GRANT_TYPE_NOT_SUPPORTED', message: expect.stringContaining('does not support password') },
    ]);
    expect(registrations()).toBe(before);

    const { client } = await seedClient(t, admin('disc-grants'), { environmentId: environment.id, name: 'Service', grantTypes: ['client_credentials'] });
    expect(registrations()).toBe(before + 1);
    const { updateClient } = await t.run(admin('disc-grants'), UpdateClientDocument, { input: { id: client.id, grantTypes: ['client_credentials', 'password'] } });
    expect(updateClient.userErrors.map((e) => e.code)).toEqual(['GRANT_TYPE_NOT_SUPPORTED']);
  });
});
