import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientStatus } from '../../src/core/model.js';
import { Client } from '../../src/store/entities/client.entity.js';
import { ClientDocument, ClientsDocument, ReconcileClientProviderDocument, RegisterClientDocument, UpdateClientDocument } from '../generated/graphql.js';
import { admin, member, startTestApp, type TestApp } from '../support/app.js';
import { startFakeDcr, type FakeDcr } from '../support/fake-dcr.js';
import { seedLinkedEnvironment, seedProvider } from '../support/seed.js';

/**
 * What the IdP says of a secret's expiry (client_secret_expires_at) is kept on the client, listed
 * with clients(secretExpiresBefore:) and counted by the client_secrets_expiring gauge.
 */
const ORG = 'secret-expiry';
const DAY = 86_400_000;
let t: TestApp;
let idp: FakeDcr;
let environmentId: string;
let otherEnvironmentId: string;
let providerId: string;

beforeAll(async () => {
  [t, idp] = await Promise.all([startTestApp(), startFakeDcr('openam')]);
  providerId = (
    await seedProvider(t, admin(ORG), { name: 'AM', vendor: 'OPENAM', issuer: idp.issuer, registrationAuthorization: `Bearer ${idp.initialAccessToken}`, allowClientDeletion: true, propagateClientChanges: true })
  ).id;
  environmentId = (await seedLinkedEnvironment(t, admin(ORG), providerId, 'Prod')).id;
  otherEnvironmentId = (await seedLinkedEnvironment(t, admin(ORG), providerId, 'Test', 'SANDBOX')).id;
});
afterAll(async () => {
  await Promise.all([t?.close(), idp?.close()]);
});

/** Registers a client whose secret the IdP issues for `days` (0: never expires). */
async function register(name: string, days: number, environment = environmentId, caller = member(ORG)) {
  idp.secretLifetimeSeconds = days * 86_400;
  const { registerClient } = await t.run(caller, RegisterClientDocument, { input: { environmentId: environment, name } });
  expect(registerClient.userErrors).toEqual([]);
  return registerClient.client!;
}

const gauge = async () => {
  const text = await (await fetch(t.app.metricsUrl)).text();
  return Number(/^client_secrets_expiring (\d+)$/m.exec(text)?.[1]);
};

const names = (clients: { edges: { node: { name: string } }[] }) => clients.edges.map((edge) => edge.node.name).sort();

describe('secret expiry', () => {
  it('keeps client_secret_expires_at, lists by it with the other filters and counts the list, and the gauge counts what expires soon', async () => {
    const before = Date.now();
    const soon = await register('Soon', 10);
    const later = await register('Later', 30);
    const never = await register('Never', 0);
    await register('Elsewhere soon', 5, otherEnvironmentId, member(ORG, 'someone-else'));

    // Whole seconds, as the IdP says them.
    expect(new Date(soon.secretExpiresAt as string).getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 10 * DAY);
    expect(new Date(soon.secretExpiresAt as string).getTime()).toBeLessThanOrEqual(Date.now() + 10 * DAY);
    expect(never.secretExpiresAt).toBeNull();
    expect((await t.run(member(ORG), ClientDocument, { id: later.id })).client).toMatchObject({ secretExpiresAt: later.secretExpiresAt });

    const within = new Date(Date.now() + 20 * DAY).toISOString();
    const all = await t.run(admin(ORG), ClientsDocument, { secretExpiresBefore: within });
    expect(names(all.clients)).toEqual(['Elsewhere soon', 'Soon']);
    expect(all.clients.totalCount).toBe(2);
    const inProd = await t.run(admin(ORG), ClientsDocument, { secretExpiresBefore: within, environmentId, first: 1 });
    expect(names(inProd.clients)).toEqual(['Soon']);
    expect(inProd.clients.totalCount).toBe(1);
    // A member sees their own clients only; a never-expiring secret is never before anything.
    const mine = await t.run(member(ORG), ClientsDocument, { secretExpiresBefore: new Date(Date.now() + 3650 * DAY).toISOString() });
    expect(names(mine.clients)).toEqual(['Later', 'Soon']);
    expect(mine.clients.totalCount).toBe(2);
    const searched = await t.run(admin(ORG), ClientsDocument, { secretExpiresBefore: within, search: 'elsewhere', status: ['ACTIVE'] });
    expect(names(searched.clients)).toEqual(['Elsewhere soon']);
    expect(searched.clients.totalCount).toBe(1);
    // Without the filter the list (and its count, from the tally) has every client.
    expect((await t.run(admin(ORG), ClientsDocument, {})).clients.totalCount).toBe(4);

    // SECRET_EXPIRY_WARNING_DAYS is 14 in the tests: 10 and 5 days are within it, 30 are not, until the time comes.
    expect(await gauge()).toBe(2);
    // A client being deleted has no secret anyone will rotate: not counted.
    const store = t.app.orm.em.fork();
    await store.nativeUpdate(Client, { clientId: soon.clientId! }, { status: ClientStatus.DELETING });
    expect(await gauge()).toBe(1);
    await store.nativeUpdate(Client, { clientId: soon.clientId! }, { status: ClientStatus.ACTIVE });
    t.clock.advance(20 * DAY);
    expect(await gauge()).toBe(3);
    t.clock.advance(-20 * DAY);
  });

  it('keeps the expiry through an update whose answer repeats it, and learns a new one by reconciliation', async () => {
    const client = await register('Reconciled', 10);
    const { updateClient } = await t.run(member(ORG), UpdateClientDocument, { input: { id: client.id, name: 'Reconciled too' } });
    expect(updateClient.userErrors).toEqual([]);
    expect(updateClient.client!.secretExpiresAt).toBe(client.secretExpiresAt);

    // An answer that echoes the secret and leaves its expiry out (RFC 7591 makes the field optional in an update answer's echo) keeps the known expiry.
    let silent = 0;
    idp.interpose(async (req, res) => {
      if (req.method !== 'PUT' || silent > 0) return false;
      silent++;
      const { client_secret_expires_at: _left, ...stored } = idp.clients.get(client.clientId!)!;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stored));
      return true;
    });
    const echoed = await t.run(member(ORG), UpdateClientDocument, { input: { id: client.id, name: 'Reconciled echo' } });
    expect(silent).toBe(1);
    expect(echoed.updateClient.client!.secretExpiresAt).toBe(client.secretExpiresAt);

    // Changed in the IdP behind the platform's back: reconciliation reads it and keeps it.
    const extended = Math.floor(Date.now() / 1000) + 90 * 86_400;
    idp.clients.get(client.clientId!)!.client_secret_expires_at = extended;
    const { reconcileClientProvider } = await t.run(admin(ORG), ReconcileClientProviderDocument, { input: { id: providerId } });
    expect(reconcileClientProvider.userErrors).toEqual([]);
    expect((await t.run(member(ORG), ClientDocument, { id: client.id })).client!.secretExpiresAt).toBe(new Date(extended * 1000).toISOString());
    const row = await t.app.orm.em.fork().findOneOrFail(Client, { clientId: client.clientId });
    expect(row.secretExpiresAt?.getTime()).toBe(extended * 1000);

    // An expiry of 0 means never.
    idp.clients.get(client.clientId!)!.client_secret_expires_at = 0;
    await t.run(admin(ORG), ReconcileClientProviderDocument, { input: { id: providerId } });
    expect((await t.run(member(ORG), ClientDocument, { id: client.id })).client!.secretExpiresAt).toBeNull();
  });
});
