import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, gateway, member, startTestApp, type Caller, type TestApp } from '../support/app.js';
import { seedClient, seedEnvironment, seedLink, seedProvider } from '../support/seed.js';
import { snapshot } from '../support/snapshot.js';

/**
 * No input makes a 500: every mutation (and the token and credential checks) driven with hostile
 * strings — control characters, NUL, huge, any Unicode, injection text — wrong numbers and wrong
 * IDs. Every answer is a userError, a top-level client error or a success, never
 * INTERNAL_SERVER_ERROR; and a refused call leaves every table as it was.
 */
const ORG = 'hostile';
// Fixed, so that a run is repeatable (fast-check prints the failing case and its seed); HOSTILE_RUNS
// and HOSTILE_SEED explore further, e.g. HOSTILE_RUNS=500 HOSTILE_SEED=$RANDOM npx vitest run hostile.
const RUNS = Number(process.env.HOSTILE_RUNS ?? 30);
const SEED = Number(process.env.HOSTILE_SEED ?? 20261201);
let t: TestApp;
const f = {} as { environment: string; external: string; provider: string; client: string };

const hostileText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(
    '\u0000',
    'name\u0000',
    '\u0007\u001b[31m',
    '\r\nX-Injected: 1',
    "'; drop table client; --",
    '" or 1=1 --',
    '<script>alert(1)</script>',
    '\u202egnp.exe',
    '${jndi:ldap://127.0.0.1/x}',
    '%00%0d%0a',
    '../../../etc/passwd',
    'http://169.254.169.254/latest/meta-data/',
    'https://idp.example.com/\u0000',
    'Bearer \u0000token',
    '   ',
    '',
  ),
  fc.constant('x'.repeat(100_000)),
);
const hostileList = fc.array(hostileText, { maxLength: 4 });
const hostileNumber = fc.oneof(fc.integer(), fc.constantFrom(-1, 0, 99, 60_001, 2 ** 31 - 1), fc.double({ noNaN: true, noDefaultInfinity: true }));
const hostileId = fc.oneof(hostileText, fc.constantFrom('RW52aXJvbm1lbnQ6MQ', 'Q2xpZW50Oi4uLw', Buffer.from('Client:00000000-0000-0000-0000-000000000000').toString('base64url')));
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

interface Answer {
  status: number;
  body: { data?: Record<string, { userErrors?: unknown[] } | unknown> | null; errors?: { extensions?: { code?: string } }[] };
}

async function send(caller: Caller, query: string, variables: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(t.app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token(caller)}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

/** Sends the call; asserts it is not a fault, and that a refused one changed nothing. */
async function hostile(caller: Caller, query: string, variables: Record<string, unknown>): Promise<void> {
  const before = await snapshot(t);
  const { status, body } = await send(caller, query, variables);
  const codes = (body.errors ?? []).map((e) => e.extensions?.code);
  expect(status, JSON.stringify(body).slice(0, 500)).toBeLessThan(500);
  expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
  const payload = body.data ? (Object.values(body.data)[0] as { userErrors?: unknown[] } | null) : null;
  const refused = codes.length > 0 || (payload?.userErrors?.length ?? 0) > 0;
  if (refused) expect(await snapshot(t)).toStrictEqual(before);
}

const run = (property: fc.IAsyncProperty<[never]> | fc.IAsyncPropertyWithHooks<never[]>) => fc.assert(property, { numRuns: RUNS, seed: SEED });

beforeAll(async () => {
  t = await startTestApp({ logLevel: 'silent' });
  const environment = await seedEnvironment(t, admin(ORG), 'Production');
  f.environment = environment.id;
  const external = await seedProvider(t, admin(ORG), { name: 'External', vendor: 'GENERIC_OIDC', issuer: 'https://idp.example.com', allowClientDeletion: true, discover: false });
  f.external = external.id;
  await seedLink(t, admin(ORG), { environmentId: f.environment, clientProviderId: f.external });
  f.provider = (await seedProvider(t, admin(ORG), { name: 'To update', vendor: 'OKTA', issuer: 'https://acme.okta.example.com', discover: false })).id;
  f.client = (await seedClient(t, member(ORG), { environmentId: f.environment, name: 'Mine' })).client.id;
});

afterAll(() => t?.close());

describe('hostile input', () => {
  it('to environments', async () => {
    await run(
      fc.asyncProperty(hostileText, fc.constantFrom('PRODUCTION', 'SANDBOX', 'NOPE'), async (name, type) => {
        await hostile(admin(ORG), 'mutation($i: CreateEnvironmentInput!) { createEnvironment(input: $i) { userErrors { code } } }', { i: { name, type } });
      }) as never,
    );
    await run(
      fc.asyncProperty(hostileId, maybe(hostileText), async (id, name) => {
        await hostile(admin(ORG), 'mutation($i: UpdateEnvironmentInput!) { updateEnvironment(input: $i) { userErrors { code } } }', { i: { id, name } });
        await hostile(admin(ORG), 'query($id: ID!) { environment(id: $id) { id } node(id: $id) { id } }', { id });
      }) as never,
    );
  });

  it('to client providers', async () => {
    const settings = fc.record(
      {
        description: maybe(hostileText),
        issuer: maybe(hostileText),
        registrationUrl: maybe(hostileText),
        registrationAuthorization: maybe(hostileText),
        tokenUrl: maybe(hostileText),
        introspectionUrl: maybe(hostileText),
        introspectionClientId: maybe(hostileText),
        introspectionClientSecret: maybe(hostileText),
        jwksUrl: maybe(hostileText),
        jwtAudience: maybe(hostileText),
        requestTimeoutMs: maybe(hostileNumber),
      },
      { requiredKeys: [] },
    );
    await run(
      fc.asyncProperty(hostileText, fc.constantFrom('GENERIC_OIDC', 'OKTA', 'PLATFORM'), settings, async (name, vendor, rest) => {
        // No discovery: what is probed is the input's handling, and nothing may leave this machine.
        const input = { name, vendor, issuer: rest.issuer ?? 'https://idp.example.com', ...rest, discover: false };
        await hostile(admin(ORG), 'mutation($i: CreateClientProviderInput!) { createClientProvider(input: $i) { userErrors { code } } }', { i: input });
      }) as never,
    );
    await run(
      fc.asyncProperty(settings, maybe(hostileText), async (rest, name) => {
        await hostile(admin(ORG), 'mutation($i: UpdateClientProviderInput!) { updateClientProvider(input: $i) { userErrors { code } } }', { i: { id: f.provider, name, ...rest, discover: false } });
      }) as never,
    );
  });

  it('to clients', async () => {
    await run(
      fc.asyncProperty(hostileText, maybe(hostileText), maybe(hostileList), maybe(hostileList), maybe(hostileList), maybe(hostileText), async (name, description, redirectUris, grantTypes, scopes, idempotencyKey) => {
        await hostile(member(ORG), 'mutation($i: RegisterClientInput!) { registerClient(input: $i) { userErrors { code } } }', {
          i: { environmentId: f.environment, name, description, redirectUris, grantTypes, scopes, idempotencyKey },
        });
      }) as never,
    );
    await run(
      fc.asyncProperty(maybe(hostileText), maybe(hostileText), maybe(hostileList), maybe(hostileList), async (name, description, redirectUris, scopes) => {
        await hostile(member(ORG), 'mutation($i: UpdateClientInput!) { updateClient(input: $i) { userErrors { code } } }', { i: { id: f.client, name, description, redirectUris, scopes } });
      }) as never,
    );
    await run(
      fc.asyncProperty(hostileText, maybe(hostileText), hostileText, hostileId, async (clientId, clientSecret, name, environmentId) => {
        const query = 'mutation($i: ImportClientInput!) { importClient(input: $i) { userErrors { code } } }';
        await hostile(admin(ORG), query, { i: { environmentId: f.environment, clientProviderId: f.external, clientId, clientSecret, name } });
        await hostile(admin(ORG), query, { i: { environmentId, clientProviderId: environmentId, clientId, name } });
      }) as never,
    );
  });

  it('to the gateways’ checks', async () => {
    await run(
      fc.asyncProperty(hostileText, maybe(hostileList), hostileText, hostileText, hostileId, async (token, requiredScopes, clientId, clientSecret, environmentId) => {
        await hostile(gateway(ORG), 'query($e: ID!, $t: String!, $s: [String!]) { authorizeToken(environmentId: $e, token: $t, requiredScopes: $s) { authorized } }', {
          e: f.environment,
          t: token,
          s: requiredScopes,
        });
        await hostile(gateway(ORG), 'query($e: ID!, $c: String!, $s: String!) { verifyClientCredentials(environmentId: $e, clientId: $c, clientSecret: $s) }', {
          e: environmentId,
          c: clientId,
          s: clientSecret,
        });
      }) as never,
    );
  });
});
