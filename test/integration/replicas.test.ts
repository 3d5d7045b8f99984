import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthorizeTokenDocument,
  DeleteClientDocument,
  LinkClientProviderDocument,
  RotateClientSecretDocument,
  UnlinkClientProviderDocument,
  UpdateClientProviderDocument,
  UpdateEnvironmentDocument,
} from '../generated/graphql.js';
import { admin, gateway, member, startTestApp, type TestApp } from '../support/app.js';
import { TEST_DB } from '../support/database.js';
import { startTestIdp, type TestIdp } from '../support/idp.js';
import { seedClient, seedEnvironment, seedLink, seedLinkedEnvironment, seedProvider } from '../support/seed.js';
import { clientCredentialsToken } from '../support/tokens.js';

/**
 * Two replicas on one PostgreSQL database: a change made on A is honoured by B, which had the
 * answer cached, through LISTEN/NOTIFY and the change feed — also while B's listener is down — and
 * B serves no cached positive while it cannot hear changes. (On SQLite there is one process.)
 */
const ORG = 'replicas';
const MAX_LAG_MS = 2000;
let a: TestApp;
let b: TestApp;
let idp: TestIdp;
let providerId: string;
let environmentId: string;

const settings = { invalidations: { pollMs: 100, maxLagMs: MAX_LAG_MS } };
const tokenFor = (client: { clientId: string; secret: string }) => clientCredentialsToken(`${idp.issuer}/token`, client.clientId, client.secret, 'read');
const authorizeOn = (app: TestApp, token: string, environment = environmentId) =>
  app.run(gateway(ORG), AuthorizeTokenDocument, { environmentId: environment, token }).then((data) => data.authorizeToken);
const introspections = () => idp.requests.filter((r) => r.startsWith('POST /token/introspection')).length;

async function newClient(name: string) {
  const { client, clientSecret } = await seedClient(a, member(ORG), { environmentId, name, scopes: ['read'], grantTypes: ['client_credentials'] });
  return { id: client.id, clientId: client.clientId!, secret: clientSecret! };
}

/** Polls until the condition holds; bounded (the one-second figure is the benchmark's, not asserted here). */
async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 4000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Invalidations B applied that it heard from elsewhere (NOTIFY or the feed, or one of them), by kind. */
async function heardOn(app: TestApp, kind: 'client' | 'provider' | 'routes' | '\\w+', sources = 'notification|feed'): Promise<number> {
  const text = await (await fetch(app.app.metricsUrl)).text();
  return [...text.matchAll(new RegExp(`^cache_invalidations_total\\{kind="${kind}",source="(${sources})"\\} (\\d+)$`, 'gm'))].reduce(
    (sum, match) => sum + Number(match[2]),
    0,
  );
}

/** B's answer for the token is cached: asking again makes no IdP call. */
async function cachedOnB(token: string, environment = environmentId) {
  const first = await authorizeOn(b, token, environment);
  const calls = introspections();
  expect(await authorizeOn(b, token, environment)).toEqual(first);
  expect(introspections()).toBe(calls);
  return first;
}

describe.skipIf(TEST_DB !== 'postgres')('two replicas on one PostgreSQL database', () => {
  beforeAll(async () => {
    idp = await startTestIdp({ tokenTtlSeconds: 600 });
    a = await startTestApp(settings);
    b = await startTestApp(settings, { replicaOf: a });
    const provider = await seedProvider(a, admin(ORG), { idp, name: 'Shared IdP', allowClientDeletion: true, propagateClientChanges: true });
    providerId = provider.id;
    environmentId = (await seedLinkedEnvironment(a, admin(ORG), providerId, 'Production')).id;
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await idp?.close();
  });

  it('honours on B a client deleted on A', async () => {
    const client = await newClient('Deleted on A');
    const token = await tokenFor(client);
    expect((await cachedOnB(token)).authorized).toBe(true);
    const heard = await heardOn(b, 'client');
    await a.run(member(ORG), DeleteClientDocument, { input: { id: client.id } });
    const after = await eventually('B refusing the deleted client', () => authorizeOn(b, token), (answer) => !answer.authorized);
    expect(after.denial).toBe('CLIENT_NOT_REGISTERED');
    expect(await heardOn(b, 'client')).toBeGreaterThan(heard); // by the invalidation, not by a cache entry running out
  });

  it('drops on B the cached answers of a provider changed on A, and hears a rotation on A', async () => {
    const client = await newClient('Cached on B');
    const token = await tokenFor(client);
    await cachedOnB(token);
    const calls = introspections();
    const { updateClientProvider } = await a.run(admin(ORG), UpdateClientProviderDocument, { input: { id: providerId, description: 'changed on A' } });
    expect(updateClientProvider.userErrors).toEqual([]);
    await eventually('B asking the IdP again after a provider change', async () => (await authorizeOn(b, token), introspections()), (n) => n > calls);

    // RFC 7592 has no rotation (the real IdP refuses it): a built-in client's rotation is announced the same way.
    const builtIn = await seedEnvironment(a, admin(ORG), 'Built-in only');
    const { client: rotated } = await seedClient(a, member(ORG), { environmentId: builtIn.id, name: 'Rotated on A' });
    const heard = await heardOn(b, 'client');
    const { rotateClientSecret } = await a.run(member(ORG), RotateClientSecretDocument, { input: { id: rotated.id } });
    expect(rotateClientSecret.userErrors).toEqual([]);
    await eventually('B hearing the rotation', () => heardOn(b, 'client'), (n) => n > heard);
  });

  it('honours on B a provider unlinked on A, and a default changed on A', async () => {
    const client = await newClient('Routed');
    const token = await tokenFor(client);
    const staging = await seedEnvironment(a, admin(ORG), 'Staging');
    await seedLink(a, admin(ORG), { environmentId: staging.id, clientProviderId: providerId });
    expect(await cachedOnB(token, staging.id)).toMatchObject({ active: true, denial: 'CLIENT_IN_OTHER_ENVIRONMENT' });
    const heard = await heardOn(b, 'routes');
    const { unlinkClientProvider } = await a.run(admin(ORG), UnlinkClientProviderDocument, { input: { environmentId: staging.id, clientProviderId: providerId } });
    expect(unlinkClientProvider.userErrors).toEqual([]);
    const after = await eventually('B no longer asking an unlinked provider', () => authorizeOn(b, token, staging.id), (answer) => !answer.active);
    expect(after.denial).toBe('INACTIVE');
    expect(await heardOn(b, 'routes')).toBeGreaterThan(heard);

    const routes = await heardOn(b, 'routes');
    const { linkClientProvider } = await a.run(admin(ORG), LinkClientProviderDocument, { input: { environmentId, clientProviderId: providerId, makeDefault: true } });
    expect(linkClientProvider.userErrors).toEqual([]);
    await eventually('B hearing the default change', () => heardOn(b, 'routes'), (n) => n > routes);
  });

  it('still honours changes made while B’s listener is cut off, from the feed', async () => {
    const client = await newClient('Deleted while B was deaf to NOTIFY');
    const token = await tokenFor(client);
    expect((await cachedOnB(token)).authorized).toBe(true);
    const killed = await a.app.orm.em
      .getConnection()
      .execute(`select pg_terminate_backend(pid) as killed from pg_stat_activity where application_name = 'client-providers:invalidations'`);
    expect(killed.length).toBeGreaterThanOrEqual(2); // both replicas' listeners
    await a.run(member(ORG), DeleteClientDocument, { input: { id: client.id } });
    expect((await eventually('B refusing the client deleted meanwhile', () => authorizeOn(b, token), (answer) => !answer.authorized)).denial).toBe(
      'CLIENT_NOT_REGISTERED',
    );
    const ready = async () => (await (await fetch(b.app.metricsUrl.replace('/metrics', '/health/ready'))).json()) as { invalidations: { listening: boolean } };
    await eventually('B listening again', ready, (body) => body.invalidations.listening);
  });

  it('serves no cached positive answer on B while B cannot read the feed, and trusts its cache again once it can', async () => {
    const client = await newClient('Cached while deaf');
    const token = await tokenFor(client);
    await cachedOnB(token);
    const connection = a.app.orm.em.getConnection();
    const readiness = async () => (await (await fetch(b.app.metricsUrl.replace('/metrics', '/health/ready'))).json()) as Record<string, unknown>;
    await connection.execute('alter table "cache_invalidation" rename to "cache_invalidation_away"');
    try {
      b.clock.advance(MAX_LAG_MS + 1000); // B's last successful read is now too long ago, and no read can succeed
      await eventually('B saying it lags', readiness, (body) => body.status === 'invalidations lagging');
      for (let i = 0; i < 3; i++) {
        const calls = introspections();
        expect((await authorizeOn(b, token)).authorized).toBe(true);
        expect(introspections()).toBe(calls + 1); // asked of the IdP, not answered from memory
      }
      expect(await (await fetch(b.app.metricsUrl)).text()).toMatch(/^cache_invalidation_in_sync 0$/m);
    } finally {
      await connection.execute('alter table "cache_invalidation_away" rename to "cache_invalidation"');
    }
    await eventually('B in sync again', readiness, (body) => body.status === 'ok');
    await cachedOnB(token);
  });

  it('answers a page remembered on B with a change made on A at once, without waiting for the feed', async () => {
    const environment = await seedEnvironment(a, admin(ORG), 'Remembered on B', 'DESIGN');
    const query = 'query Environments { environments(first: 100) { totalCount edges { node { id name type } } } }';
    const pageOnB = async () => {
      const response = await fetch(b.app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await b.token(admin(ORG))}` }, body: JSON.stringify({ query }) });
      return response.text();
    };
    const remembered = async () => Number(/^graphql_remembered_answers_total\{result="remembered"\} (\d+)$/m.exec(await (await fetch(b.app.metricsUrl)).text())?.[1] ?? 0);
    const shown = await pageOnB(); // Apollo's run, which prepares it
    expect(await pageOnB()).toEqual(shown); // computed, and remembered
    const before = await remembered();
    expect(await pageOnB()).toEqual(shown);
    expect(await remembered()).toBe(before + 1);
    await a.run(admin(ORG), UpdateEnvironmentDocument, { input: { id: environment.id, name: 'Renamed on A' } });
    const after = await pageOnB(); // at once: no poll, no wait for B to hear of it
    expect(after).toContain('Renamed on A');
    expect(after).not.toContain('Remembered on B');
    expect(await remembered()).toBe(before + 1);
  });

  it('heard the changes above by NOTIFY (the feed reads catch up what it misses)', async () => {
    expect(await heardOn(b, '\\w+', 'notification')).toBeGreaterThan(0);
  });
});
