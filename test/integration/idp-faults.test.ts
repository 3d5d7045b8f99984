import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ClientDocument,
  ClientsDocument,
  CreateClientProviderDocument,
  CreateEnvironmentDocument,
  DeleteClientDocument,
  LinkClientProviderDocument,
  RegisterClientDocument,
  UpdateClientProviderDocument,
} from '../generated/graphql.js';
import { admin, member, startTestApp, type TestApp } from '../support/app.js';
import { TEST_DB } from '../support/database.js';
import { startTestIdp, type TestIdp } from '../support/idp.js';

/**
 * Every fault of the IdP or the store ends with the IdP's clients and ours in agreement:
 * nothing registered there that we do not know, nothing here that the IdP lost.
 */
const ORG = 'faults-org';
let t: TestApp;
let idp: TestIdp;
let environmentId: string;
let providerId: string;
let interposed: ((req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>) | null = null;

beforeAll(async () => {
  [t, idp] = await Promise.all([startTestApp(), startTestIdp()]);
  idp.interpose((req, res) => interposed?.(req, res) ?? false);
  const { createClientProvider } = await t.run(admin(ORG), CreateClientProviderDocument, {
    input: {
      name: 'Flaky IdP',
      vendor: 'GENERIC_OIDC',
      issuer: idp.issuer,
      registrationUrl: `${idp.issuer}/reg`,
      registrationAuthorization: `Bearer ${idp.initialAccessToken}`,
      allowClientDeletion: true,
      propagateClientChanges: true,
      requestTimeoutMs: 400,
    },
  });
  providerId = createClientProvider.clientProvider!.id;
  const { createEnvironment } = await t.run(admin(ORG), CreateEnvironmentDocument, { input: { name: 'Prod', type: 'PRODUCTION' } });
  environmentId = createEnvironment.environment!.id;
  await t.run(admin(ORG), LinkClientProviderDocument, { input: { environmentId, clientProviderId: providerId, makeDefault: true } });
});
afterAll(async () => {
  await Promise.all([t?.close(), idp?.close()]);
});
afterEach(() => {
  interposed = null;
});

/** Answers the next `times` requests matching method and path prefix, then lets them through. */
function fail(method: string, path: string, times: number, answer: (res: ServerResponse) => void | Promise<void>) {
  let left = times;
  interposed = async (req, res) => {
    if (left === 0 || req.method !== method || !req.url?.startsWith(path)) return false;
    left--;
    await answer(res);
    return true;
  };
}

async function ourClientIds(): Promise<string[]> {
  const { clients } = await t.run(admin(ORG), ClientsDocument, { first: 100 });
  return clients.edges.map((e) => e.node.clientId).sort();
}

async function expectAgreement() {
  expect(idp.clientIds().sort()).toEqual(await ourClientIds());
}

const register = (name: string) => t.run(member(ORG), RegisterClientDocument, { input: { environmentId, name } }).then((d) => d.registerClient);
const posts = () => idp.requests.filter((r) => r.startsWith('POST /reg')).length;

describe('registration faults', () => {
  it.each([
    ['a 500', (res: ServerResponse) => void res.writeHead(500).end('{"error":"server_error"}'), 'PROVIDER_UNAVAILABLE'],
    ['malformed JSON', (res: ServerResponse) => void res.writeHead(201, { 'content-type': 'application/json' }).end('{"client_id": '), 'PROVIDER_UNAVAILABLE'],
    ['a 429 with a long Retry-After', (res: ServerResponse) => void res.writeHead(429, { 'retry-after': '3600' }).end(), 'PROVIDER_RATE_LIMITED'],
    ['a time-out', (res: ServerResponse) => new Promise<void>((resolve) => setTimeout(() => resolve(void res.destroy()), 1000)), 'PROVIDER_UNAVAILABLE'],
  ])('%s is reported, not retried blindly, and leaves nothing behind', async (_what, answer, code) => {
    const before = posts();
    fail('POST', '/reg', 5, answer);
    const result = await register('Flaky');
    expect(result.userErrors.map((e) => e.code)).toEqual([code]);
    expect(posts() - before).toBe(1);
    await expectAgreement();
  });

  it('honours a short Retry-After and then registers once', async () => {
    const before = posts();
    fail('POST', '/reg', 1, (res) => void res.writeHead(429, { 'retry-after': '1' }).end('{"error":"too_many_requests"}'));
    const result = await register('Patient');
    expect(result.userErrors).toEqual([]);
    expect(posts() - before).toBe(2);
    await expectAgreement();
  });

  it('deletes the IdP client again when the store fails after the IdP registered it', async () => {
    await injectClientInsertFailure(true);
    try {
      const response = await t.request(member(ORG), RegisterClientDocument, { input: { environmentId, name: 'Unstorable' } });
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      await expectAgreement();
      expect(t.logs.some((line) => line.includes('deleted the IdP client of a registration the store could not keep'))).toBe(true);

      // If the IdP then refuses the clean-up too, the orphan is logged with what finds it.
      fail('DELETE', '/reg/', 5, (res) => void res.writeHead(503).end());
      await t.request(member(ORG), RegisterClientDocument, { input: { environmentId, name: 'Orphan' } });
      const orphan = t.logs.map((line) => JSON.parse(line)).find((entry) => String(entry.msg).startsWith('orphaned client in identity provider'));
      expect(orphan).toMatchObject({ clientId: expect.any(String), level: 50 });
      expect(idp.clientIds()).toContain(orphan.clientId);
      interposed = null;
      await idp.forget(orphan.clientId); // what the operator does with the logged orphan
    } finally {
      await injectClientInsertFailure(false);
    }
  });
});

describe('idempotent retries racing', () => {
  it('keeps one client when concurrent retries each reached the IdP: the others are deleted there again', async () => {
    const input = { environmentId, name: 'Raced', idempotencyKey: 'race-1' };
    const answers = await Promise.all([1, 2, 3].map(() => t.run(member(ORG), RegisterClientDocument, { input })));
    const ids = new Set(answers.map((a) => a.registerClient.client?.clientId));
    expect(ids.size).toBe(1);
    expect(new Set(answers.map((a) => a.registerClient.clientSecret)).size).toBe(1);
    await expectAgreement();
  });
});

describe('deletion faults', () => {
  it('keeps a client the IdP cannot delete right now as DELETING, and retries until it is gone', async () => {
    const client = (await register('Doomed')).client!;
    fail('DELETE', '/reg/', 10, (res) => void res.writeHead(503).end('{"error":"temporarily_unavailable"}'));
    const { deleteClient } = await t.run(member(ORG), DeleteClientDocument, { input: { id: client.id } });
    expect(deleteClient.userErrors.map((e) => e.code)).toEqual(['PROVIDER_UNAVAILABLE']);
    expect(deleteClient.userErrors[0]!.message).toMatch(/DELETING/);
    const read = (await t.run(admin(ORG), ClientDocument, { id: client.id })).client!;
    expect(read).toMatchObject({ status: 'DELETING', lastProviderError: expect.stringMatching(/HTTP 503/) });
    await expectAgreement();

    // Not due yet: nothing happens.
    expect(await t.app.deletions.runOnce(new Date())).toBe(0);
    // Due, IdP still failing: still DELETING, one more attempt counted.
    expect(await t.app.deletions.runOnce(new Date(Date.now() + 60_000))).toBe(0);
    expect((await t.run(admin(ORG), ClientDocument, { id: client.id })).client?.status).toBe('DELETING');
    // The IdP recovers: the next due attempt deletes it on both sides.
    interposed = null;
    expect(await t.app.deletions.runOnce(new Date(Date.now() + 3 * 3600_000))).toBe(1);
    expect((await t.run(admin(ORG), ClientDocument, { id: client.id })).client).toBeNull();
    expect(idp.clientIds()).not.toContain(client.clientId);
    await expectAgreement();
  });

  it('counts a client the IdP no longer knows as deleted', async () => {
    const client = (await register('Already gone')).client!;
    await idp.forget(client.clientId);
    const { deleteClient } = await t.run(member(ORG), DeleteClientDocument, { input: { id: client.id } });
    expect(deleteClient).toEqual({ deletedId: client.id, deletedInProvider: true, userErrors: [] });
    await expectAgreement();
  });

  it('answers an unreachable IdP on deletion with DELETING too', async () => {
    const client = (await register('Unreachable')).client!;
    await t.run(admin(ORG), UpdateClientProviderDocument, { input: { id: providerId, requestTimeoutMs: 400 } });
    fail('DELETE', '/reg/', 10, (res) => new Promise<void>((resolve) => setTimeout(() => resolve(void res.destroy()), 1500)));
    const { deleteClient } = await t.run(member(ORG), DeleteClientDocument, { input: { id: client.id } });
    expect(deleteClient.userErrors.map((e) => e.code)).toEqual(['PROVIDER_UNAVAILABLE']);
    expect((await t.run(admin(ORG), ClientDocument, { id: client.id })).client?.status).toBe('DELETING');
    interposed = null;
    expect(await t.app.deletions.runOnce(new Date(Date.now() + 3600_000))).toBe(1);
    await expectAgreement();
  });
});

/** Makes every insert into the client table fail, as a store outage would, or stops doing so. */
async function injectClientInsertFailure(on: boolean) {
  const connection = t.app.orm.em.getConnection();
  if (TEST_DB === 'sqlite') {
    await connection.execute(
      on
        ? "create trigger fail_client_insert before insert on client begin select raise(abort, 'injected store failure'); end"
        : 'drop trigger if exists fail_client_insert',
    );
    return;
  }
  if (on) {
    await connection.execute("create or replace function fail_insert() returns trigger as $$ begin raise exception 'injected store failure'; end $$ language plpgsql");
    await connection.execute('create trigger fail_client_insert before insert on client for each row execute function fail_insert()');
  } else {
    await connection.execute('drop trigger if exists fail_client_insert on client');
  }
}
