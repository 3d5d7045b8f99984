import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizeTokenDocument, DeleteClientDocument } from '../generated/graphql.js';
import { admin, gateway, member, startTestApp, type TestApp } from '../support/app.js';
import { startTestIdp, type TestIdp } from '../support/idp.js';
import { seedClient, seedLinkedEnvironment, seedProvider } from '../support/seed.js';
import { clientCredentialsToken } from '../support/tokens.js';

/** authorizeToken against a real OpenID provider's introspection, with the cache in front. */
const ORG = 'tokens-org';
let t: TestApp;
let idp: TestIdp;
let environmentId: string;
let client: { id: string; clientId: string; secret: string };

beforeAll(async () => {
  [t, idp] = await Promise.all([
    startTestApp({ tokenCache: { maxEntries: 1000, maxPositiveTtlMs: 1500, negativeTtlMs: 500 } }),
    startTestIdp({ tokenTtlSeconds: 3 }),
  ]);
  const provider = await seedProvider(t, admin(ORG), { idp, name: 'IdP', allowClientDeletion: true, propagateClientChanges: true });
  environmentId = (await seedLinkedEnvironment(t, admin(ORG), provider.id, 'Prod')).id;
  const registered = await seedClient(t, member(ORG), { environmentId, name: 'Caller', scopes: ['read'] });
  client = { id: registered.client.id, clientId: registered.client.clientId!, secret: registered.clientSecret! };
});
afterAll(async () => {
  await Promise.all([t?.close(), idp?.close()]);
});

const newToken = (scope = 'read') => clientCredentialsToken(`${idp.issuer}/token`, client.clientId, client.secret, scope);

const authorize = (token: string, requiredScopes?: string[]) =>
  t.run(gateway(ORG), AuthorizeTokenDocument, { environmentId, token, requiredScopes }).then((d) => d.authorizeToken);
const introspections = () => idp.requests.filter((r) => r.startsWith('POST /token/introspection')).length;

describe('authorizeToken', () => {
  it('finds a client-credentials token active, with its client and scopes, and reports missing scopes', async () => {
    const token = await newToken();
    const answer = await authorize(token, ['read', 'write']);
    expect(answer).toMatchObject({ active: true, clientId: client.clientId, client: { id: client.id }, scopes: ['read'], missingScopes: ['write'] });
    expect(new Date(answer.expiresAt!).getTime()).toBeGreaterThan(Date.now());
  });

  it('answers unknown and malformed tokens with active: false, and a foreign environment the same', async () => {
    expect(await authorize('not-a-token')).toMatchObject({ active: false, client: null, scopes: [] });
    expect(await authorize('a.b.c')).toMatchObject({ active: false });
    const foreign = await t.run(gateway('another-org'), AuthorizeTokenDocument, { environmentId, token: await newToken() });
    expect(foreign.authorizeToken.active).toBe(false);
  });

  it('shares one IdP call among 100 concurrent look-ups of a new token', async () => {
    const token = await newToken();
    const before = introspections();
    const answers = await Promise.all(Array.from({ length: 100 }, () => authorize(token)));
    expect(answers.every((a) => a.active)).toBe(true);
    expect(introspections() - before).toBe(1);
  });

  it('never serves a token past its exp from the cache', async () => {
    const token = await newToken(); // the IdP issues these for 3 s
    expect((await authorize(token)).active).toBe(true);
    // The app's clock past the token's exp; the IdP, on real time, still vouches for it.
    t.clock.advance(3200);
    try {
      const before = introspections();
      expect(await authorize(token)).toMatchObject({ authorized: false, denial: 'EXPIRED' });
      expect(introspections() - before).toBe(1); // asked again, not served from the cache
    } finally {
      t.clock.advance(-3200); // so that the tokens the IdP issues next are fresh on the app's clock too
    }
  });

  it('sees a revoked token inactive once the configured maximum has passed', async () => {
    const token = await newToken();
    expect((await authorize(token)).active).toBe(true);
    const revoked = await fetch(`${idp.issuer}/token/revocation`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ token }),
    });
    expect(revoked.status).toBe(200);
    expect((await authorize(token)).active).toBe(true); // cached, within the 1.5 s maximum
    t.clock.advance(1600); // past the maximum, not past the token's exp
    try {
      expect((await authorize(token)).active).toBe(false);
    } finally {
      t.clock.advance(-1600);
    }
  });

  it('drops a deleted client’s cached tokens at once', async () => {
    const shortLived = await seedClient(t, member(ORG), { environmentId, name: 'Short-lived', scopes: ['read'] });
    const token = await clientCredentialsToken(`${idp.issuer}/token`, shortLived.client.clientId!, shortLived.clientSecret!, 'read');
    expect((await authorize(token)).client?.id).toBe(shortLived.client.id);
    const cached = introspections();
    expect((await authorize(token)).active).toBe(true);
    expect(introspections()).toBe(cached); // served from the cache so far
    await t.run(member(ORG), DeleteClientDocument, { input: { id: shortLived.client.id } });
    const after = await authorize(token);
    expect(introspections()).toBe(cached + 1); // its entry was dropped: the IdP is asked again
    expect(after.client).toBeNull(); // and the platform no longer names a client for it
  });

  it('reports an IdP that cannot answer as PROVIDER_UNAVAILABLE, not as an inactive token', async () => {
    idp.interpose((req, res) => {
      if (req.url?.startsWith('/token/introspection') && req.headers['x-test-fail'] === undefined && down) {
        res.writeHead(503).end();
        return true;
      }
      return false;
    });
    down = true;
    try {
      const response = await t.request(gateway(ORG), AuthorizeTokenDocument, { environmentId, token: 'fresh-token-while-down' });
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['PROVIDER_UNAVAILABLE']);
    } finally {
      down = false;
    }
  });

  it('is for gateways and administrators only', async () => {
    const response = await t.request(member(ORG), AuthorizeTokenDocument, { environmentId, token: 'x' });
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
let down = false;
