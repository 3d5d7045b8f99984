// npm run bench:tokens — authorizeToken over HTTP, cached and uncached, side by side in one run,
// against a real OpenID provider on loopback. Prints requests per second, latency percentiles and
// the IdP introspection calls each phase made. Bounded: a fixed number of requests per phase.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SignJWT } from 'jose';
import { startApp } from '../src/app.js';
import { createLogger } from '../src/server/logger.js';
import { INTROSPECTOR, startTestIdp } from '../test/support/idp.js';

const CACHED_REQUESTS = Number(process.env.BENCH_CACHED_REQUESTS ?? 5000);
const UNCACHED_REQUESTS = Number(process.env.BENCH_UNCACHED_REQUESTS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

const dir = mkdtempSync(join(tmpdir(), 'cp-bench-'));
const secret = new TextEncoder().encode(randomBytes(32).toString('hex'));
const idp = await startTestIdp();
const app = await startApp(
  {
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    store: { kind: 'sqlite', file: join(dir, 'bench.sqlite3') },
    auth: { jwtSecret: secret, issuer: 'bench', audience: 'bench' },
    secretsKey: randomBytes(32),
    clientSecretRotationGraceSeconds: 0,
    deletionRetryIntervalSeconds: 0,
    tokenCache: { maxEntries: 100_000, maxPositiveTtlMs: 60_000, negativeTtlMs: 5_000 },
    developmentSecrets: false,
    http: { corsOrigins: [], playground: false, introspection: false, metrics: true, shutdownGraceMs: 1000 },
  },
  createLogger('silent'),
);

const bearer = (roles: string[]) =>
  new SignJWT({ org: 'bench', roles }).setProtectedHeader({ alg: 'HS256' }).setSubject('bench').setIssuer('bench').setAudience('bench').setExpirationTime('1h').sign(secret);
const adminToken = await bearer(['organization_admin']);
const gatewayToken = await bearer(['gateway']);
async function gql(token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const provider = await gql(adminToken, 'mutation($i: CreateClientProviderInput!) { createClientProvider(input: $i) { clientProvider { id } } }', {
  i: { name: 'IdP', vendor: 'GENERIC_OIDC', issuer: idp.issuer, registrationAuthorization: `Bearer ${idp.initialAccessToken}`, introspectionClientId: INTROSPECTOR.clientId, introspectionClientSecret: INTROSPECTOR.clientSecret },
});
const environment = await gql(adminToken, 'mutation { createEnvironment(input: {name: "Bench", type: PRODUCTION}) { environment { id } } }');
const environmentId = environment.createEnvironment.environment.id;
await gql(adminToken, 'mutation($i: LinkClientProviderInput!) { linkClientProvider(input: $i) { environment { id } } }', {
  i: { environmentId, clientProviderId: provider.createClientProvider.clientProvider.id, makeDefault: true },
});
const registered = await gql(adminToken, 'mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { clientId } clientSecret } }', {
  i: { environmentId, name: 'Bench client', scopes: ['read'] },
});
const { clientId } = registered.registerClient.client;
const clientSecret = registered.registerClient.clientSecret;

async function accessToken(): Promise<string> {
  const response = await fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'read' }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

const query = 'query($e: ID!, $t: String!) { authorizeToken(environmentId: $e, token: $t, requiredScopes: ["read"]) { active clientId scopes missingScopes } }';
const introspections = () => idp.requests.filter((r) => r.startsWith('POST /token/introspection')).length;

async function phase(name: string, tokens: string[]) {
  const latencies: number[] = [];
  const calls = introspections();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < tokens.length) {
        const token = tokens[next++]!;
        const t0 = performance.now();
        const data = await gql(gatewayToken, query, { e: environmentId, t: token });
        latencies.push(performance.now() - t0);
        if (!data.authorizeToken.active) throw new Error('token unexpectedly inactive');
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(2);
  return { phase: name, requests: tokens.length, 'req/s': Math.round(tokens.length / seconds), 'p50 ms': pct(50), 'p99 ms': pct(99), 'IdP calls': introspections() - calls };
}

const warm = await accessToken();
await gql(gatewayToken, query, { e: environmentId, t: warm }); // fills the cache for the cached phase
const fresh = await Promise.all(Array.from({ length: UNCACHED_REQUESTS }, accessToken));
const results = [await phase('uncached (new token each)', fresh), await phase('cached (one token)', Array(CACHED_REQUESTS).fill(warm))];
console.log(`authorizeToken over HTTP on loopback; concurrency ${CONCURRENCY}; ${cpus().length} × ${cpus()[0]?.model.trim()}; Node ${process.version}`);
console.table(results);
await app.close();
await idp.close();
rmSync(dir, { recursive: true, force: true });
