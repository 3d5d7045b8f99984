import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultPoint } from '../../src/core/ports.js';
import { Client } from '../../src/store/entities/client.entity.js';
import { IdpIntent } from '../../src/store/entities/idp-intent.entity.js';
import { SealedColumns } from '../../src/store/sealed-columns.js';
import {
  AuditEventsDocument,
  ClientDocument,
  ClientsDocument,
  DeleteClientDocument,
  DismissUnresolvedClientDocument,
  ImportClientDocument,
  RegisterClientDocument,
  RotateClientSecretDocument,
  UpdateClientDocument,
} from '../generated/graphql.js';
import { admin, member, startTestApp, type TestApp } from '../support/app.js';
import { startFakeOkta, type FakeOkta } from '../support/fake-okta.js';
import { heldResponse, startTestIdp, type Interposer, type TestIdp } from '../support/idp.js';
import { seedLinkedEnvironment, seedProvider } from '../support/seed.js';
import { clientCredentialsGrant } from '../support/tokens.js';

/**
 * An intent for every IdP side effect, and recovery of those a crash interrupted. The app stops an
 * operation at a fault point as SIGKILL there would (no compensation runs; test/e2e/crash.test.ts
 * kills the compiled server for real), then recovery resolves what was left: against the real
 * OpenID provider (plain RFC 7591/7592: no listing) and the Okta fake (which lists its clients).
 */
let t: TestApp;
let oidc: TestIdp;
let okta: FakeOkta;
beforeAll(async () => {
  [t, oidc, okta] = await Promise.all([startTestApp(), startTestIdp(), startFakeOkta()]);
});
afterAll(async () => {
  await Promise.all([t?.close(), oidc?.close(), okta?.close()]);
});

interface Setup {
  org: string;
  environmentId: string;
  providerId: string;
  searchable: boolean;
  holds(): string[];
  /** Status of a client credentials grant at the IdP's token endpoint. */
  tokenWith(clientId: string, clientSecret: string): Promise<number>;
  holdNextRegistration: ReturnType<typeof holdingRegistrations>;
}

/**
 * Holds the IdP's answer to its next registration until released: once the IdP has made the client
 * (`made`), or before the IdP sees the request at all. Meanwhile the caller waits, as on a slow IdP.
 */
function holdingRegistrations(idp: { interpose(handler: Interposer): void }, path: string) {
  let next: Interposer | null = null;
  idp.interpose((req, res) => next?.(req, res) ?? false);
  return (made: boolean) => {
    const held = heldResponse();
    next = (req: IncomingMessage, res: ServerResponse) => {
      if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://idp').pathname !== path) return false;
      next = null;
      if (!made) {
        held.reach();
        return held.released.then(() => false);
      }
      held.hold(res);
      return false;
    };
    return { arrived: held.reached, release: held.release };
  };
}

const idps = [
  {
    name: 'oidc-provider (RFC 7591, no listing)',
    rotates: false,
    lists: false,
    async setup(org: string): Promise<Setup> {
      const provider = await seedProvider(t, admin(org), { idp: oidc, name: 'OIDC', allowClientDeletion: true, propagateClientChanges: true });
      const environment = await seedLinkedEnvironment(t, admin(org), provider.id, 'Prod');
      return {
        org,
        environmentId: environment.id,
        providerId: provider.id,
        searchable: false,
        holds: () => oidc.clientIds().filter((id) => id !== 'introspector'),
        tokenWith: async (id, secret) => (await clientCredentialsGrant(`${oidc.issuer}/token`, id, secret, 'read')).status,
        holdNextRegistration: holdingRegistrations(oidc, '/reg'),
      };
    },
  },
  {
    name: 'Okta (lists its clients)',
    rotates: true,
    lists: true,
    async setup(org: string): Promise<Setup> {
      const provider = await seedProvider(t, admin(org), {
        name: 'Okta',
        vendor: 'OKTA',
        issuer: okta.issuer,
        registrationAuthorization: `SSWS ${okta.apiToken}`,
        allowClientDeletion: true,
        propagateClientChanges: true,
      });
      const environment = await seedLinkedEnvironment(t, admin(org), provider.id, 'Prod');
      return {
        org,
        environmentId: environment.id,
        providerId: provider.id,
        searchable: true,
        holds: () => okta.clientIds(),
        tokenWith: async (id, secret) => (await clientCredentialsGrant(`${okta.issuer}/oauth2/v1/token`, id, secret)).status,
        holdNextRegistration: holdingRegistrations(okta, '/oauth2/v1/clients'),
      };
    },
  },
];

/** As if every intent's lease had run out: the processes that wrote them are gone. */
const leasesRunOut = () => t.app.orm.em.fork().nativeUpdate(IdpIntent, {}, { leaseUntil: new Date(0) });
const intents = () => t.app.orm.em.fork().count(IdpIntent, {});
/** The audit trail of one client: actor and action, oldest first. */
const trailOf = async (org: string, clientId: string) =>
  (await t.run(admin(org), AuditEventsDocument, { first: 100, clientId })).auditEvents.edges.map((e) => `${e.node.actor} ${e.node.action}`).reverse();

let orgs = 0;

describe.each(idps)('$name', ({ setup, rotates, lists }) => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup(`recovery-${++orgs}`);
  });

  const register = (name: string, idempotencyKey?: string) =>
    t.request(member(s.org), RegisterClientDocument, { input: { environmentId: s.environmentId, name, idempotencyKey } });
  const clientsIn = async (status: ('REGISTERING' | 'UNRESOLVED' | 'ACTIVE' | 'ORPHANED')[]) =>
    (await t.run(admin(s.org), ClientsDocument, { first: 100, clientProviderId: s.providerId, status })).clients.edges.map((e) => e.node);
  /** Every IdP client is known to the store, or (only where the IdP cannot be searched) accounted for by an UNRESOLVED client. */
  const expectAccountedFor = async () => {
    expect(await clientsIn(['REGISTERING'])).toEqual([]);
    expect(await intents()).toBe(0);
    const known = new Set((await clientsIn(['ACTIVE'])).map((client) => client.clientId));
    const unknown = s.holds().filter((id) => !known.has(id));
    const unresolved = await clientsIn(['UNRESOLVED']);
    if (s.searchable) expect(unknown).toEqual([]);
    else expect(unresolved.length).toBeGreaterThanOrEqual(unknown.length);
    return { unknown, unresolved };
  };

  it('writes an intent before the IdP is called, with or without an idempotency key, and completes it with the result', async () => {
    for (const key of [undefined, `key-${s.org}`]) {
      t.crashAt('register:before-idp-call');
      const crashed = await register('Announced', key);
      expect(crashed.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      const [intent] = await t.app.orm.em.fork().find(IdpIntent, {});
      expect(intent).toMatchObject({ operation: 'REGISTER', clientName: 'Announced', idpClientId: null, sent: expect.objectContaining({ client_name: 'Announced' }) });
      expect(JSON.stringify(intent)).not.toMatch(/secret"?:\s*"[^"]/i);
      // The lease holds recovery off while the writing process may still be on the call.
      expect(await t.app.recovery.runOnce()).toBe(0);
      await leasesRunOut();
      expect(await t.app.recovery.runOnce()).toBe(1);
      const { unresolved } = await expectAccountedFor();
      for (const client of unresolved) await t.run(admin(s.org), DismissUnresolvedClientDocument, { input: { id: client.id } });
    }
    const done = await register('Completed');
    expect(done.data?.registerClient.userErrors).toEqual([]);
    expect(await intents()).toBe(0);
  });

  it.each(['register:before-idp-call', 'register:after-idp-answer', 'register:after-store-write'] as const)(
    'recovers a registration interrupted at %s',
    async (point: FaultPoint) => {
      const before = new Set(s.holds());
      const key = `${point}-${s.org}`;
      t.crashAt(point);
      const crashed = await register(`At ${point}`, key);
      expect(crashed.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
      await leasesRunOut();
      await t.app.recovery.runOnce();
      const { unresolved } = await expectAccountedFor();
      const made = s.holds().filter((id) => !before.has(id));
      expect(made).toHaveLength(point === 'register:before-idp-call' ? 0 : 1);
      const replay = await register(`At ${point}`, key);

      if (point === 'register:before-idp-call') {
        if (s.searchable) {
          // Okta was searched and holds nothing: the key is free again, and a retry registers.
          expect(replay.data?.registerClient.userErrors).toEqual([]);
          expect(s.holds().filter((id) => !before.has(id))).toHaveLength(1);
        } else {
          expect(unresolved.map((c) => c.name)).toEqual([`At ${point}`]);
          expect(replay.data?.registerClient.userErrors.map((e) => e.code)).toEqual(['REGISTRATION_UNRESOLVED']);
          // Nothing of it in the IdP: the administrator dismisses it, and the key is free again.
          await t.run(admin(s.org), DismissUnresolvedClientDocument, { input: { id: unresolved[0]!.id } });
          expect((await register(`At ${point}`, key)).data?.registerClient.userErrors).toEqual([]);
        }
      } else if (point === 'register:after-idp-answer' && s.searchable) {
        // Found in Okta by name, metadata and time, and adopted with its secret: a retry with the
        // key answers as the original would have, and the secret works at the IdP.
        const answer = replay.data!.registerClient;
        expect(answer.userErrors).toEqual([]);
        expect(answer.client).toMatchObject({ clientId: made[0], status: 'ACTIVE' });
        expect(await s.tokenWith(made[0]!, answer.clientSecret!)).toBe(200);
      } else if (point === 'register:after-idp-answer') {
        const [left] = unresolved;
        expect(left).toMatchObject({ name: `At ${point}`, status: 'UNRESOLVED', clientId: null, statusMessage: expect.stringContaining(`a client named "At ${point}"`) });
        expect(replay.data?.registerClient.userErrors.map((e) => e.code)).toEqual(['REGISTRATION_UNRESOLVED']);
        // The administrator finds it in the IdP and links it: the interrupted registration's row becomes the client.
        const { importClient } = await t.run(admin(s.org), ImportClientDocument, {
          input: { environmentId: s.environmentId, clientProviderId: s.providerId, clientId: made[0]!, name: `At ${point}`, resolves: left!.id },
        });
        expect(importClient.userErrors).toEqual([]);
        expect(importClient.client).toMatchObject({ id: left!.id, clientId: made[0], status: 'ACTIVE', statusMessage: null });
        const again = await register(`At ${point}`, key);
        expect(again.data?.registerClient.client).toMatchObject({ id: left!.id, clientId: made[0] });
      } else {
        // Stored before the crash: nothing for recovery, and the retry answers with the same client.
        expect(replay.data?.registerClient.client).toMatchObject({ clientId: made[0], status: 'ACTIVE' });
      }
      await expectAccountedFor();
    },
  );

  /**
   * Registers while the IdP holds its answer (given once it made the client, or before it saw the
   * request); meanwhile the registering process looks dead (its lease has run out) and recovery
   * resolves the registration, then `meanwhile` runs. Then the IdP answers.
   */
  const registerLate = async (name: string, made: boolean, meanwhile?: () => Promise<void>) => {
    const held = s.holdNextRegistration(made);
    const pending = register(name);
    try {
      await held.arrived;
      await leasesRunOut();
      expect(await t.app.recovery.runOnce()).toBe(1);
      await meanwhile?.();
    } finally {
      held.release();
    }
    return (await pending).data!.registerClient;
  };

  it.each([true, false])('answers a registration whose IdP answered after recovery had resolved it (the IdP had made the client when recovery looked: %s)', async (made) => {
    const before = new Set(s.holds());
    const name = `Late, ${made ? 'made' : 'not yet made'}`;
    const answer = await registerLate(name, made);
    const added = s.holds().filter((id) => !before.has(id));
    if (s.searchable && !made) {
      // Recovery found nothing in Okta and let the placeholder go; the client Okta made afterwards
      // is nobody's, and is taken back there.
      expect(answer.userErrors.map((e) => e.code)).toEqual(['CONFLICT']);
      expect(answer.client).toBeNull();
      expect(added).toEqual([]);
    } else {
      // Adopted by recovery (Okta: found by name, metadata and time), or left UNRESOLVED for want of
      // a search (RFC 7591): either way the late answer is the caller's client, with a working secret.
      expect(answer.userErrors).toEqual([]);
      expect(added).toHaveLength(1);
      expect(answer.client).toMatchObject({ name, clientId: added[0], status: 'ACTIVE', statusMessage: null });
      expect(await s.tokenWith(added[0]!, answer.clientSecret!)).toBe(200);
    }
    expect((await clientsIn(['UNRESOLVED'])).map((client) => client.name)).not.toContain(name);
    await expectAccountedFor();
  });

  it.skipIf(lists)('answers with the client an administrator imported meanwhile, and with the secret the IdP issued', async () => {
    const before = new Set(s.holds());
    const answer = await registerLate('Late, imported', true, async () => {
      // The administrator finds the client in the IdP and links it, without its secret.
      const [left] = (await clientsIn(['UNRESOLVED'])).filter((client) => client.name === 'Late, imported');
      const [added] = s.holds().filter((id) => !before.has(id));
      const input = { environmentId: s.environmentId, clientProviderId: s.providerId, clientId: added!, name: 'Late, imported', resolves: left!.id };
      expect((await t.run(admin(s.org), ImportClientDocument, { input })).importClient.userErrors).toEqual([]);
    });
    expect(answer.userErrors).toEqual([]);
    expect(answer.client).toMatchObject({ name: 'Late, imported', status: 'ACTIVE' });
    expect(await s.tokenWith(answer.client!.clientId!, answer.clientSecret!)).toBe(200);
    await expectAccountedFor();
  });

  it.skipIf(!lists)('hands a client the IdP lists without its secret to the deletion retries, which take it back there', async () => {
    const before = new Set(s.holds());
    let withoutSecrets = true;
    okta.interpose((req, res) => {
      if (!withoutSecrets || req.method !== 'GET' || new URL(req.url ?? '/', okta.issuer).pathname !== '/oauth2/v1/clients') return false;
      const end = res.end.bind(res) as (body?: unknown) => ServerResponse;
      res.end = ((body?: unknown) => end(JSON.stringify((JSON.parse(String(body)) as object[]).map((client) => ({ ...client, client_secret: undefined }))))) as never;
      return false;
    });
    try {
      t.crashAt('register:after-idp-answer');
      expect((await register('Listed without its secret')).errors).toHaveLength(1);
      const [added] = s.holds().filter((id) => !before.has(id));
      await leasesRunOut();
      expect(await t.app.recovery.runOnce()).toBe(1);
      // Not deleted from within recovery: handed over, ORPHANED, with what happened.
      expect(await clientsIn(['ORPHANED'])).toEqual([expect.objectContaining({ name: 'Listed without its secret', clientId: added, statusMessage: expect.stringMatching(/does not return its secret/) })]);
      expect(await trailOf(s.org, (await clientsIn(['ORPHANED']))[0]!.id)).toContain('system:recovery client.mark_orphaned');
      expect(s.holds()).toContain(added);
      expect(await intents()).toBe(0);
      t.clock.advance(1000);
      expect(await t.app.deletions.runOnce()).toBe(1);
      expect(s.holds()).not.toContain(added);
      expect(await clientsIn(['ORPHANED'])).toEqual([]);
      await expectAccountedFor();
    } finally {
      withoutSecrets = false;
    }
  });

  it.skipIf(!lists)('keeps a late client ORPHANED where the IdP refuses to take it back, and deletes it there in the background', async () => {
    const before = new Set(s.holds());
    let refuseDeletions = true;
    okta.interpose((req, res) => {
      if (!refuseDeletions || req.method !== 'DELETE') return false;
      res.writeHead(503).end();
      return true;
    });
    let added: string | undefined;
    try {
      expect((await registerLate('Late, kept', false)).userErrors.map((e) => e.code)).toEqual(['CONFLICT']);
      [added] = s.holds().filter((id) => !before.has(id));
      expect(await clientsIn(['ORPHANED'])).toEqual([expect.objectContaining({ name: 'Late, kept', status: 'ORPHANED', clientId: added, statusMessage: expect.stringMatching(/deleting it there is retried/) })]);
      expect((await trailOf(s.org, (await clientsIn(['ORPHANED']))[0]!.id)).filter((entry) => entry.endsWith('client.mark_orphaned'))).toHaveLength(1);
    } finally {
      refuseDeletions = false;
    }
    t.clock.advance(1000);
    expect(await t.app.deletions.runOnce()).toBe(1);
    expect(s.holds()).not.toContain(added);
    expect(await clientsIn(['ORPHANED'])).toEqual([]);
    await expectAccountedFor();
  });

  it('finishes a deletion interrupted after the IdP deleted the client', async () => {
    const { data } = await register('Doomed');
    const client = data!.registerClient.client!;
    t.crashAt('delete:after-idp-answer');
    expect((await t.request(member(s.org), DeleteClientDocument, { input: { id: client.id } })).errors).toHaveLength(1);
    expect(s.holds()).not.toContain(client.clientId);
    expect((await t.run(admin(s.org), ClientDocument, { id: client.id })).client?.status).toBe('ACTIVE');
    await leasesRunOut();
    await t.app.recovery.runOnce();
    expect((await t.run(admin(s.org), ClientDocument, { id: client.id })).client).toBeNull();
    await expectAccountedFor();
  });

  it('finishes a deletion interrupted before the IdP was called', async () => {
    const { data } = await register('Doomed too');
    const client = data!.registerClient.client!;
    t.crashAt('delete:before-idp-call');
    await t.request(member(s.org), DeleteClientDocument, { input: { id: client.id } });
    expect(s.holds()).toContain(client.clientId);
    await leasesRunOut();
    await t.app.recovery.runOnce();
    expect(s.holds()).not.toContain(client.clientId);
    expect((await t.run(admin(s.org), ClientDocument, { id: client.id })).client).toBeNull();
    await expectAccountedFor();
  });

  it('makes the stored state match the IdP after an update interrupted after the IdP took it', async () => {
    const { data } = await register('Before');
    const client = data!.registerClient.client!;
    t.crashAt('update:after-idp-answer');
    const input = { id: client.id, name: 'After', grantTypes: ['authorization_code'], redirectUris: ['https://after.example.com/cb'] };
    expect((await t.request(member(s.org), UpdateClientDocument, { input })).errors).toHaveLength(1);
    expect((await t.run(admin(s.org), ClientDocument, { id: client.id })).client?.name).toBe('Before');
    await leasesRunOut();
    await t.app.recovery.runOnce();
    const recovered = (await t.run(admin(s.org), ClientDocument, { id: client.id })).client!;
    if (s.searchable) {
      expect(recovered).toMatchObject({ name: 'After', grantTypes: ['authorization_code'], redirectUris: ['https://after.example.com/cb'], statusMessage: null });
      // And the next update goes through as usual.
      const next = await t.run(member(s.org), UpdateClientDocument, { input: { id: client.id, name: 'Later' } });
      expect(next.updateClient.userErrors).toEqual([]);
    } else {
      // oidc-provider replaced the registration access token with the update whose answer was lost:
      // the IdP refuses the stored one, and the client says so instead of guessing.
      expect(recovered).toMatchObject({ name: 'Before', status: 'ACTIVE', statusMessage: expect.stringMatching(/registration access token/) });
    }
    await expectAccountedFor();
  });

  // RFC 7592 has no rotation (PROVIDER_OPERATION_UNSUPPORTED, tested elsewhere).
  it.skipIf(!rotates)('keeps the IdP’s new secret after a rotation interrupted after the IdP made it, where the IdP returns it, and still retires the replaced one after its window', async () => {
    const { data } = await register('Rotated');
    const client = data!.registerClient.client!;
    const oldSecret = data!.registerClient.clientSecret!;
    t.crashAt('rotate:after-idp-answer');
    expect((await t.request(member(s.org), RotateClientSecretDocument, { input: { id: client.id } })).errors).toHaveLength(1);
    // Okta holds both secrets now (a rotation with an overlap); the one to retire is on the row already.
    expect(await s.tokenWith(client.clientId!, oldSecret)).toBe(200);
    await leasesRunOut();
    await t.app.recovery.runOnce();
    expect(await intents()).toBe(0);
    const stored = okta.clients.get(client.clientId!)!.client_secret as string;
    expect(stored).not.toBe(oldSecret);
    // The platform now holds the IdP's new secret, sealed.
    const row = await t.app.orm.em.fork().findOneOrFail(Client, { clientId: client.clientId });
    expect(row.clientSecretSealed).not.toContain(stored);
    expect(new SealedColumns(t.config.secretsKey).clientSecret.get(row)).toBe(stored);
    expect(row.retiringSecretId).not.toBeNull();
    expect(row.nextSecretRetirementAt).not.toBeNull();
    t.clock.advance(row.nextSecretRetirementAt!.getTime() - t.clock.now() + 1);
    expect(await t.app.secretRetirements.runOnce()).toBe(1);
    expect(await s.tokenWith(client.clientId!, oldSecret)).toBe(401);
    expect(await s.tokenWith(client.clientId!, stored)).toBe(200);
  });

  it.skipIf(!rotates)('retires nothing after a rotation interrupted before the IdP was asked', async () => {
    const { data } = await register('Not rotated');
    const client = data!.registerClient.client!;
    const secret = data!.registerClient.clientSecret!;
    t.crashAt('rotate:before-idp-call');
    expect((await t.request(member(s.org), RotateClientSecretDocument, { input: { id: client.id } })).errors).toHaveLength(1);
    await leasesRunOut();
    await t.app.recovery.runOnce();
    expect(await intents()).toBe(0);
    const row = await t.app.orm.em.fork().findOneOrFail(Client, { clientId: client.clientId });
    expect(row).toMatchObject({ retiringSecretId: null, nextSecretRetirementAt: null });
    t.clock.advance(2 * 86_400_000);
    expect(await t.app.secretRetirements.runOnce()).toBe(0);
    expect(await s.tokenWith(client.clientId!, secret)).toBe(200);
  });
});

describe('the lease', () => {
  it('holds recovery off for as long as the call may take, plus the grace, and not longer', async () => {
    const org = 'recovery-lease';
    const provider = await seedProvider(t, admin(org), { idp: oidc, name: 'OIDC', requestTimeoutMs: 1000 });
    const environment = await seedLinkedEnvironment(t, admin(org), provider.id, 'Prod');
    t.crashAt('register:before-idp-call');
    await t.request(member(org), RegisterClientDocument, { input: { environmentId: environment.id, name: 'Leased' } });
    // Three attempts of 1 s and two waits of up to 5 s, then INTENT_LEASE_GRACE_SECONDS (30).
    t.clock.advance(3 * 1000 + 2 * 5000 + 30_000 - 1000);
    expect(await t.app.recovery.runOnce()).toBe(0);
    t.clock.advance(2000);
    expect(await t.app.recovery.runOnce()).toBe(1);
    const left = (await t.run(admin(org), ClientsDocument, { first: 10, status: ['UNRESOLVED'] })).clients.edges;
    expect(left.map((e) => e.node.name)).toEqual(['Leased']);
  });
});
