import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IdpIntent } from '../../src/store/entities/idp-intent.entity.js';
import {
  ClientDocument,
  ClientsDocument,
  DeleteClientDocument,
  DismissUnresolvedClientDocument,
  RegisterClientDocument,
  UpdateClientProviderDocument,
  type IdentityVendor,
} from '../generated/graphql.js';
import { admin, member, startTestApp, type TestApp } from '../support/app.js';
import { TEST_DB } from '../support/database.js';
import { startFakeDcr } from '../support/fake-dcr.js';
import { startFakeOkta } from '../support/fake-okta.js';
import { heldResponse, startTestIdp, type HoldsClients, type Interposer } from '../support/idp.js';
import { seedLinkedEnvironment, seedProvider } from '../support/seed.js';

/**
 * The fault matrix, per vendor: every fault of the IdP or of the store ends with the IdP's clients
 * and ours in agreement — nothing registered there that we do not know, nothing here the IdP lost.
 */
interface IdpUnderTest extends HoldsClients {
  issuer: string;
  authorization: string;
  registrationUrl: string;
  /** Path (and query prefix) of registration and of one client's management. */
  registerPath: string;
  managePrefix: string;
  forget(clientId: string): void;
  interpose(handler: Interposer): void;
  close(): Promise<void>;
}

/** `searchable`: the vendor lists its clients, so recovery can find out what an interrupted registration made. */
const vendors: { vendor: IdentityVendor; manages: boolean; searchable?: boolean; start(): Promise<IdpUnderTest> }[] = [
  {
    vendor: 'GENERIC_OIDC',
    manages: true,
    async start() {
      const idp = await startTestIdp();
      return {
        ...idp,
        authorization: `Bearer ${idp.initialAccessToken}`,
        registrationUrl: `${idp.issuer}/reg`,
        registerPath: '/reg',
        managePrefix: '/reg/',
        forget: (id) => void idp.forget(id),
      };
    },
  },
  {
    vendor: 'OKTA',
    manages: true,
    searchable: true,
    async start() {
      const okta = await startFakeOkta();
      return {
        ...okta,
        authorization: `SSWS ${okta.apiToken}`,
        registrationUrl: `${okta.issuer}/oauth2/v1/clients`,
        registerPath: '/oauth2/v1/clients',
        managePrefix: '/oauth2/v1/clients/',
        forget: (id) => void okta.clients.delete(id),
      };
    },
  },
  {
    vendor: 'OPENAM',
    manages: true,
    async start() {
      const am = await startFakeDcr('openam');
      return {
        ...am,
        authorization: `Bearer ${am.initialAccessToken}`,
        registrationUrl: `${new URL(am.issuer).origin}/openam/oauth2/connect/register`,
        registerPath: '/openam/oauth2/connect/register',
        managePrefix: '/openam/oauth2/connect/register?client_id=',
        forget: (id) => void am.clients.delete(id),
      };
    },
  },
  {
    vendor: 'SALESFORCE',
    manages: false,
    async start() {
      const sf = await startFakeDcr('salesforce');
      return {
        ...sf,
        authorization: `Bearer ${sf.initialAccessToken}`,
        registrationUrl: `${new URL(sf.issuer).origin}/services/oauth2/register`,
        registerPath: '/services/oauth2/register',
        managePrefix: '/services/oauth2/register?client_id=',
        forget: (id) => void sf.clients.delete(id),
      };
    },
  },
];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe.each(vendors)('$vendor', ({ vendor, manages, searchable, start }) => {
  const org = `faults-${vendor.toLowerCase()}`;
  let idp: IdpUnderTest;
  let environmentId: string;
  let providerId: string;
  let interposed: ((req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>) | null = null;
  let registrations = 0;

  beforeAll(async () => {
    idp = await start();
    idp.interpose((req, res) => {
      if (req.method === 'POST' && req.url === idp.registerPath) registrations++;
      return interposed?.(req, res) ?? false;
    });
    providerId = (
      await seedProvider(t, admin(org), {
        name: `Flaky ${vendor}`,
        vendor,
        issuer: idp.issuer,
        registrationUrl: idp.registrationUrl,
        registrationAuthorization: idp.authorization,
        allowClientDeletion: true,
        propagateClientChanges: true,
        requestTimeoutMs: 400,
      })
    ).id;
    environmentId = (await seedLinkedEnvironment(t, admin(org), providerId, 'Prod')).id;
  });
  afterAll(() => idp?.close());
  afterEach(() => {
    interposed = null;
  });

  /** Answers the next `times` requests of this method whose URL starts with the prefix. */
  const fail = (method: string, prefix: string, times: number, answer: (res: ServerResponse) => void | Promise<void>) => {
    let left = times;
    interposed = async (req, res) => {
      if (left === 0 || req.method !== method || !req.url?.startsWith(prefix)) return false;
      left--;
      await answer(res);
      return true;
    };
  };
  const hang = (ms: number) => (res: ServerResponse) => new Promise<void>((resolve) => setTimeout(() => resolve(void res.destroy()), ms));
  const register = (name: string, idempotencyKey?: string) =>
    t.run(member(org), RegisterClientDocument, { input: { environmentId, name, idempotencyKey } }).then((d) => d.registerClient);
  const ours = async () =>
    (await t.run(admin(org), ClientsDocument, { first: 100, status: ['ACTIVE', 'DELETING', 'ORPHANED', 'DELETED_IN_PROVIDER'] })).clients.edges.map((e) => e.node.clientId).sort();
  const expectAgreement = async () => expect(idp.clientIds().sort()).toEqual(await ours());
  /** What recovery left for an administrator: UNRESOLVED clients (and nothing still REGISTERING). */
  const leftUnresolved = async () => {
    const left = (await t.run(admin(org), ClientsDocument, { first: 100, status: ['REGISTERING', 'UNRESOLVED'] })).clients.edges.map((e) => e.node);
    expect(left.every((client) => client.status === 'UNRESOLVED' && client.clientId === null)).toBe(true);
    return left;
  };
  const dismiss = async (id: string) =>
    expect((await t.run(admin(org), DismissUnresolvedClientDocument, { input: { id } })).dismissUnresolvedClient.userErrors).toEqual([]);

  it.each([
    ['a 500', (res: ServerResponse): void => void res.writeHead(500).end('{"error":"server_error"}'), 'PROVIDER_UNAVAILABLE', true],
    ['malformed JSON', (res: ServerResponse): void => void res.writeHead(201, { 'content-type': 'application/json' }).end('{"client_id": '), 'PROVIDER_UNAVAILABLE', true],
    ['a 429 with a long Retry-After', (res: ServerResponse): void => void res.writeHead(429, { 'retry-after': '3600' }).end(), 'PROVIDER_RATE_LIMITED', false],
    ['a time-out', hang(1000), 'PROVIDER_UNAVAILABLE', true],
  ] as const)('registration meeting %s is reported, sent once, and leaves nothing unaccounted for', async (_what, answer, code, unsure) => {
    const before = registrations;
    fail('POST', idp.registerPath, 5, answer);
    const result = await register('Flaky');
    expect(result.userErrors.map((e) => e.code)).toEqual([code]);
    expect(registrations - before).toBe(1);
    // A failure that may hide a registration is recovery's, once its lease has run out (the IdP may
    // still be on it until then): where the IdP can be searched it finds nothing was made; where it
    // cannot, an UNRESOLVED client tells the administrator what to look for.
    expect(await t.app.recovery.runOnce()).toBe(0);
    await t.app.orm.em.fork().nativeUpdate(IdpIntent, {}, { leaseUntil: new Date(0) });
    await t.app.recovery.runOnce();
    const left = await leftUnresolved();
    expect(left.map((client) => client.name)).toEqual(unsure && !searchable ? ['Flaky'] : []);
    for (const client of left) {
      expect(client.statusMessage).toMatch(/Look there for a client named "Flaky"/);
      await dismiss(client.id);
    }
    await expectAgreement();
  });

  it('reports a refused connection and leaves nothing behind', async () => {
    // Another address: the stored authorization is given again with it (it is not sent to a new one otherwise).
    await t.run(admin(org), UpdateClientProviderDocument, { input: { id: providerId, registrationUrl: 'http://127.0.0.1:9/register', registrationAuthorization: idp.authorization } });
    try {
      const result = await register('Nowhere');
      expect(result.userErrors).toEqual([{ code: 'PROVIDER_UNAVAILABLE', field: ['input', 'clientProviderId'], message: expect.stringContaining('ECONNREFUSED') }]);
      await expectAgreement();
    } finally {
      await t.run(admin(org), UpdateClientProviderDocument, { input: { id: providerId, registrationUrl: idp.registrationUrl, registrationAuthorization: idp.authorization } });
    }
  });

  it('honours a short Retry-After and registers once', async () => {
    const before = registrations;
    fail('POST', idp.registerPath, 1, (res) => void res.writeHead(429, { 'retry-after': '1' }).end('{"error":"too_many_requests"}'));
    const started = Date.now();
    expect((await register('Patient')).userErrors).toEqual([]);
    expect(registrations - before).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950); // waited the second it was asked to
    await expectAgreement();
  });

  it('deletes the IdP client again when the store fails after the IdP registered it, and keeps it ORPHANED when that fails too', async () => {
    await injectResultStoreFailure(true);
    try {
      const response = await t.request(member(org), RegisterClientDocument, { input: { environmentId, name: 'Unstorable' } });
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      await expectAgreement();
      if (!manages) return; // the undo cannot be refused where the IdP offers no deletion: covered above
      fail('DELETE', idp.managePrefix, 5, (res) => void res.writeHead(503).end());
      await t.request(member(org), RegisterClientDocument, { input: { environmentId, name: 'Orphan' } });
      // The IdP refused the undo: no longer only a log line, but an ORPHANED client with its real client_id.
      const orphans = (await t.run(admin(org), ClientsDocument, { first: 100, status: ['ORPHANED'] })).clients.edges.map((e) => e.node);
      expect(orphans).toEqual([expect.objectContaining({ name: 'Orphan', status: 'ORPHANED', clientId: expect.any(String), statusMessage: expect.stringMatching(/deleting it there is retried/) })]);
      expect(idp.clientIds()).toContain(orphans[0]!.clientId);
      await expectAgreement();
      // Retried in the background like a DELETING client, until the IdP takes it.
      interposed = null;
      t.clock.advance(1000);
      expect(await t.app.deletions.runOnce()).toBe(1);
      expect(idp.clientIds()).not.toContain(orphans[0]!.clientId);
      expect((await t.run(admin(org), ClientsDocument, { first: 100, status: ['ORPHANED'] })).clients.edges).toEqual([]);
      await expectAgreement();
    } finally {
      interposed = null;
      await injectResultStoreFailure(false);
    }
  });

  it.skipIf(!searchable)('leaves a registration the store could not keep to recovery once recovery has claimed it, instead of deleting the client it is adopting', async () => {
    const before = new Set(idp.clientIds());
    // The IdP's answer to the registration, and its listing to recovery's search, each held until released.
    const holds = { answer: heldResponse(), listing: heldResponse() };
    const name = 'Claimed meanwhile';
    interposed = (req, res) => {
      const url = new URL(req.url ?? '/', idp.issuer);
      if (url.pathname !== idp.registerPath) return false;
      if (req.method === 'POST') holds.answer.hold(res);
      if (req.method === 'GET' && url.searchParams.get('q') === name) holds.listing.hold(res);
      return false;
    };
    // Long enough for the holds: the registration is not to time out here.
    await t.run(admin(org), UpdateClientProviderDocument, { input: { id: providerId, requestTimeoutMs: 10_000 } });
    try {
      const pending = t.request(member(org), RegisterClientDocument, { input: { environmentId, name } });
      await holds.answer.reached;
      // The registering process looks dead: recovery claims the intent and searches the IdP, which
      // already holds the client. (Written at the IdP's time: earlier tests moved the app's clock on,
      // and recovery matches a client by its issue time against the intent's.)
      await t.app.orm.em.fork().nativeUpdate(IdpIntent, { clientName: name }, { leaseUntil: new Date(0), createdAt: new Date(Date.now() - 1000) });
      const recovering = t.app.recovery.runOnce();
      await holds.listing.reached;
      // Now the answer arrives, and the store refuses to keep it.
      await injectResultStoreFailure(true);
      holds.answer.release();
      expect((await pending).errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      await injectResultStoreFailure(false);
      holds.listing.release();
      expect(await recovering).toBe(1);
      // Recovery adopted the client, and the IdP still holds it: one client, in both.
      const [made] = idp.clientIds().filter((id) => !before.has(id));
      expect(made).toBeDefined();
      expect(await ours()).toContain(made);
      await expectAgreement();
    } finally {
      holds.answer.release();
      holds.listing.release();
      await injectResultStoreFailure(false);
      await t.run(admin(org), UpdateClientProviderDocument, { input: { id: providerId, requestTimeoutMs: 400 } });
    }
  });

  it('never makes a second IdP client for concurrent retries with one idempotency key', async () => {
    const before = registrations;
    const answers = await Promise.all([1, 2, 3].map(() => register('Raced', `race-${vendor}`)));
    const done = answers.filter((a) => a.userErrors.length === 0);
    const waiting = answers.filter((a) => a.userErrors.length > 0);
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(new Set(done.map((a) => a.client!.clientId)).size).toBe(1);
    expect(waiting.flatMap((a) => a.userErrors.map((e) => e.code))).toEqual(waiting.map(() => 'REGISTRATION_IN_PROGRESS'));
    expect(registrations - before).toBe(1);
    // Once it is done, a retry answers with the same client and secret.
    const retry = await register('Raced', `race-${vendor}`);
    expect(retry.client!.clientId).toBe(done[0]!.client!.clientId);
    expect(retry.clientSecret).toBe(done[0]!.clientSecret);
    await expectAgreement();
  });

  it.skipIf(!manages)('keeps a client the IdP cannot delete right now as DELETING, and retries until it is gone', async () => {
    const client = (await register('Doomed')).client!;
    fail('DELETE', idp.managePrefix, 100, (res) => void res.writeHead(503).end('{"error":"temporarily_unavailable"}'));
    const { deleteClient } = await t.run(member(org), DeleteClientDocument, { input: { id: client.id } });
    expect(deleteClient.userErrors.map((e) => e.code)).toEqual(['PROVIDER_UNAVAILABLE']);
    expect(deleteClient.userErrors[0]!.message).toMatch(/DELETING/);
    expect((await t.run(admin(org), ClientDocument, { id: client.id })).client).toMatchObject({ status: 'DELETING', lastProviderError: expect.stringMatching(/HTTP 503/) });
    await expectAgreement();
    // While DELETING it is not changed, and a second delete does not restart the backoff.
    const again = await t.run(member(org), DeleteClientDocument, { input: { id: client.id } });
    expect(again.deleteClient.userErrors.map((e) => e.code)).toEqual(['CLIENT_NOT_ACTIVE']);

    expect(await t.app.deletions.runOnce()).toBe(0); // not due yet
    t.clock.advance(60_000);
    await t.app.deletions.runOnce(); // due, still failing
    expect((await t.run(admin(org), ClientDocument, { id: client.id })).client?.status).toBe('DELETING');
    interposed = null; // the IdP recovers
    t.clock.advance(3 * 3600_000);
    await t.app.deletions.runOnce();
    expect((await t.run(admin(org), ClientDocument, { id: client.id })).client).toBeNull();
    await expectAgreement();
  });

  it.skipIf(!manages)('stops retrying a deletion the IdP says it cannot do, and says so on the client', async () => {
    const client = (await register('Undeletable')).client!;
    fail('DELETE', idp.managePrefix, 3, (res) => void res.writeHead(503).end('{"error":"temporarily_unavailable"}')); // the call and its two retries
    expect((await t.run(member(org), DeleteClientDocument, { input: { id: client.id } })).deleteClient.userErrors.map((e) => e.code)).toEqual(['PROVIDER_UNAVAILABLE']);
    // From now on the IdP refuses deletions for good.
    let refusals = 0;
    fail('DELETE', idp.managePrefix, 100, (res) => {
      refusals++;
      res.writeHead(405).end('{"error":"unsupported"}');
    });
    t.clock.advance(3600_000);
    expect(await t.app.deletions.runOnce()).toBe(0);
    expect(refusals).toBe(1);
    expect((await t.run(admin(org), ClientDocument, { id: client.id })).client).toMatchObject({ status: 'DELETING', statusMessage: expect.stringMatching(/cannot delete this client, so it is no longer tried/) });
    for (let day = 0; day < 3; day++) {
      t.clock.advance(86_400_000);
      await t.app.deletions.runOnce();
    }
    expect(refusals).toBe(1); // not asked again
  });

  it.skipIf(!manages)('answers a deletion that times out with DELETING too, and finishes it later', async () => {
    const client = (await register('Slow')).client!;
    fail('DELETE', idp.managePrefix, 100, hang(1500));
    const { deleteClient } = await t.run(member(org), DeleteClientDocument, { input: { id: client.id } });
    expect(deleteClient.userErrors.map((e) => e.code)).toEqual(['PROVIDER_UNAVAILABLE']);
    interposed = null;
    t.clock.advance(3600_000);
    await t.app.deletions.runOnce();
    expect((await t.run(admin(org), ClientDocument, { id: client.id })).client).toBeNull();
    await expectAgreement();
  });

  it.skipIf(!manages)('counts a client the IdP no longer knows as deleted', async () => {
    const client = (await register('Already gone')).client!;
    idp.forget(client.clientId!);
    const { deleteClient } = await t.run(member(org), DeleteClientDocument, { input: { id: client.id } });
    expect(deleteClient).toEqual({ deletedId: client.id, deletedInProvider: true, userErrors: [] });
    await expectAgreement();
  });
});

/** Makes every insert into the client table fail, as a store outage would, or stops doing so. */
/** The store refuses the write that keeps a registration's result (its placeholder and intent were written before the IdP call). */
async function injectResultStoreFailure(on: boolean) {
  const connection = t.app.orm.em.getConnection();
  if (TEST_DB === 'sqlite') {
    await connection.execute(
      on
        ? "create trigger fail_client_insert before update on client when old.status = 'REGISTERING' and new.status = 'ACTIVE' begin select raise(abort, 'injected store failure'); end"
        : 'drop trigger if exists fail_client_insert',
    );
    return;
  }
  if (on) {
    await connection.execute("create or replace function fail_insert() returns trigger as $$ begin raise exception 'injected store failure'; end $$ language plpgsql");
    await connection.execute("create trigger fail_client_insert before update on client for each row when (old.status = 'REGISTERING' and new.status = 'ACTIVE') execute function fail_insert()");
  } else {
    await connection.execute('drop trigger if exists fail_client_insert on client');
  }
}
