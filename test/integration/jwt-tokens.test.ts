import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizeTokenDocument, UpdateClientProviderDocument } from '../generated/graphql.js';
import { admin, gateway, member, startTestApp, type TestApp } from '../support/app.js';
import { startTestIdp, type TestIdp } from '../support/idp.js';
import { seedClient, seedLinkedEnvironment, seedProvider } from '../support/seed.js';
import { clientCredentialsToken } from '../support/tokens.js';

/** JWT access tokens validated locally against the IdP's JWKS: no introspection round trip. */
const ORG = 'jwt-org';
const AUDIENCE = 'https://api.example.test';
let t: TestApp;
let idp: TestIdp;
let environmentId: string;
let providerId: string;
let client: { id: string; clientId: string; secret: string };
/** The IdP's signing key, so that a test can sign what the IdP itself never would. */
let signingKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
const KID = 'test-signing-key';

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signingKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.privateKey)), kid: KID, alg: 'RS256', use: 'sig' };
  [t, idp] = await Promise.all([startTestApp(), startTestIdp({ jwtAudience: AUDIENCE, signingKey: jwk })]);
  providerId = (await seedProvider(t, admin(ORG), { idp, name: 'JWT IdP', validateJwtLocally: true, jwtAudience: AUDIENCE })).id;
  environmentId = (await seedLinkedEnvironment(t, admin(ORG), providerId, 'Prod')).id;
  const registered = await seedClient(t, member(ORG), { environmentId, name: 'JWT caller', scopes: ['read'] });
  client = { id: registered.client.id, clientId: registered.client.clientId!, secret: registered.clientSecret! };
});
afterAll(async () => {
  await Promise.all([t?.close(), idp?.close()]);
});

async function jwtAccessToken(): Promise<string> {
  const token = await clientCredentialsToken(`${idp.issuer}/token`, client.clientId, client.secret, 'read', { resource: AUDIENCE });
  expect(token.split('.')).toHaveLength(3);
  return token;
}

const authorize = (token: string) => t.run(gateway(ORG), AuthorizeTokenDocument, { environmentId, token, requiredScopes: ['read'] }).then((d) => d.authorizeToken);
const introspections = () => idp.requests.filter((r) => r.startsWith('POST /token/introspection')).length;

describe('local JWT validation', () => {
  it('accepts a JWT signed by the provider, with its client and scopes, and never asks the IdP to introspect', async () => {
    const before = introspections();
    const answer = await authorize(await jwtAccessToken());
    expect(answer).toMatchObject({ active: true, clientId: client.clientId, client: { id: client.id }, scopes: ['read'], missingScopes: [] });
    expect(introspections()).toBe(before);
    expect(idp.requests.some((r) => r.startsWith('GET /jwks'))).toBe(true);
  });

  it('refuses a tampered JWT and one for another audience', async () => {
    const token = await jwtAccessToken();
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = [header, Buffer.from(JSON.stringify({ ...claims, scope: 'read write' })).toString('base64url'), signature].join('.');
    expect((await authorize(forged)).active).toBe(false);

    await t.run(admin(ORG), UpdateClientProviderDocument, { input: { id: providerId, jwtAudience: 'https://another-api.example.test' } });
    expect((await authorize(await jwtAccessToken())).active).toBe(false);
    await t.run(admin(ORG), UpdateClientProviderDocument, { input: { id: providerId, jwtAudience: AUDIENCE } });
    expect((await authorize(await jwtAccessToken())).active).toBe(true);
  });

  it('refuses a JWT without an expiry, even one signed by the provider with everything else right', async () => {
    const claims = { client_id: client.clientId, scope: 'read' };
    const signed = (withExpiry: boolean) => {
      const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'at+jwt' }).setIssuer(idp.issuer).setAudience(AUDIENCE).setIssuedAt();
      return (withExpiry ? jwt.setExpirationTime('5m') : jwt).sign(signingKey);
    };
    expect(await authorize(await signed(true))).toMatchObject({ active: true, authorized: true, clientId: client.clientId }); // the key is the IdP's
    expect(await authorize(await signed(false))).toMatchObject({ active: false, authorized: false });
  });

  it('answers a token that is not a JWT inactive at a provider that only validates JWTs, not as an IdP failure', async () => {
    const org = 'jwt-only-org';
    const jwtOnly = await seedProvider(t, admin(org), { idp, name: 'JWT only', validateJwtLocally: true, jwtAudience: AUDIENCE, introspectionClientId: null, introspectionClientSecret: null });
    const environment = await seedLinkedEnvironment(t, admin(org), jwtOnly.id, 'Prod');
    const before = introspections();
    for (const token of ['opaque-garbage', await jwtAccessToken()]) {
      const answer = (await t.run(gateway(org), AuthorizeTokenDocument, { environmentId: environment.id, token, requiredScopes: [] })).authorizeToken;
      expect(answer, token).toMatchObject(token.includes('.') ? { active: true } : { active: false, authorized: false });
    }
    expect(introspections()).toBe(before);
  });
});
