import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealContexts } from '../../src/store/sealed-columns.js';
import { SecretBox } from '../../src/store/secret-box.js';
import { AddressPolicy } from '../../src/vendors/address-policy.js';
import { ProviderHttp } from '../../src/vendors/http.js';
import { RegistrationTokens } from '../../src/vendors/registration-tokens.js';
import {
  CreateClientProviderDocument,
  DeleteClientDocument,
  RegisterClientDocument,
  TestClientProviderDocument,
  UpdateClientDocument,
  UpdateClientProviderDocument,
} from '../generated/graphql.js';
import { admin, member, startTestApp, type TestApp } from '../support/app.js';
import { TEST_DB } from '../support/database.js';
import { startFakeOkta, type FakeOkta } from '../support/fake-okta.js';
import { INTROSPECTOR, startTestIdp, type TestIdp } from '../support/idp.js';
import { seedLinkedEnvironment, seedProvider } from '../support/seed.js';

/**
 * Registration authorized by client credentials: the platform obtains a token for the provider's
 * registration client at the real OpenID provider's token endpoint and presents it as Bearer. In
 * front of the registration endpoint (and of the Okta fake's clients API) a check admits only
 * tokens that IdP issued to the registration client and still holds active (its introspection
 * endpoint says so); anything else is answered 401.
 */

const ORG = 'cc-org';
const ADMIN = admin(ORG);
const MEMBER = member(ORG);

let t: TestApp;
let idp: TestIdp;
let okta: FakeOkta;
let registrar: { clientId: string; clientSecret: string };
/** What the check in front of the registration endpoint decided, in order. */
const verdicts: ('accepted' | 'refused')[] = [];
/** Every Bearer token presented to the registration endpoint or Okta's clients API. */
const presented = new Set<string>();
/** Refuse this many more registrations, whatever token they carry. */
let refuseNext = 0;
/** While set, registrations wait for it before they are judged. */
let registrationsHeld: Promise<void> | null = null;
/** The IdP's token endpoint answers 503 while this is set. */
let tokenEndpointDown = false;
const oktaVerdicts: string[] = [];

const tokenRequests = () => idp.requests.filter((request) => request === 'POST /token').length;

/** Whether the IdP issued the token to the registration client and it is active (RFC 7662, as the introspector). */
async function issuedToRegistrar(token: string): Promise<boolean> {
  const response = await fetch(`${idp.issuer}/token/introspection`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${INTROSPECTOR.clientId}:${INTROSPECTOR.clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ token }),
  });
  const answer = (await response.json()) as { active?: boolean; client_id?: string };
  return answer.active === true && answer.client_id === registrar.clientId;
}

const bearerOf = (req: IncomingMessage) => /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];

function refuse(req: IncomingMessage, res: ServerResponse, body: unknown): true {
  req.resume();
  res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' });
  res.end(JSON.stringify(body));
  return true;
}

beforeAll(async () => {
  [t, idp, okta] = await Promise.all([startTestApp(), startTestIdp({ tokenTtlSeconds: 600 }), startFakeOkta()]);
  // The registration client, registered in the IdP by its administrator.
  const made = await fetch(`${idp.issuer}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${idp.initialAccessToken}` },
    body: JSON.stringify({
      client_name: 'platform registrar',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    }),
  });
  const body = (await made.json()) as { client_id: string; client_secret: string };
  registrar = { clientId: body.client_id, clientSecret: body.client_secret };

  idp.interpose((req, res) => {
    if (!tokenEndpointDown || req.method !== 'POST' || req.url !== '/token') return false;
    req.resume();
    res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'server_error', error_description: 'down for maintenance' }));
    return true;
  });
  idp.interpose(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/reg') return false;
    await registrationsHeld;
    const token = bearerOf(req);
    if (token === idp.initialAccessToken) return false; // a provider authorized by the static header
    if (token) presented.add(token);
    const forced = refuseNext > 0;
    if (forced) refuseNext--;
    if (forced || !token || !(await issuedToRegistrar(token))) {
      verdicts.push('refused');
      return refuse(req, res, { error: 'invalid_token', error_description: 'registration takes active tokens of the registration client only' });
    }
    verdicts.push('accepted');
    // The real registration endpoint, behind: it takes its initial access token.
    req.headers.authorization = `Bearer ${idp.initialAccessToken}`;
    return false;
  });
  okta.interpose(async (req, res) => {
    if (!req.url?.startsWith('/oauth2/v1/clients')) return false;
    const token = bearerOf(req);
    if (token) presented.add(token);
    if (!token || !(await issuedToRegistrar(token))) {
      oktaVerdicts.push(`refused ${req.method}`);
      return refuse(req, res, { errorCode: 'E0000011', errorSummary: 'Invalid token provided' });
    }
    oktaVerdicts.push(`accepted ${req.method}`);
    req.headers.authorization = `SSWS ${okta.apiToken}`;
    return false;
  });
});
afterAll(async () => {
  await Promise.all([t?.close(), idp?.close(), okta?.close()]);
});

/** A provider of the real IdP that registers by client credentials, linked as an environment's default. */
async function connect(name: string, clientSecret = registrar.clientSecret) {
  const provider = await seedProvider(t, ADMIN, {
    idp,
    name,
    registrationAuthorization: null,
    registrationClientId: registrar.clientId,
    registrationClientSecret: clientSecret,
    registrationScopes: ['write'],
    allowClientDeletion: true,
    propagateClientChanges: true,
  });
  const environment = await seedLinkedEnvironment(t, ADMIN, provider.id, `${name} env`);
  return { provider, environmentId: environment.id };
}

const register = (environmentId: string, name: string) =>
  t.run(MEMBER, RegisterClientDocument, { input: { environmentId, name, grantTypes: ['client_credentials'], scopes: ['read'] } }).then((r) => r.registerClient);

describe('registration by client credentials', () => {
  it('registers with a token obtained by client credentials, reuses it until shortly before it expires, and asks again after a settings change', async () => {
    const { provider, environmentId } = await connect('Registrar');
    expect(provider).toMatchObject({
      hasRegistrationAuthorization: false,
      registrationClientId: registrar.clientId,
      hasRegistrationClientSecret: true,
      registrationScopes: ['write'],
      tokenUrl: `${idp.issuer}/token`,
    });
    const before = { tokens: tokenRequests(), clients: idp.clientIds().length };

    const first = await register(environmentId, 'First');
    expect(first.userErrors).toEqual([]);
    expect(await idp.hasClient(first.client!.clientId!)).toBe(true);
    const second = await register(environmentId, 'Second');
    expect(second.userErrors).toEqual([]);
    // One token for both registrations, each accepted at the first attempt.
    expect(tokenRequests() - before.tokens).toBe(1);
    expect(verdicts.slice(-2)).toEqual(['accepted', 'accepted']);
    expect(idp.clientIds().length - before.clients).toBe(2);

    // The token lives 600 s; it is used for 540 s (10 % before it expires), then a new one is asked for.
    t.clock.advance(500_000);
    expect((await register(environmentId, 'Third')).userErrors).toEqual([]);
    expect(tokenRequests() - before.tokens).toBe(1);
    t.clock.advance(41_000);
    expect((await register(environmentId, 'Fourth')).userErrors).toEqual([]);
    expect(tokenRequests() - before.tokens).toBe(2);

    // A change of the provider's settings drops its token.
    await t.run(ADMIN, UpdateClientProviderDocument, { input: { id: provider.id, description: 'changed' } });
    expect((await register(environmentId, 'Fifth')).userErrors).toEqual([]);
    expect(tokenRequests() - before.tokens).toBe(3);
  });

  it('shares one token request between calls made at the same time, and one refresh between calls refused together', async () => {
    // The token source itself, at the real IdP's token endpoint: concurrent registrations through the
    // API are spaced by their intents' transactions, so they would not show whether a request is shared.
    const http = new ProviderHttp(AddressPolicy.allowing(['127.0.0.0/8']));
    const tokens = new RegistrationTokens(http, t.clock.now);
    const source = tokens.source('concurrent', { tokenUrl: `${idp.issuer}/token`, clientId: registrar.clientId, clientSecret: registrar.clientSecret, scopes: [] }, {
      timeoutMs: 3000,
      disableServerCertificateValidation: false,
    });
    const before = tokenRequests();
    const [a, b, c] = await Promise.all([source.token(), source.token(), source.token()]);
    expect(tokenRequests() - before).toBe(1);
    expect(new Set([a, b, c]).size).toBe(1);
    expect(await issuedToRegistrar(a)).toBe(true);

    const [d, e] = await Promise.all([source.refresh(a), source.refresh(a)]);
    expect(tokenRequests() - before).toBe(2);
    expect(d).toBe(e);
    expect(d).not.toBe(a);
    expect(await source.token()).toBe(d);
    expect(tokenRequests() - before).toBe(2);
    await http.close();
  });

  it('refreshes a refused token once and sends the registration once more; refused again, it gives up with one client fewer, not one more', async () => {
    const { environmentId } = await connect('Refresh');
    expect((await register(environmentId, 'Warm-up')).userErrors).toEqual([]);
    const cached = [...presented].at(-1)!;

    // The IdP revokes the cached token: the registration is refused (401), a new token obtained, and it is sent again.
    const revoked = await fetch(`${idp.issuer}/token/revocation`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${registrar.clientId}:${registrar.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ token: cached }),
    });
    expect(revoked.status).toBe(200);
    const before = { tokens: tokenRequests(), verdicts: verdicts.length, clients: idp.clientIds().length };
    const again = await register(environmentId, 'After revocation');
    expect(again.userErrors).toEqual([]);
    expect(verdicts.slice(before.verdicts)).toEqual(['refused', 'accepted']);
    expect(tokenRequests() - before.tokens).toBe(1);
    expect(idp.clientIds().length - before.clients).toBe(1);
    expect(idp.clientIds()).toContain(again.client!.clientId);

    // Refused twice: exactly one retry, with one new token, then the IdP's refusal in its words; nothing registered.
    refuseNext = 2;
    const next = { tokens: tokenRequests(), verdicts: verdicts.length, clients: idp.clientIds().length };
    const refused = await register(environmentId, 'Refused');
    expect(refused.userErrors).toEqual([
      { code: 'PROVIDER_REJECTED_CREDENTIALS', field: ['input', 'clientProviderId'], message: expect.stringContaining('registration takes active tokens') },
    ]);
    expect(verdicts.slice(next.verdicts)).toEqual(['refused', 'refused']);
    expect(tokenRequests() - next.tokens).toBe(1);
    expect(idp.clientIds().length).toBe(next.clients);
  });

  it('passes the token endpoint’s refusal of a wrong secret on in its words, and registers nothing', async () => {
    const { provider, environmentId } = await connect('Wrong secret', 'not-the-registrar-secret');
    const before = { verdicts: verdicts.length, clients: idp.clientIds() };
    const refused = await register(environmentId, 'Never');
    expect(refused.userErrors).toEqual([
      { code: 'PROVIDER_REJECTED_CREDENTIALS', field: ['input', 'clientProviderId'], message: expect.stringMatching(/registration token.*client authentication failed/) },
    ]);
    expect(verdicts.length).toBe(before.verdicts); // the registration endpoint was never called
    // The answer names neither secret, in clear or as the Basic credentials sent.
    const basic = (secret: string) => Buffer.from(`${registrar.clientId}:${secret}`).toString('base64');
    for (const secret of ['not-the-registrar-secret', registrar.clientSecret]) {
      expect(JSON.stringify(refused)).not.toContain(secret);
      expect(JSON.stringify(refused)).not.toContain(basic(secret));
    }
    expect(idp.clientIds()).toEqual(before.clients);

    // The connection test checks the registration client too.
    const tested = await t.run(ADMIN, TestClientProviderDocument, { input: { id: provider.id } });
    const check = tested.testClientProvider.checks.find((c) => c.name === 'registration_authorization')!;
    expect(check).toMatchObject({ ok: false, message: expect.stringMatching(/^PROVIDER_REJECTED_CREDENTIALS: .*client authentication failed/) });
    expect(JSON.stringify(tested)).not.toContain(basic('not-the-registrar-secret'));
    expect(tested.testClientProvider.ok).toBe(false);

    // Given the right secret (the rest of the settings kept), both pass.
    const fixed = await t.run(ADMIN, UpdateClientProviderDocument, { input: { id: provider.id, registrationClientSecret: registrar.clientSecret } });
    expect(fixed.updateClientProvider.userErrors).toEqual([]);
    const retested = await t.run(ADMIN, TestClientProviderDocument, { input: { id: provider.id } });
    expect(retested.testClientProvider.checks.find((c) => c.name === 'registration_authorization')).toMatchObject({
      ok: true,
      message: 'The registration client obtains a token, and the token is accepted',
    });
    expect((await register(environmentId, 'Now')).userErrors).toEqual([]);
  });

  it('a token endpoint that fails leaves nothing for recovery: the registration was never sent', async () => {
    const { environmentId } = await connect('Token endpoint down');
    tokenEndpointDown = true;
    const before = { verdicts: verdicts.length, clients: idp.clientIds() };
    try {
      const failed = await register(environmentId, 'Not sent');
      expect(failed.userErrors.map((e) => [e.code, e.message])).toEqual([['PROVIDER_UNAVAILABLE', expect.stringMatching(/failed obtaining a registration token \(HTTP 503\)/)]]);
    } finally {
      tokenEndpointDown = false;
    }
    expect(verdicts.length).toBe(before.verdicts);
    expect(idp.clientIds()).toEqual(before.clients);
    // No REGISTERING placeholder or intent handed to recovery: the IdP was certainly not asked to register.
    const connection = t.app.orm.em.fork().getConnection();
    expect(await connection.execute('select status from client where name = ?', ['Not sent'])).toEqual([]);
    expect(await connection.execute('select id from idp_intent')).toEqual([]);
  });

  it('gives the intent of a registration by client credentials a lease for two token requests and two calls', async () => {
    const { environmentId } = await connect('Leased');
    let release = () => {};
    registrationsHeld = new Promise<void>((resolve) => (release = resolve));
    const connection = t.app.orm.em.fork().getConnection();
    const registering = register(environmentId, 'Leased client');
    try {
      // Bounded wait for the intent, written before the IdP is called.
      let rows: { created_at: unknown; lease_until: unknown }[] = [];
      for (const deadline = Date.now() + 5000; rows.length === 0; ) {
        if (Date.now() > deadline) throw new Error('no intent was written');
        rows = await connection.execute('select created_at, lease_until from idp_intent where client_name = ?', ['Leased client']);
        if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const ms = (value: unknown) => new Date(value as string | Date).getTime();
      // Time-out 5 s: one call may take 3 × 5 s + 2 × 5 s of Retry-After = 25 s; four of them, and the 30 s grace.
      expect(ms(rows[0]!.lease_until) - ms(rows[0]!.created_at)).toBe(4 * 25_000 + 30_000);
    } finally {
      registrationsHeld = null;
      release();
    }
    expect((await registering).userErrors).toEqual([]);
  });

  it('manages Okta clients (register, update, delete) with the registration client’s token, one token for all', async () => {
    const provider = await seedProvider(t, ADMIN, {
      name: 'Okta by client credentials',
      vendor: 'OKTA',
      issuer: okta.issuer,
      tokenUrl: `${idp.issuer}/token`,
      registrationClientId: registrar.clientId,
      registrationClientSecret: registrar.clientSecret,
      allowClientDeletion: true,
      propagateClientChanges: true,
      discover: false,
    });
    const { id: environmentId } = await seedLinkedEnvironment(t, ADMIN, provider.id, 'Okta env');
    const before = { tokens: tokenRequests(), verdicts: oktaVerdicts.length };

    const registered = await register(environmentId, 'Okta service');
    expect(registered.userErrors).toEqual([]);
    const clientId = registered.client!.clientId!;
    expect(okta.clients.has(clientId)).toBe(true);
    const { updateClient } = await t.run(MEMBER, UpdateClientDocument, { input: { id: registered.client!.id, name: 'Okta service 2' } });
    expect(updateClient).toMatchObject({ changedInProvider: true, userErrors: [] });
    expect(okta.clients.get(clientId)).toMatchObject({ client_name: 'Okta service 2' });
    const { deleteClient } = await t.run(MEMBER, DeleteClientDocument, { input: { id: registered.client!.id } });
    expect(deleteClient).toMatchObject({ deletedInProvider: true, userErrors: [] });
    expect(okta.clients.has(clientId)).toBe(false);

    expect(oktaVerdicts.slice(before.verdicts)).toEqual(['accepted POST', 'accepted PUT', 'accepted DELETE']);
    expect(tokenRequests() - before.tokens).toBe(1);
  });

  it('takes either a registration authorization or a registration client, keeps an omitted secret, and clears one set to null', async () => {
    const both = await t.run(ADMIN, CreateClientProviderDocument, {
      input: {
        name: 'Both',
        vendor: 'GENERIC_OIDC',
        issuer: idp.issuer,
        registrationAuthorization: `Bearer ${idp.initialAccessToken}`,
        registrationClientId: registrar.clientId,
        registrationClientSecret: registrar.clientSecret,
        discover: false,
      },
    });
    expect(both.createClientProvider).toEqual({
      clientProvider: null,
      userErrors: [{ code: 'INVALID_VALUE', field: ['input', 'registrationAuthorization'], message: expect.stringMatching(/either with registrationAuthorization or with a registration client/) }],
    });
    const noSecret = await t.run(ADMIN, CreateClientProviderDocument, {
      input: { name: 'No secret', vendor: 'GENERIC_OIDC', issuer: idp.issuer, registrationClientId: registrar.clientId, discover: false },
    });
    expect(noSecret.createClientProvider.userErrors.map((e) => [e.code, e.field])).toEqual([['BLANK', ['input', 'registrationClientSecret']]]);

    const { provider, environmentId } = await connect('Kept secret');
    // Omitted: kept (and the registrations go on with it).
    const scopes = await t.run(ADMIN, UpdateClientProviderDocument, { input: { id: provider.id, registrationScopes: ['write', 'read'] } });
    expect(scopes.updateClientProvider).toMatchObject({ userErrors: [], clientProvider: { hasRegistrationClientSecret: true, registrationScopes: ['write', 'read'] } });
    expect((await register(environmentId, 'Still')).userErrors).toEqual([]);
    // A static authorization as well is refused…
    const added = await t.run(ADMIN, UpdateClientProviderDocument, { input: { id: provider.id, registrationAuthorization: `Bearer ${idp.initialAccessToken}` } });
    expect(added.updateClientProvider.userErrors.map((e) => e.code)).toEqual(['INVALID_VALUE']);
    // …unless the registration client is removed with it.
    const switched = await t.run(ADMIN, UpdateClientProviderDocument, {
      input: { id: provider.id, registrationAuthorization: `Bearer ${idp.initialAccessToken}`, registrationClientId: null, registrationClientSecret: null, registrationScopes: null },
    });
    expect(switched.updateClientProvider).toMatchObject({
      userErrors: [],
      clientProvider: { hasRegistrationAuthorization: true, registrationClientId: null, hasRegistrationClientSecret: false, registrationScopes: [] },
    });
    const tokens = tokenRequests();
    expect((await register(environmentId, 'By header')).userErrors).toEqual([]);
    expect(tokenRequests()).toBe(tokens);
  });

  it('never has the registration secret or its tokens in clear text: not in the store, the audit trail, the logs or an answer', async () => {
    const { provider } = await connect('Sealed');
    const connection = t.app.orm.em.fork().getConnection();
    const [row] = await connection.execute<{ id: string; registration_client_secret_sealed: string }[]>(
      'select id, registration_client_secret_sealed from client_provider where registration_client_id = ? and name = ?',
      [registrar.clientId, 'Sealed'],
    );
    // Sealed, and bound to its row and column.
    const box = new SecretBox(t.config.secretsKey);
    expect(box.open(row!.registration_client_secret_sealed, sealContexts.registrationClientSecret(row!.id))).toBe(registrar.clientSecret);
    expect(() => box.open(row!.registration_client_secret_sealed, sealContexts.introspectionClientSecret(row!.id))).toThrow();

    const secrets = [registrar.clientSecret, ...presented];
    expect(presented.size).toBeGreaterThan(1);
    const tables = ['client_provider', 'client', 'audit_event', 'idp_intent', 'cache_invalidation'];
    const stored: string[] = [];
    for (const table of tables) stored.push(JSON.stringify(await connection.execute(`select * from ${table}`)));
    const audit = await connection.execute<{ changes: unknown }[]>('select changes from audit_event where provider_id = ?', [row!.id]);
    expect(JSON.stringify(audit)).toContain('registrationClientSecret');
    const answer = await t.run(ADMIN, UpdateClientProviderDocument, { input: { id: provider.id, registrationScopes: ['read'] } });
    const everything = [...stored, t.logs.join('\n'), JSON.stringify(answer)].join('\n');
    expect(secrets.filter((secret) => everything.includes(secret))).toEqual([]);
  });
});

/** Invalidations of providers the app applied that it heard from another replica (NOTIFY or the feed). */
async function providerInvalidationsHeard(app: TestApp): Promise<number> {
  const text = await (await fetch(app.app.metricsUrl)).text();
  return [...text.matchAll(/^cache_invalidations_total\{kind="provider",source="(notification|feed)"\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[2]), 0);
}

describe.skipIf(TEST_DB !== 'postgres')('registration tokens on two replicas', () => {
  it('a provider changed on one replica drops the registration token the other holds', async () => {
    const b = await startTestApp({}, { replicaOf: t });
    try {
      const { provider, environmentId } = await connect('Replicated');
      const registerOnB = (name: string) =>
        b.run(MEMBER, RegisterClientDocument, { input: { environmentId, name, grantTypes: ['client_credentials'], scopes: ['read'] } }).then((r) => r.registerClient);
      expect((await registerOnB('On B 1')).userErrors).toEqual([]);
      const cached = tokenRequests();
      expect((await registerOnB('On B 2')).userErrors).toEqual([]);
      expect(tokenRequests()).toBe(cached); // B holds its token

      const heard = await providerInvalidationsHeard(b);
      await t.run(ADMIN, UpdateClientProviderDocument, { input: { id: provider.id, description: 'changed on A' } });
      // Bounded wait for B to hear it (LISTEN/NOTIFY, or the feed's next read).
      for (const deadline = Date.now() + 5000; (await providerInvalidationsHeard(b)) <= heard; ) {
        if (Date.now() > deadline) throw new Error('B did not hear the provider change');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect((await registerOnB('On B 3')).userErrors).toEqual([]);
      expect(tokenRequests()).toBe(cached + 1);
    } finally {
      await b.close();
    }
  });
});
