import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizeTokenDocument, ClientDocument, DeleteClientDocument } from '../generated/graphql.js';
import { admin, gateway, member, startTestApp, type TestApp } from '../support/app.js';
import { startTestIdp, type TestIdp } from '../support/idp.js';
import { seedClient, seedLinkedEnvironment, seedProvider } from '../support/seed.js';
import { clientCredentialsToken } from '../support/tokens.js';

/**
 * What a gateway acts on: `authorized` and `denial`, against a real OpenID provider (which, like
 * many IdPs, keeps introspecting a deleted client's tokens as active), through GraphQL and the
 * RFC 7662 endpoint.
 */
const ORG = 'verdicts';
const TOKEN_TTL_SECONDS = 600;
let t: TestApp;
let idp: TestIdp;
let environmentId: string;
let otherEnvironmentId: string;
let client: { id: string; clientId: string; secret: string };

const tokenFor = (clientId: string, secret: string, scope = 'read') => clientCredentialsToken(`${idp.issuer}/token`, clientId, secret, scope);
const authorize = (token: string, options: { requiredScopes?: string[]; requireRegisteredClient?: boolean; environment?: string } = {}) =>
  t
    .run(gateway(ORG), AuthorizeTokenDocument, {
      environmentId: options.environment ?? environmentId,
      token,
      requiredScopes: options.requiredScopes,
      requireRegisteredClient: options.requireRegisteredClient,
    })
    .then((data) => data.authorizeToken);
const introspections = () => idp.requests.filter((r) => r.startsWith('POST /token/introspection')).length;

/** A client made at the IdP directly, never through the platform. */
async function registerAtIdp(): Promise<{ clientId: string; secret: string }> {
  const response = await fetch(`${idp.issuer}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${idp.initialAccessToken}` },
    body: JSON.stringify({ client_name: 'Unmanaged', grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scope: 'read' }),
  });
  const body = (await response.json()) as { client_id: string; client_secret: string };
  expect(response.status).toBe(201);
  return { clientId: body.client_id, secret: body.client_secret };
}

async function newClient(name: string) {
  const registered = await seedClient(t, member(ORG), { environmentId, name, scopes: ['read', 'write'], grantTypes: ['client_credentials'] });
  return { id: registered.client.id, clientId: registered.client.clientId!, secret: registered.clientSecret! };
}

beforeAll(async () => {
  idp = await startTestIdp({ tokenTtlSeconds: TOKEN_TTL_SECONDS });
  t = await startTestApp();
  const provider = await seedProvider(t, admin(ORG), { idp, name: 'Real IdP', allowClientDeletion: true, propagateClientChanges: true });
  environmentId = (await seedLinkedEnvironment(t, admin(ORG), provider.id, 'Production')).id;
  otherEnvironmentId = (await seedLinkedEnvironment(t, admin(ORG), provider.id, 'Staging')).id;
  client = await newClient('Orders');
});

afterAll(async () => {
  await t?.close();
  await idp?.close();
});

describe('authorizeToken verdicts', () => {
  it('authorizes an active token of a registered ACTIVE client of the environment with its scopes', async () => {
    const answer = await authorize(await tokenFor(client.clientId, client.secret, 'read write'), { requiredScopes: ['read'] });
    expect(answer).toMatchObject({ authorized: true, denial: null, active: true, client: { id: client.id, status: 'ACTIVE' }, missingScopes: [] });
  });

  it('refuses a missing scope, naming it', async () => {
    const answer = await authorize(await tokenFor(client.clientId, client.secret), { requiredScopes: ['read', 'write'] });
    expect(answer).toMatchObject({ authorized: false, denial: 'MISSING_SCOPES', active: true, missingScopes: ['write'] });
  });

  it('refuses unknown and malformed tokens as INACTIVE', async () => {
    expect(await authorize('not-a-token')).toMatchObject({ authorized: false, denial: 'INACTIVE', active: false });
    expect(await authorize('a.b.c')).toMatchObject({ authorized: false, denial: 'INACTIVE', active: false });
  });

  it('refuses a registered client’s token in another environment', async () => {
    const answer = await authorize(await tokenFor(client.clientId, client.secret), { environment: otherEnvironmentId });
    expect(answer).toMatchObject({ authorized: false, denial: 'CLIENT_IN_OTHER_ENVIRONMENT', active: true, client: null, clientId: client.clientId });
    // Even when unregistered clients are accepted: this one is the platform's, and not of this environment.
    expect((await authorize(await tokenFor(client.clientId, client.secret), { environment: otherEnvironmentId, requireRegisteredClient: false })).denial).toBe(
      'CLIENT_IN_OTHER_ENVIRONMENT',
    );
  });

  it('refuses a client registered at the IdP but not in the platform, unless the gateway accepts such clients', async () => {
    const unmanaged = await registerAtIdp();
    const token = await tokenFor(unmanaged.clientId, unmanaged.secret);
    expect(await authorize(token)).toMatchObject({ authorized: false, denial: 'CLIENT_NOT_REGISTERED', active: true, client: null, clientId: unmanaged.clientId });
    expect(await authorize(token, { requireRegisteredClient: false })).toMatchObject({ authorized: true, denial: null, client: null });
    expect(await authorize(token, { requireRegisteredClient: false, requiredScopes: ['write'] })).toMatchObject({ authorized: false, denial: 'MISSING_SCOPES' });
  });

  it('refuses a deleted client’s token at once, although the IdP still says active', async () => {
    const doomed = await newClient('Doomed');
    const token = await tokenFor(doomed.clientId, doomed.secret);
    expect((await authorize(token)).authorized).toBe(true); // cached from now on
    const { deleteClient } = await t.run(member(ORG), DeleteClientDocument, { input: { id: doomed.id } });
    expect(deleteClient).toMatchObject({ deletedId: doomed.id, deletedInProvider: true, userErrors: [] });
    const after = await authorize(token);
    expect(after).toMatchObject({ authorized: false, denial: 'CLIENT_NOT_REGISTERED', client: null });
    expect(after.active).toBe(true); // what the IdP says: the reason a gateway must not act on `active`
    // Also for a gateway that accepts clients the platform does not manage: the platform deleted this one.
    expect(await authorize(token, { requireRegisteredClient: false })).toMatchObject({ authorized: false, denial: 'CLIENT_NOT_REGISTERED' });
  });

  it('refuses the tokens of a client being deleted (DELETING), whatever the gateway accepts', async () => {
    const stuck = await newClient('Stuck');
    const token = await tokenFor(stuck.clientId, stuck.secret);
    expect((await authorize(token)).authorized).toBe(true);
    let failing = true;
    idp.interpose((req, res) => {
      if (!failing || req.method !== 'DELETE') return false;
      res.writeHead(503).end('{"error":"temporarily_unavailable"}');
      return true;
    });
    try {
      const { deleteClient } = await t.run(member(ORG), DeleteClientDocument, { input: { id: stuck.id } });
      expect(deleteClient.userErrors.map((e) => e.code)).toEqual(['PROVIDER_UNAVAILABLE']);
      expect((await t.run(admin(ORG), ClientDocument, { id: stuck.id })).client?.status).toBe('DELETING');
      expect(await authorize(token)).toMatchObject({ authorized: false, denial: 'CLIENT_NOT_ACTIVE', client: { id: stuck.id, status: 'DELETING' } });
      expect((await authorize(token, { requireRegisteredClient: false })).denial).toBe('CLIENT_NOT_ACTIVE');
    } finally {
      failing = false;
    }
  });

  it('refuses a token past its exp as EXPIRED, even while the IdP still vouches for it', async () => {
    const token = await tokenFor(client.clientId, client.secret);
    expect((await authorize(token)).authorized).toBe(true);
    t.clock.advance((TOKEN_TTL_SECONDS + 1) * 1000);
    try {
      const before = introspections();
      expect(await authorize(token)).toMatchObject({ authorized: false, denial: 'EXPIRED', active: true });
      expect(introspections() - before).toBe(1); // not from the cache: asked again, and judged by exp
    } finally {
      t.clock.advance(-(TOKEN_TTL_SECONDS + 1) * 1000);
    }
  });
});

describe('POST /environments/{environmentId}/introspect (RFC 7662)', () => {
  const endpoint = (environment = environmentId) => `${new URL(t.app.url).origin}/environments/${environment}/introspect`;
  const introspect = async (form: Record<string, string> | null, bearer: string | null, environment?: string, contentType = 'application/x-www-form-urlencoded') => {
    const headers: Record<string, string> = { 'content-type': contentType };
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    const response = await fetch(endpoint(environment), {
      method: 'POST',
      headers,
      body: form === null ? '{"token":"x"}' : new URLSearchParams(form).toString(),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  };

  it('answers the verdict as active, with the token’s claims, to a gateway', async () => {
    const token = await tokenFor(client.clientId, client.secret, 'read write');
    const answer = await introspect({ token, token_type_hint: 'access_token' }, await t.token(gateway(ORG)));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({ active: true, client_id: client.clientId, scope: 'read write', iss: idp.issuer, exp: expect.any(Number), iat: expect.any(Number) });
    expect((await introspect({ token }, await t.token(admin(ORG)))).body.active).toBe(true);
  });

  it('answers active: false, and nothing else, for what the platform refuses', async () => {
    const gatewayToken = await t.token(gateway(ORG));
    expect((await introspect({ token: 'not-a-token' }, gatewayToken)).body).toEqual({ active: false });
    const unmanaged = await registerAtIdp();
    expect((await introspect({ token: await tokenFor(unmanaged.clientId, unmanaged.secret) }, gatewayToken)).body).toEqual({ active: false });
    const doomed = await newClient('Doomed at the endpoint');
    const token = await tokenFor(doomed.clientId, doomed.secret);
    expect((await introspect({ token }, gatewayToken)).body.active).toBe(true);
    await t.run(member(ORG), DeleteClientDocument, { input: { id: doomed.id } });
    expect((await introspect({ token }, gatewayToken)).body).toEqual({ active: false });
    // Another organization's gateway learns nothing, not even that the environment exists.
    expect((await introspect({ token: await tokenFor(client.clientId, client.secret) }, await t.token(gateway('someone-else')))).body).toEqual({ active: false });
  });

  it('refuses missing or bad credentials with 401 and a Bearer challenge, and other roles with 403', async () => {
    const token = await tokenFor(client.clientId, client.secret);
    const missing = await introspect({ token }, null);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="client-providers"');
    const bad = await introspect({ token }, 'not.a.jwt');
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/^Bearer realm="client-providers", error="invalid_token"$/);
    expect(bad.body).toMatchObject({ error: 'invalid_token' });
    const developer = await introspect({ token }, await t.token(member(ORG)));
    expect(developer.status).toBe(403);
    expect(developer.body).toMatchObject({ error: 'insufficient_scope' });
  });

  it('refuses a request without a token form field as invalid_request', async () => {
    const gatewayToken = await t.token(gateway(ORG));
    expect(await introspect({}, gatewayToken)).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await introspect({ token: '' }, gatewayToken)).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await introspect(null, gatewayToken, undefined, 'application/json')).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('reads its form as express.urlencoded would: one token field, UTF-8, at most 64 kB', async () => {
    const gatewayToken = await t.token(gateway(ORG));
    const raw = (body: string, contentType = 'application/x-www-form-urlencoded') =>
      fetch(endpoint(), { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${gatewayToken}` }, body });
    const twice = await raw('token=a&token=b');
    expect([twice.status, ((await twice.json()) as { error: string }).error]).toEqual([400, 'invalid_request']);
    const tooLarge = await raw(`token=${'x'.repeat(70 * 1024)}`);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({ errors: [{ message: 'The request body is too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    const latin1 = await raw('token=x', 'application/x-www-form-urlencoded; charset=latin1');
    expect(latin1.status).toBe(415);
    const token = await tokenFor(client.clientId, client.secret, 'read');
    const utf8 = await raw(`token=${encodeURIComponent(token)}`, 'application/x-www-form-urlencoded; charset=UTF-8');
    expect(await utf8.json()).toMatchObject({ active: true, client_id: client.clientId });
  });

  it('writes one request log line per call, without the token', async () => {
    const token = await tokenFor(client.clientId, client.secret);
    const before = t.logs.length;
    await introspect({ token }, await t.token(gateway(ORG)));
    const lines = t.logs.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line.operationName === 'introspect')).toEqual([
      expect.objectContaining({ operationType: 'rfc7662', org: ORG, status: 200, requestId: expect.any(String) }),
    ]);
    expect(t.logs.slice(before).join('\n')).not.toContain(token);
  });
});
