import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthorizeTokenDocument,
  CreateClientProviderDocument,
  RegisterClientDocument,
  TestClientProviderDocument,
  UpdateClientProviderDocument,
} from '../generated/graphql.js';
import { admin, gateway, member, startTestApp, type TestApp } from '../support/app.js';
import { startTestIdp, type TestIdp } from '../support/idp.js';
import { seedLinkedEnvironment, seedProvider } from '../support/seed.js';

/**
 * Calls to IdPs never reach internal addresses unless IDP_ALLOWED_NETWORKS opens them: a loopback
 * IdP counts every request it gets, and gets none when a call is refused.
 */
let closed: TestApp; // the default: nothing internal allowed
let byName: TestApp; // only the host name localhost allowed
let idp: TestIdp;
const ORG = 'ssrf';

const createProvider = (app: TestApp, input: Record<string, unknown>) =>
  app.run(admin(ORG), CreateClientProviderDocument, { input: { name: `P ${Math.random()}`, vendor: 'GENERIC_OIDC', issuer: 'https://idp.example.com', discover: false, ...input } as never });

beforeAll(async () => {
  idp = await startTestIdp();
  closed = await startTestApp({ idpAllowedNetworks: [] });
  byName = await startTestApp({ idpAllowedNetworks: ['localhost'] });
});

afterAll(async () => {
  await closed?.close();
  await byName?.close();
  await idp?.close();
});

describe('addresses of identity providers', () => {
  it('refuses literal internal addresses in every URL field up front, naming the setting', async () => {
    const port = new URL(idp.issuer).port;
    const refused = [
      ['issuer', `http://127.0.0.1:${port}`],
      ['issuer', `http://[::1]:${port}`],
      ['issuer', `http://[::ffff:127.0.0.1]:${port}`],
      ['issuer', 'http://[64:ff9b::a9fe:a9fe]/'],
      ['registrationUrl', 'http://169.254.169.254/latest/meta-data/'],
      ['registrationUrl', 'http://10.0.0.1/register'],
      ['introspectionUrl', 'http://192.168.1.1/introspect'],
      ['jwksUrl', 'http://[fd00::1]/jwks'],
      ['tokenUrl', 'http://100.64.0.1/token'],
      ['authorizeUrl', 'http://0.0.0.0/authorize'],
      ['registrationUrl', 'http://2130706433/'],
    ] as const;
    const before = idp.requests.length;
    for (const [field, url] of refused) {
      const { createClientProvider } = await createProvider(closed, { [field]: url });
      expect(createClientProvider.userErrors, url).toEqual([
        { code: 'PROVIDER_ADDRESS_NOT_ALLOWED', field: ['input', field], message: expect.stringContaining('IDP_ALLOWED_NETWORKS') },
      ]);
    }
    // An update is refused the same way, and changes nothing.
    const provider = await seedProvider(closed, admin(ORG), { name: 'Public', vendor: 'GENERIC_OIDC', issuer: 'https://idp.example.com', discover: false });
    const { updateClientProvider } = await closed.run(admin(ORG), UpdateClientProviderDocument, { input: { id: provider.id, registrationUrl: 'http://10.1.2.3/' } });
    expect(updateClientProvider.userErrors.map((e) => e.code)).toEqual(['PROVIDER_ADDRESS_NOT_ALLOWED']);
    expect(idp.requests.length).toBe(before);
  });

  it('refuses a host name that resolves inward when it is called, before anything reaches it', async () => {
    const issuer = idp.issuer.replace('127.0.0.1', 'localhost');
    const before = idp.requests.length;
    // Discovery on save is refused already…
    const discovered = await createProvider(closed, { name: 'Discovered by name', issuer, discover: true });
    expect(discovered.createClientProvider.userErrors).toEqual([
      { code: 'PROVIDER_ADDRESS_NOT_ALLOWED', field: ['input', 'issuer'], message: expect.stringMatching(/127\.0\.0\.1 \(loopback\).*IDP_ALLOWED_NETWORKS/) },
    ]);
    // …and so is every call of a provider saved without it.
    const provider = await seedProvider(closed, admin(ORG), { idp, name: 'Loopback by name', issuer, introspectionUrl: `${issuer}/token/introspection`, discover: false });
    const environment = await seedLinkedEnvironment(closed, admin(ORG), provider.id, 'By name');

    const { registerClient } = await closed.run(member(ORG), RegisterClientDocument, { input: { environmentId: environment.id, name: 'Never sent' } });
    expect(registerClient.userErrors).toEqual([
      { code: 'PROVIDER_ADDRESS_NOT_ALLOWED', field: ['input', 'clientProviderId'], message: expect.stringMatching(/127\.0\.0\.1 \(loopback\).*IDP_ALLOWED_NETWORKS/) },
    ]);
    const { testClientProvider } = await closed.run(admin(ORG), TestClientProviderDocument, { input: { id: provider.id } });
    expect(testClientProvider.ok).toBe(false);
    expect(testClientProvider.checks.map((c) => c.ok)).toEqual([false, false, false]);
    expect(testClientProvider.checks[0]!.message).toMatch(/^PROVIDER_ADDRESS_NOT_ALLOWED/); // discovery
    const token = await closed.request(gateway(ORG), AuthorizeTokenDocument, { environmentId: environment.id, token: 'a-token' });
    expect(token.errors?.map((e) => [e.extensions?.code, (e.extensions as { providerCode?: string }).providerCode])).toEqual([
      ['PROVIDER_UNAVAILABLE', 'PROVIDER_ADDRESS_NOT_ALLOWED'],
    ]);
    expect(idp.requests.length).toBe(before);

    // Counted, and logged without the registration header.
    const metrics = await (await fetch(closed.app.metricsUrl)).text();
    expect(metrics).toMatch(/^idp_requests_total\{[^}]*outcome="PROVIDER_ADDRESS_NOT_ALLOWED"\} [1-9]/m);
    const refusals = closed.logs.filter((line) => line.includes('refused a call to an identity provider at a disallowed address'));
    expect(refusals.length).toBeGreaterThan(0);
    expect(closed.logs.join('\n')).not.toContain(idp.initialAccessToken);
  });

  it('calls an IdP whose host name is on the allow-list', async () => {
    const issuer = idp.issuer.replace('127.0.0.1', 'localhost');
    // The IdP asserts its 127.0.0.1 issuer, so discovery would refuse the name: the URL is given.
    const provider = await seedProvider(byName, admin(ORG), { idp, name: 'Allowed by name', issuer, registrationUrl: `${issuer}/reg`, discover: false });
    const environment = await seedLinkedEnvironment(byName, admin(ORG), provider.id, 'Allowed');
    const { registerClient } = await byName.run(member(ORG), RegisterClientDocument, { input: { environmentId: environment.id, name: 'Sent' } });
    expect(registerClient.userErrors).toEqual([]);
    expect(idp.clientIds()).toContain(registerClient.client!.clientId);
    // The name is allowed, not its address: the same IdP by address stays refused.
    const { createClientProvider } = await createProvider(byName, { issuer: idp.issuer });
    expect(createClientProvider.userErrors.map((e) => e.code)).toEqual(['PROVIDER_ADDRESS_NOT_ALLOWED']);
  });

  it('follows no redirect, not even one from an allowed IdP to an inward address', async () => {
    let inward = 0;
    const target: Server = createServer((_req, res) => void ((inward += 1), res.end('{}')));
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.2', resolve));
    const redirecting: Server = createServer((_req, res) => {
      res.writeHead(302, { location: `http://127.0.0.2:${(target.address() as AddressInfo).port}/.well-known/openid-configuration` }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, 'localhost', resolve));
    try {
      const issuer = `http://localhost:${(redirecting.address() as AddressInfo).port}`;
      const discovered = await createProvider(byName, { issuer, discover: true });
      expect(discovered.createClientProvider.userErrors).toEqual([
        { code: 'DISCOVERY_FAILED', field: ['input', 'issuer'], message: expect.stringMatching(/redirect \(HTTP 302\), which is not followed/) },
      ]);
      const provider = await seedProvider(byName, admin(ORG), { name: 'Redirecting', vendor: 'GENERIC_OIDC', issuer, registrationAuthorization: 'Bearer x', discover: false });
      const environment = await seedLinkedEnvironment(byName, admin(ORG), provider.id, 'Redirected');
      const { registerClient } = await byName.run(member(ORG), RegisterClientDocument, { input: { environmentId: environment.id, name: 'Redirected' } });
      expect(registerClient.userErrors).toEqual([{ code: 'PROVIDER_UNAVAILABLE', field: ['input', 'clientProviderId'], message: expect.stringMatching(/redirect \(HTTP 302\), which is not followed/) }]);
      expect(inward).toBe(0);
    } finally {
      target.close();
      redirecting.close();
    }
  });
});
