import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, print, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthorizeTokenDocument,
  CreateClientProviderDocument,
  CreateEnvironmentDocument,
  DeleteClientDocument,
  EnvironmentsDocument,
  LinkClientProviderDocument,
  RegisterClientDocument,
  RotateClientSecretDocument,
  TestClientProviderDocument,
  UpdateClientDocument,
  UpdateClientProviderDocument,
  VerifyClientCredentialsDocument,
  type CreateClientProviderInput,
} from '../generated/graphql.js';
import { admin, gateway, member, startTestApp, type Caller, type GraphQLResponse, type TestApp } from '../support/app.js';
import { startFakeOkta, type FakeOkta } from '../support/fake-okta.js';
import { INTROSPECTOR, startTestIdp, type Interposer, type TestIdp } from '../support/idp.js';
import { clientCredentialsToken } from '../support/tokens.js';

/**
 * At the most verbose log level, a whole flow through the API (providers with registration and
 * introspection credentials, clients in a real OpenID provider, in the Okta fake and in the built-in
 * provider, rotations, token authorization, failing IdPs, a forged bearer token) leaves none of
 * the secrets it used or was given anywhere in the log; and every GraphQL request gets exactly one
 * request log line.
 */

const ORG = 'redaction-org';
const ADMIN = admin(ORG);
const MEMBER = member(ORG);
const GATEWAY = gateway(ORG);
const random = (prefix = '') => `${prefix}${randomBytes(24).toString('base64url')}`;

let t: TestApp;
let idp: TestIdp;
let okta: FakeOkta;

// ---------------------------------------------------------------------------------------------
// Every secret of the flow, with a label that says what it is (never printed in full).

const secrets = new Map<string, string>(); // value → label
/** Every label given, including those of values already collected under another label. */
const labelsGiven = new Set<string>();

function secret(label: string, value: string | null | undefined): void {
  if (typeof value !== 'string' || value === '') throw new Error(`no value for secret "${label}"`);
  // Short strings would match unrelated text; every secret in this flow is long.
  if (value.length < 12) throw new Error(`secret "${label}" is too short to search for reliably`);
  labelsGiven.add(label);
  if (!secrets.has(value)) secrets.set(value, label);
  // An Authorization header value: its credential part on its own is a secret too.
  const credential = /^(?:Bearer|SSWS|Basic) +(\S+)$/i.exec(value)?.[1];
  if (credential && credential.length >= 12 && !secrets.has(credential)) secrets.set(credential, `${label} (credential part)`);
}

const masked = (value: string) => `${value.slice(0, 4)}…(${value.length} chars)`;

/** Every log line the server wrote. */
const logLines = () => t.logs.flatMap((chunk) => chunk.split('\n')).filter((line) => line !== '');

/** Which secrets occur in the lines: label, the secret masked, and the first line with it (the secret blanked out). */
function leaksIn(lines: string[]): string[] {
  const all = lines.join('\n');
  const leaks: string[] = [];
  for (const [value, label] of secrets) {
    if (!all.includes(value)) continue;
    const index = lines.findIndex((line) => line.includes(value));
    const context = lines[index]!.split(value).join('[THE SECRET]').slice(0, 400);
    leaks.push(`${label} ${masked(value)} in log line ${index}: ${context}`);
  }
  return leaks;
}

/**
 * Sees what an IdP receives and answers, and records the credentials in it: every Authorization
 * header it is sent (registration authorization, registration access tokens, the introspection
 * client's Basic credentials) and every secret in its answers (client secrets, registration access
 * tokens, access tokens). It answers nothing itself.
 */
function recordCredentials(name: string): Interposer {
  const fromBody = (what: string, text: string) => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return;
    }
    if (!body || typeof body !== 'object') return;
    for (const key of ['client_secret', 'registration_access_token', 'access_token', 'refresh_token', 'id_token']) {
      const value = (body as Record<string, unknown>)[key];
      if (typeof value === 'string' && value.length >= 12) secret(`${key} in ${name}'s answer to ${what}`, value);
    }
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    const what = `${req.method} ${req.url?.split('?')[0]}`;
    const authorization = req.headers.authorization;
    if (authorization && authorization.length >= 12) secret(`Authorization header sent to ${name} (${what})`, authorization);
    const chunks: Buffer[] = [];
    const keep = (chunk: unknown) => {
      if (typeof chunk === 'string' || chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk as string));
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk);
      return write(chunk, ...rest);
    }) as ServerResponse['write'];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'function') keep(chunk);
      fromBody(what, Buffer.concat(chunks).toString('utf8'));
      return end(chunk, ...rest);
    }) as ServerResponse['end'];
    return false;
  };
}

// ---------------------------------------------------------------------------------------------
// GraphQL over HTTP, recording each request for the request-log assertions.

interface SentRequest {
  operationName: string;
  operationType: 'query' | 'mutation';
  org: string | null;
  /** The x-request-id the request carried, if any. */
  sentRequestId?: string;
  /** The x-request-id the response carried, if any. */
  responseRequestId: string | null;
  status: number;
  errorCodes: string[];
}
const sentRequests: SentRequest[] = [];

interface SendOptions {
  /** Sent as x-request-id. */
  requestId?: string;
  /** Sent instead of a token for the caller (a forged one). */
  bearer?: string;
}

async function send<TData, TVars>(
  caller: Caller | null,
  document: TypedDocumentNode<TData, TVars>,
  variables?: TVars,
  options: SendOptions = {},
): Promise<GraphQLResponse<TData> & { requestId: string | null }> {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const operationName = operation.name!.value;
  const bearer = options.bearer ?? (caller ? await t.token(caller) : undefined);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (bearer !== undefined) {
    headers.authorization = `Bearer ${bearer}`;
    secret(`bearer token sent by ${caller ? `${caller.sub} (${caller.roles?.join(',')})` : 'a forger'}`, headers.authorization);
  }
  if (options.requestId) headers['x-request-id'] = options.requestId;
  const response = await fetch(t.app.url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: print(document), variables, operationName }),
  });
  const body = (await response.json()) as GraphQLResponse<TData>;
  const requestId = response.headers.get('x-request-id');
  sentRequests.push({
    operationName,
    operationType: operation.operation as 'query' | 'mutation',
    // A forged token authenticates nobody: the request is anonymous.
    org: options.bearer === undefined && caller ? caller.org : null,
    sentRequestId: options.requestId,
    responseRequestId: requestId,
    status: response.status,
    errorCodes: (body.errors ?? []).map((e) => String(e.extensions?.code)),
  });
  return { ...body, status: response.status, requestId };
}

async function run<TData, TVars>(caller: Caller, document: TypedDocumentNode<TData, TVars>, variables?: TVars, options?: SendOptions): Promise<TData> {
  const response = await send(caller, document, variables, options);
  if (response.errors?.length || !response.data) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data;
}

// ---------------------------------------------------------------------------------------------

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A client-credentials access token from the real IdP. */
async function accessToken(clientId: string, clientSecret: string, scope = 'read'): Promise<string> {
  const token = await clientCredentialsToken(`${idp.issuer}/token`, clientId, clientSecret, scope);
  secret('access token given to authorizeToken', token);
  return token;
}

let introspectionDown = false;

beforeAll(async () => {
  [t, idp, okta] = await Promise.all([startTestApp({ logLevel: 'trace' }), startTestIdp(), startFakeOkta()]);
  idp.interpose(recordCredentials('the OpenID provider'));
  idp.interpose((req, res) => {
    if (introspectionDown && req.url?.startsWith('/token/introspection')) {
      res.writeHead(503).end();
      return true;
    }
    return false;
  });
  okta.interpose(recordCredentials('the Okta fake'));
  secret('OpenID provider initial access token', idp.initialAccessToken);
  secret('Okta API token', okta.apiToken);
  secret('introspection client secret of the OpenID provider', INTROSPECTOR.clientSecret);
});

afterAll(async () => {
  await Promise.all([t?.close(), idp?.close(), okta?.close()]);
});

describe('logs at trace level', () => {
  it('runs a whole flow through the API', { timeout: 60_000 }, async () => {
    // --- environments, each created with a request id of our own
    const environmentIds: string[] = [];
    let builtInProviderId = '';
    for (const name of ['Redaction A', 'Redaction B', 'Redaction C']) {
      const requestId = `redaction-${randomBytes(8).toString('hex')}`;
      const created = await send(ADMIN, CreateEnvironmentDocument, { input: { name, type: 'PRODUCTION' } }, { requestId });
      expect(created.status).toBe(200);
      expect(created.requestId).toBe(requestId); // echoed back
      expect(created.data?.createEnvironment.userErrors).toEqual([]);
      environmentIds.push(created.data!.createEnvironment.environment!.id);
      builtInProviderId = created.data!.createEnvironment.environment!.defaultClientProvider.id;
    }
    const [envA, envB, envC] = environmentIds as [string, string, string];

    // --- external providers, each with a registration authorization and an introspection secret
    const createProvider = async (input: CreateClientProviderInput) => {
      if (input.registrationAuthorization) secret(`registration authorization of ${input.name}`, input.registrationAuthorization);
      if (input.introspectionClientSecret) secret(`introspection client secret of ${input.name}`, input.introspectionClientSecret);
      const { createClientProvider } = await run(ADMIN, CreateClientProviderDocument, { input });
      expect(createClientProvider.userErrors).toEqual([]);
      expect(createClientProvider.clientProvider).toMatchObject({ hasRegistrationAuthorization: !!input.registrationAuthorization });
      return createClientProvider.clientProvider!.id;
    };
    const common = { allowClientDeletion: true, propagateClientChanges: true, requestTimeoutMs: 3000 };
    const idpProvider = await createProvider({
      ...common,
      name: 'OpenID provider',
      vendor: 'GENERIC_OIDC',
      issuer: idp.issuer,
      registrationAuthorization: `Bearer ${idp.initialAccessToken}`,
      introspectionClientId: INTROSPECTOR.clientId,
      introspectionClientSecret: INTROSPECTOR.clientSecret,
    });
    const oktaProvider = await createProvider({
      ...common,
      name: 'Okta',
      vendor: 'OKTA',
      issuer: okta.issuer,
      registrationAuthorization: `SSWS ${okta.apiToken}`,
      introspectionClientId: 'okta-introspector',
      introspectionClientSecret: random('okta-intro-'),
    });
    const unreachableProvider = await createProvider({
      ...common,
      name: 'Unreachable',
      vendor: 'GENERIC_OIDC',
      issuer: `http://127.0.0.1:${await closedPort()}`,
      discover: false,
      registrationAuthorization: `Bearer ${random()}`,
      introspectionClientId: 'unreachable-introspector',
      introspectionClientSecret: random('unreachable-intro-'),
      requestTimeoutMs: 1000,
    });
    const refusedProvider = await createProvider({
      ...common,
      name: 'Refused',
      vendor: 'GENERIC_OIDC',
      issuer: idp.issuer,
      registrationAuthorization: `Bearer ${random()}`,
      introspectionClientId: INTROSPECTOR.clientId,
      introspectionClientSecret: random('refused-intro-'),
    });

    // --- links: A = the OpenID provider (default) and the built-in one; B = Okta; C = the failing ones
    const link = async (environmentId: string, clientProviderId: string, makeDefault: boolean) => {
      const { linkClientProvider } = await run(ADMIN, LinkClientProviderDocument, { input: { environmentId, clientProviderId, makeDefault } });
      expect(linkClientProvider.userErrors).toEqual([]);
    };
    await link(envA, idpProvider, true);
    await link(envB, oktaProvider, true);
    await link(envC, unreachableProvider, true);
    await link(envC, refusedProvider, false);

    // --- clients in the OpenID provider
    const register = async (caller: Caller, environmentId: string, name: string, clientProviderId?: string) => {
      const { registerClient } = await run(caller, RegisterClientDocument, {
        input: { environmentId, name, scopes: ['read'], grantTypes: ['client_credentials'], ...(clientProviderId ? { clientProviderId } : {}) },
      });
      if (registerClient.clientSecret) secret(`client secret of ${name}`, registerClient.clientSecret);
      return registerClient;
    };
    const idpClient = await register(MEMBER, envA, 'Orders');
    expect(idpClient.userErrors).toEqual([]);
    expect(idp.clientIds()).toContain(idpClient.client!.clientId);
    const idpClient2 = await register(ADMIN, envA, 'Billing', idpProvider);
    expect(idpClient2.userErrors).toEqual([]);
    // An update goes to the IdP with the client's registration access token (which it rotates).
    const { updateClient } = await run(MEMBER, UpdateClientDocument, { input: { id: idpClient.client!.id, name: 'Orders service' } });
    expect(updateClient).toMatchObject({ changedInProvider: true, userErrors: [] });

    // --- registration by client credentials: a registration client of the IdP, whose tokens its
    // registration endpoint takes in place of the initial access token; and one with a wrong secret
    const made = await fetch(`${idp.issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${idp.initialAccessToken}` },
      body: JSON.stringify({ client_name: 'registrar', grant_types: ['client_credentials'], response_types: [], redirect_uris: [] }),
    });
    const registrar = (await made.json()) as { client_id: string; client_secret: string };
    secret('registration client secret', registrar.client_secret);
    idp.interpose(async (req) => {
      const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (req.method !== 'POST' || req.url !== '/reg' || !bearer || bearer === idp.initialAccessToken) return false;
      const introspected = await fetch(`${idp.issuer}/token/introspection`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${INTROSPECTOR.clientId}:${INTROSPECTOR.clientSecret}`).toString('base64')}` },
        body: new URLSearchParams({ token: bearer }),
      });
      const answer = (await introspected.json()) as { active?: boolean; client_id?: string };
      if (answer.active && answer.client_id === registrar.client_id) req.headers.authorization = `Bearer ${idp.initialAccessToken}`;
      return false;
    });
    const wrongRegistrarSecret = random('wrong-registrar-');
    secret('a wrong registration client secret', wrongRegistrarSecret);
    for (const [name, registrationClientSecret, accepted] of [
      ['By client credentials', registrar.client_secret, true],
      ['By a wrong client secret', wrongRegistrarSecret, false],
    ] as const) {
      const { createClientProvider } = await run(ADMIN, CreateClientProviderDocument, {
        input: { ...common, name, vendor: 'GENERIC_OIDC', issuer: idp.issuer, registrationClientId: registrar.client_id, registrationClientSecret },
      });
      expect(createClientProvider.clientProvider).toMatchObject({ hasRegistrationClientSecret: true, hasRegistrationAuthorization: false });
      const providerId = createClientProvider.clientProvider!.id;
      await link(envA, providerId, false);
      const registered = await register(MEMBER, envA, `Registered ${name.toLowerCase()}`, providerId);
      expect(registered.userErrors.map((e) => e.code)).toEqual(accepted ? [] : ['PROVIDER_REJECTED_CREDENTIALS']);
      await run(ADMIN, TestClientProviderDocument, { input: { id: providerId } });
      if (registered.client) expect((await run(ADMIN, DeleteClientDocument, { input: { id: registered.client.id } })).deleteClient.userErrors).toEqual([]);
    }

    // --- a client of the built-in provider, verified and rotated
    const builtIn = await register(MEMBER, envA, 'Built-in app', builtInProviderId);
    expect(builtIn.userErrors).toEqual([]);
    expect(builtIn.client!.provider.builtIn).toBe(true);
    const verify = async (clientSecret: string) =>
      (await run(GATEWAY, VerifyClientCredentialsDocument, { environmentId: envA, clientId: builtIn.client!.clientId!, clientSecret })).verifyClientCredentials;
    expect(await verify(builtIn.clientSecret!)).toBe(true);
    const wrongSecret = random('wrong-');
    secret('a wrong client secret sent to verifyClientCredentials', wrongSecret);
    expect(await verify(wrongSecret)).toBe(false);
    const rotatedBuiltIn = (await run(MEMBER, RotateClientSecretDocument, { input: { id: builtIn.client!.id } })).rotateClientSecret;
    expect(rotatedBuiltIn.userErrors).toEqual([]);
    secret('rotated client secret of the built-in client', rotatedBuiltIn.clientSecret);
    expect(await verify(rotatedBuiltIn.clientSecret!)).toBe(true);

    // --- a client in the Okta fake, rotated
    const oktaClient = await register(MEMBER, envB, 'Okta app');
    expect(oktaClient.userErrors).toEqual([]);
    const rotatedOkta = (await run(MEMBER, RotateClientSecretDocument, { input: { id: oktaClient.client!.id } })).rotateClientSecret;
    expect(rotatedOkta.userErrors).toEqual([]);
    secret('rotated client secret of the Okta client', rotatedOkta.clientSecret);
    for (const client of okta.clients.values()) secret('client secret held by the Okta fake', client.client_secret as string);
    for (const held of okta.secrets.values()) for (const { client_secret: value } of held) secret('client secret held by the Okta fake', value);
    // The secret the rotation replaced, retired in Okta by the background pass once its overlap has passed.
    t.clock.advance(t.config.clientSecretRotationGraceSeconds * 1000 + 1000);
    expect(await t.app.secretRetirements.runOnce()).toBe(1);

    // --- failing IdP calls: an unreachable IdP, and one that refuses the registration authorization
    const unreachable = await register(MEMBER, envC, 'Nowhere');
    expect(unreachable.userErrors.map((e) => e.code)).toEqual(['PROVIDER_UNAVAILABLE']);
    const refused = await register(MEMBER, envC, 'Refused', refusedProvider);
    expect(refused.userErrors.map((e) => e.code)).toEqual(['PROVIDER_REJECTED_CREDENTIALS']);

    // --- provider updates that change the registration authorization and the introspection secret
    const updateProvider = async (id: string, name: string, registrationAuthorization: string, introspectionClientSecret: string) => {
      secret(`new registration authorization of ${name}`, registrationAuthorization);
      secret(`new introspection client secret of ${name}`, introspectionClientSecret);
      const { updateClientProvider } = await run(ADMIN, UpdateClientProviderDocument, { input: { id, registrationAuthorization, introspectionClientSecret } });
      expect(updateClientProvider.userErrors).toEqual([]);
    };
    await updateProvider(refusedProvider, 'Refused', `Bearer ${idp.initialAccessToken}`, random('refused-intro2-'));
    const accepted = await register(MEMBER, envC, 'Accepted now', refusedProvider);
    expect(accepted.userErrors).toEqual([]);
    await updateProvider(oktaProvider, 'Okta', `SSWS ${random('00')}`, random('okta-intro2-'));

    // --- connection tests: all good, refused registration, unreachable
    const test = async (id: string) => (await run(ADMIN, TestClientProviderDocument, { input: { id } })).testClientProvider;
    expect((await test(idpProvider)).checks.map((c) => [c.name, c.ok])).toEqual([
      ['discovery', true],
      ['registration_authorization', true],
      ['introspection_client', true],
    ]);
    expect((await test(oktaProvider)).checks.find((c) => c.name === 'registration_authorization')?.ok).toBe(false);
    expect((await test(unreachableProvider)).ok).toBe(false);
    const forbidden = await send(MEMBER, TestClientProviderDocument, { input: { id: idpProvider } });
    expect(forbidden.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    // Back to Okta's real API token, so the Okta client can be deleted there.
    await updateProvider(oktaProvider, 'Okta', `SSWS ${okta.apiToken}`, random('okta-intro3-'));

    // --- token authorization with real access tokens from the IdP
    const token = await accessToken(idpClient.client!.clientId!, idpClient.clientSecret!);
    const authorized = (await run(GATEWAY, AuthorizeTokenDocument, { environmentId: envA, token, requiredScopes: ['read'] })).authorizeToken;
    expect(authorized).toMatchObject({ active: true, clientId: idpClient.client!.clientId, missingScopes: [] });
    const byAdmin = (await run(ADMIN, AuthorizeTokenDocument, { environmentId: envA, token: await accessToken(idpClient2.client!.clientId!, idpClient2.clientSecret!) }))
      .authorizeToken;
    expect(byAdmin.active).toBe(true);
    introspectionDown = true;
    try {
      const downToken = await accessToken(idpClient.client!.clientId!, idpClient.clientSecret!);
      const unavailable = await send(GATEWAY, AuthorizeTokenDocument, { environmentId: envA, token: downToken }, { requestId: `redaction-down-${randomBytes(4).toString('hex')}` });
      expect(unavailable.errors?.map((e) => e.extensions?.code)).toEqual(['PROVIDER_UNAVAILABLE']);
    } finally {
      introspectionDown = false;
    }

    // --- a forged bearer token, and no token at all
    const real = await t.token(ADMIN);
    const forgedToken = `${real.slice(0, -4)}${real.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const forgedRequestId = `redaction-forged-${randomBytes(4).toString('hex')}`;
    const forged = await send(null, EnvironmentsDocument, { first: 5 }, { bearer: forgedToken, requestId: forgedRequestId });
    expect(forged.status).toBe(401);
    expect(forged.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(forged.requestId).toBe(forgedRequestId);
    const anonymous = await send(null, EnvironmentsDocument, { first: 5 });
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);

    // --- deletions
    for (const client of [idpClient, idpClient2, builtIn, oktaClient, accepted]) {
      const { deleteClient } = await run(ADMIN, DeleteClientDocument, { input: { id: client.client!.id } });
      expect(deleteClient.userErrors).toEqual([]);
    }
    expect(idp.clientIds()).toEqual([registrar.client_id]);
    expect(okta.clientIds()).toEqual([]);
    // A read after everything, as a member.
    const { environments } = await run(MEMBER, EnvironmentsDocument, { first: 10 });
    expect(environments.totalCount).toBe(3);

    // What the flow must have seen, or the search below would prove little.
    const labels = [...labelsGiven];
    for (const expected of ['registration_access_token', 'client_secret in', 'rotated client secret of the Okta', 'Authorization header sent to the OpenID provider', 'bearer token sent by']) {
      expect(labels.some((label) => label.includes(expected)), `no secret labelled "${expected}" was collected`).toBe(true);
    }
  });

  it('holds none of the secrets', () => {
    expect(secrets.size).toBeGreaterThan(30);
    const lines = logLines();
    // The search finds a secret where there is one.
    const [planted, plantedLabel] = [...secrets][0]!;
    expect(leaksIn([...lines, `{"msg":"x${planted}x"}`])).toEqual([expect.stringContaining(plantedLabel)]);

    const leaks = leaksIn(lines);
    expect(leaks, `secrets found in the log:\n${leaks.join('\n')}`).toEqual([]);
  });

  it('is not trivially empty: many lines, debug and trace ones, SQL among them', () => {
    const entries = logLines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.length, 'more log lines than requests').toBeGreaterThan(sentRequests.length);
    expect(entries.some((e) => (e.level as number) <= 20), 'debug or trace lines').toBe(true);
    // (MikroORM colours its lines: strip the escape sequences before looking for SQL.)
    const plain = (e: Record<string, unknown>) => String(e.msg).replace(/\u001b\[[0-9;]*m/g, '');
    const sql = entries.filter((e) => (e.level as number) <= 20 && /\b(select\b.*\bfrom|insert into|update\b.*\bset|delete from)\b/i.test(plain(e)));
    expect(sql.length, `SQL statements among the ${entries.length} log lines at debug/trace level`).toBeGreaterThan(20);
    expect(entries.length).toBeGreaterThan(100);
  });

  it('writes one request log line per GraphQL request', () => {
    const lines = logLines()
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'graphql request');
    expect(sentRequests.length).toBeGreaterThan(30);
    expect(lines).toHaveLength(sentRequests.length);

    // Requests that sent an x-request-id are found by it; the others in order among the rest.
    const claimed = new Set<Record<string, unknown>>();
    const matches: [SentRequest, Record<string, unknown> | undefined][] = [];
    for (const request of sentRequests.filter((r) => r.sentRequestId)) {
      const found = lines.filter((line) => line.requestId === request.sentRequestId);
      expect(found, `log lines with requestId ${request.sentRequestId}`).toHaveLength(1);
      expect(request.responseRequestId).toBe(request.sentRequestId);
      claimed.add(found[0]!);
      matches.push([request, found[0]]);
    }
    const rest = lines.filter((line) => !claimed.has(line));
    sentRequests.filter((r) => !r.sentRequestId).forEach((request, i) => matches.push([request, rest[i]]));
    expect(sentRequests.filter((r) => r.sentRequestId).length).toBeGreaterThanOrEqual(5);

    for (const [request, line] of matches) {
      const where = `${request.operationName} (${request.operationType}, org ${request.org}, HTTP ${request.status}, errors ${request.errorCodes.join(',') || 'none'}, x-request-id ${request.responseRequestId})`;
      expect(line, where).toBeDefined();
      if (!line) continue;
      expect.soft(typeof line.requestId === 'string' && line.requestId !== '', `${where}: requestId`).toBe(true);
      if (request.responseRequestId !== null) expect.soft(line.requestId, `${where}: requestId as in x-request-id`).toBe(request.responseRequestId);
      expect.soft(line.status, `${where}: status`).toBe(request.status);
      expect.soft(line.operationName, `${where}: operationName`).toBe(request.operationName);
      expect.soft(line.operationType, `${where}: operationType`).toBe(request.operationType);
      expect.soft(line.org ?? null, `${where}: org`).toBe(request.org);
      expect.soft(typeof line.durationMs, `${where}: durationMs`).toBe('number');
      expect.soft(line.durationMs as number, `${where}: durationMs`).toBeGreaterThanOrEqual(0);
      if (request.errorCodes.length > 0) expect.soft(line.errorCodes, `${where}: errorCodes`).toEqual(request.errorCodes);
      else expect.soft(line, `${where}: errorCodes only when there were errors`).not.toHaveProperty('errorCodes');
    }
    // Generated request ids tell requests apart.
    const ids = lines.map((line) => line.requestId);
    expect(new Set(ids).size).toBe(ids.length);
    // The flow covered what the contract speaks of.
    expect(sentRequests.some((r) => r.org === null)).toBe(true);
    expect(sentRequests.some((r) => r.errorCodes.length > 0)).toBe(true);
    expect(new Set(sentRequests.map((r) => r.operationType))).toEqual(new Set(['query', 'mutation']));
  });
});
