import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdpIntent } from '../../src/store/entities/idp-intent.entity.js';
import { openStore } from '../../src/store/orm.js';
import { startFakeOkta, type FakeOkta } from '../support/fake-okta.js';
import { startTestIdp, type TestIdp } from '../support/idp.js';
import { npmToken, serverEnv, startServer, stopServers, waitFor, within, type ServerProcess } from '../support/process.js';

/**
 * Nothing lost on a crash: the compiled server is killed with SIGKILL at each point of an IdP side
 * effect (a test-only FAULT_POINT, or while the registration is in flight at the IdP) and started
 * again on the same data, against the real OpenID provider (no listing) and the Okta fake (which
 * lists its clients). Afterwards recovery has resolved every intent: no REGISTERING row is left,
 * every Okta client is known to the store, and every oidc-provider client the store does not know
 * is accounted for by an UNRESOLVED client.
 */
const ORG = 'crash-org';
let oidc: TestIdp;
let okta: FakeOkta;
let env: NodeJS.ProcessEnv;
let token: string;
let server: ServerProcess | undefined;
/** Every server started: recovery may resolve an intent in any that runs after its lease is out. */
const servers: ServerProcess[] = [];
/** While set, a registration request reaching an IdP first kills the server, then is carried out. */
let killInFlight = false;

async function graphql(query: string, variables?: Record<string, unknown>) {
  const response = await fetch(server!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function restart(faultPoint?: string): Promise<void> {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.closed;
  }
  server = await startServer({ ...env, ...(faultPoint ? { FAULT_POINT: faultPoint } : {}) });
  servers.push(server);
}

/** Sends the mutation and expects the server to die under it. */
async function dies(query: string, variables: Record<string, unknown>): Promise<void> {
  const sent = graphql(query, variables).then(
    () => 'answered',
    () => 'connection lost',
  );
  expect(await within(15_000, 'the mutation', sent)).toBe('connection lost');
  expect((await within(5000, 'the server to die', server!.closed)).signal).toBe('SIGKILL');
}

const REGISTER = `mutation($input: RegisterClientInput!) { registerClient(input: $input) { client { id clientId status } clientSecret userErrors { code message } } }`;
const UPDATE = `mutation($input: UpdateClientInput!) { updateClient(input: $input) { client { id name } userErrors { code } } }`;
const ROTATE = `mutation($input: RotateClientSecretInput!) { rotateClientSecret(input: $input) { clientSecret userErrors { code } } }`;
const DELETE = `mutation($input: DeleteClientInput!) { deleteClient(input: $input) { deletedId userErrors { code } } }`;
const CLIENTS = `query($providerId: ID, $status: [ClientStatus!]) { clients(first: 100, clientProviderId: $providerId, status: $status) { edges { node { id name clientId status statusMessage } } } }`;

const providers: Record<'oidc' | 'okta', { id: string; environmentId: string }> = {} as never;

beforeAll(async () => {
  [oidc, okta] = await Promise.all([startTestIdp(), startFakeOkta()]);
  for (const idp of [oidc, okta]) {
    idp.interpose((req, res) => {
      const registration = req.method === 'POST' && (req.url === '/reg' || req.url === '/oauth2/v1/clients');
      if (killInFlight && registration && server) {
        killInFlight = false;
        // The IdP carries the registration out; as it answers, the server dies, and the answer is lost.
        const dying = server;
        const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
        res.end = ((...args: unknown[]) => {
          dying.child.kill('SIGKILL');
          void dying.closed.then(() => end(...args));
          return res;
        }) as never;
      }
      return false;
    });
  }
  env = { ...(await serverEnv()), NODE_ENV: 'test', RECOVERY_INTERVAL_SECONDS: '0.5', INTENT_LEASE_GRACE_SECONDS: '0' };
  await restart();
  token = await npmToken(env, ORG, 'organization_admin', 'admin@crash');
  const seed = async (key: 'oidc' | 'okta', input: Record<string, unknown>) => {
    const created = await graphql(`mutation($input: CreateClientProviderInput!) { createClientProvider(input: $input) { clientProvider { id } userErrors { message } } }`, {
      input: { allowClientDeletion: true, propagateClientChanges: true, requestTimeoutMs: 1000, ...input },
    });
    const id = created.createClientProvider.clientProvider.id;
    const environment = await graphql(`mutation($input: CreateEnvironmentInput!) { createEnvironment(input: $input) { environment { id } } }`, { input: { name: key, type: 'SANDBOX' } });
    const environmentId = environment.createEnvironment.environment.id;
    await graphql(`mutation($input: LinkClientProviderInput!) { linkClientProvider(input: $input) { userErrors { message } } }`, {
      input: { environmentId, clientProviderId: id, makeDefault: true },
    });
    providers[key] = { id, environmentId };
  };
  await seed('oidc', { name: 'OIDC', vendor: 'GENERIC_OIDC', issuer: oidc.issuer, registrationUrl: `${oidc.issuer}/reg`, registrationAuthorization: `Bearer ${oidc.initialAccessToken}` });
  await seed('okta', { name: 'Okta', vendor: 'OKTA', issuer: okta.issuer, registrationAuthorization: `SSWS ${okta.apiToken}` });
}, 60_000);

afterAll(async () => {
  await stopServers();
  await Promise.all([oidc?.close(), okta?.close()]);
});

describe('a crash at any point of an IdP side effect', () => {
  it('loses nothing: after a restart, recovery accounts for every client the IdPs hold', async () => {
    const register = (key: 'oidc' | 'okta', name: string) => ({ input: { environmentId: providers[key].environmentId, name, idempotencyKey: `${key}-${name}` } });
    // Clients for the interrupted changes, registered while nothing fails.
    const existing: Record<string, { id: string; clientId: string }> = {};
    for (const [key, name] of [['okta', 'Updated'], ['okta', 'Rotated'], ['okta', 'Deleted'], ['oidc', 'Deleted']] as const) {
      const { registerClient } = await graphql(REGISTER, register(key, name));
      expect(registerClient.userErrors).toEqual([]);
      existing[`${key} ${name}`] = registerClient.client;
    }

    let interrupted = 0;
    for (const key of ['oidc', 'okta'] as const) {
      for (const point of ['register:before-idp-call', 'register:after-idp-answer', 'register:after-store-write']) {
        await restart(point);
        await dies(REGISTER, register(key, point));
        if (point !== 'register:after-store-write') interrupted++;
      }
      // Killed while the IdP is on the call; the IdP then makes the client for a process that is gone.
      await restart();
      killInFlight = true;
      await dies(REGISTER, register(key, 'in flight'));
      interrupted++;
    }
    await restart('update:after-idp-answer');
    await dies(UPDATE, { input: { id: existing['okta Updated']!.id, name: 'Updated in Okta', redirectUris: ['https://app.example.com/cb'], grantTypes: ['authorization_code'] } });
    await restart('rotate:after-idp-answer');
    await dies(ROTATE, { input: { id: existing['okta Rotated']!.id } });
    for (const key of ['okta', 'oidc'] as const) {
      await restart('delete:after-idp-answer');
      await dies(DELETE, { input: { id: existing[`${key} Deleted`]!.id } });
    }
    interrupted += 4;
    expect(okta.clientIds()).not.toContain(existing['okta Deleted']!.clientId);

    // Started again on the same data: once the dead processes' leases have run out, recovery
    // resolves every intent they left (the servers started in between have begun). The store says
    // when: no intent is left. Each outcome is logged after its commit, so a server killed by the
    // next restart just after one may not have written its line (seen on a loaded machine): every
    // line written must be an expected outcome, and the store's state below shows the rest.
    await restart();
    const store = await openStore(env.DATABASE_URL ? { kind: 'postgresql', url: env.DATABASE_URL } : { kind: 'sqlite', file: join(env.DATA_DIR!, 'client-providers.sqlite3') });
    let left = interrupted;
    try {
      await waitFor('every intent to be resolved', async () => (left = await store.em.fork().count(IdpIntent, {})) === 0, 75_000);
    } catch (error) {
      throw new Error(`${(error as Error).message} (${left} left); the log: ${JSON.stringify(servers.flatMap((one) => one.logs).filter((line) => Number(line.level) >= 40 || String(line.msg).includes('recover')).map((line) => [line.msg, line.operation, line.outcome, line.err]))}`);
    } finally {
      await store.close();
    }
    const outcomes = servers
      .flatMap((one) => one.logs)
      .filter((line) => line.msg === 'recovered an interrupted identity provider operation')
      .map((line) => `${line.operation} ${line.outcome}`);
    const remaining = [
      'REGISTER not_made', // Okta, before the call: searched, nothing there
      'REGISTER adopted', // Okta, after the answer
      'REGISTER adopted', // Okta, in flight
      'REGISTER unresolved', // oidc-provider: before the call, after the answer, in flight
      'REGISTER unresolved',
      'REGISTER unresolved',
      'UPDATE matched',
      'ROTATE matched',
      'DELETE finished',
      'DELETE finished',
    ];
    for (const outcome of outcomes) {
      expect(remaining, `an outcome logged more often than expected, or not expected: ${outcome}`).toContain(outcome);
      remaining.splice(remaining.indexOf(outcome), 1);
    }

    const clients = async (key: 'oidc' | 'okta', status?: string[]) =>
      ((await graphql(CLIENTS, { providerId: providers[key].id, status })).clients.edges as { node: { id: string; name: string; clientId: string | null; status: string; statusMessage: string | null } }[]).map((e) => e.node);
    expect([...(await clients('oidc', ['REGISTERING'])), ...(await clients('okta', ['REGISTERING']))]).toEqual([]);
    // Okta can be searched: every client it holds is known to the store.
    const oktaKnown = new Set((await clients('okta', ['ACTIVE'])).map((c) => c.clientId));
    expect(okta.clientIds().filter((id) => !oktaKnown.has(id))).toEqual([]);
    // Both that reached Okta were adopted (with their secrets), not handed to the deletion retries;
    // the one that did not was let go (not made), whatever its log line says.
    const oktaNames = (await clients('okta')).map((c) => c.name);
    expect((await clients('okta', ['ACTIVE'])).map((c) => c.name)).toEqual(expect.arrayContaining(['register:after-idp-answer', 'in flight']));
    expect(oktaNames).not.toContain('register:before-idp-call');
    expect((await clients('okta')).find((c) => c.id === existing['okta Updated']!.id)?.name).toBe('Updated in Okta');
    // oidc-provider cannot: what the store does not know is accounted for by UNRESOLVED clients.
    const oidcKnown = new Set((await clients('oidc', ['ACTIVE'])).map((c) => c.clientId));
    const oidcUnknown = oidc.clientIds().filter((id) => id !== 'introspector' && !oidcKnown.has(id));
    const unresolved = await clients('oidc', ['UNRESOLVED']);
    expect(oidcUnknown).toHaveLength(2); // after the answer, and in flight
    expect(unresolved.map((c) => c.name).sort()).toEqual(['in flight', 'register:after-idp-answer', 'register:before-idp-call']);
    expect(unresolved.every((c) => c.clientId === null && /Look there for a client named/.test(c.statusMessage ?? ''))).toBe(true);
    // The deletions were finished in both.
    expect(oidc.clientIds()).not.toContain(existing['oidc Deleted']!.clientId);
    const all = [...(await clients('oidc')), ...(await clients('okta'))].map((c) => c.id);
    expect(all).not.toContain(existing['okta Deleted']!.id);
    expect(all).not.toContain(existing['oidc Deleted']!.id);
  }, 240_000);
});
