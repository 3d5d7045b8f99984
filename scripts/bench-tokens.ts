// npm run bench:tokens — authorizeToken over HTTP, cached and uncached, side by side in one run,
// against a real OpenID provider on loopback; then cached again while eight callers send the
// heaviest query the limits allow. Prints requests per second, latency percentiles and the IdP
// introspection calls each phase made. Bounded: a fixed number of requests per phase.
import 'reflect-metadata';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { admin, gateway, startTestApp } from '../test/support/app.js';
import { INTROSPECTOR, startTestIdp } from '../test/support/idp.js';

const CACHED_REQUESTS = Number(process.env.BENCH_CACHED_REQUESTS ?? 5000);
const UNCACHED_REQUESTS = Number(process.env.BENCH_UNCACHED_REQUESTS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ABUSERS = 8;

// The test harness's server (SQLite, a temporary file) with the default cache, and nothing logged.
const [t, idp] = await Promise.all([
  startTestApp({ logLevel: 'silent', tokenCache: { maxEntries: 100_000, maxPositiveTtlMs: 60_000, negativeTtlMs: 5_000 } }),
  startTestIdp(),
]);
// Tokens signed once, so the load generator does not sign one per request.
const [ADMIN, GATEWAY] = await Promise.all([t.token(admin('bench')), t.token(gateway('bench'))]);
async function gql(bearer: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(t.app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify({ query, variables }) });
  const { data, errors } = (await response.json()) as { data: any; errors?: unknown[] };
  if (errors) throw new Error(JSON.stringify(errors));
  return data;
}

const provider = await gql(ADMIN, 'mutation($i: CreateClientProviderInput!) { createClientProvider(input: $i) { clientProvider { id } } }', {
  i: { name: 'IdP', vendor: 'GENERIC_OIDC', issuer: idp.issuer, registrationAuthorization: `Bearer ${idp.initialAccessToken}`, introspectionClientId: INTROSPECTOR.clientId, introspectionClientSecret: INTROSPECTOR.clientSecret },
});
const environment = await gql(ADMIN, 'mutation { createEnvironment(input: {name: "Bench", type: PRODUCTION}) { environment { id } } }');
const environmentId = environment.createEnvironment.environment.id;
await gql(ADMIN, 'mutation($i: LinkClientProviderInput!) { linkClientProvider(input: $i) { environment { id } } }', {
  i: { environmentId, clientProviderId: provider.createClientProvider.clientProvider.id, makeDefault: true },
});
const registered = await gql(ADMIN, 'mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { clientId } clientSecret } }', {
  i: { environmentId, name: 'Bench client', scopes: ['read'] },
});
const accessToken = () => idp.clientCredentialsToken(registered.registerClient.client.clientId, registered.registerClient.clientSecret, 'read');

const query = 'query($e: ID!, $t: String!) { authorizeToken(environmentId: $e, token: $t, requiredScopes: ["read"]) { authorized denial active clientId scopes missingScopes } }';
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
        const data = await gql(GATEWAY, query, { e: environmentId, t: token });
        latencies.push(performance.now() - t0);
        if (!data.authorizeToken.authorized) throw new Error(`token unexpectedly refused: ${data.authorizeToken.denial}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(2);
  return { phase: name, requests: tokens.length, 'req/s': Math.round(tokens.length / seconds), 'p50 ms': pct(50), 'p99 ms': pct(99), 'IdP calls': introspections() - calls };
}

const warm = await accessToken();
await gql(GATEWAY, query, { e: environmentId, t: warm }); // fills the cache for the cached phase
const fresh = await Promise.all(Array.from({ length: UNCACHED_REQUESTS }, accessToken));
const results = [await phase('uncached (new token each)', fresh), await phase('cached (one token)', Array(CACHED_REQUESTS).fill(warm))];

// The heaviest query the default limits allow, over 100 environments with clients: eight callers
// send it back to back while the cached phase runs again.
const environments = await Promise.all(
  Array.from({ length: 99 }, (_, i) => gql(ADMIN, `mutation { createEnvironment(input: {name: "Bench ${i}", type: SANDBOX}) { environment { id } } }`)),
);
for (const created of environments.slice(0, 50)) {
  const id = created.createEnvironment.environment.id;
  await gql(ADMIN, 'mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }', { i: { environmentId: id, name: 'Heavy', scopes: ['read'] } });
}
const page = 'environments(first: 100) { totalCount edges { node { id name type clientProviders { id name vendor } defaultClientProvider { id name } clients(first: 12) { totalCount edges { node { id name clientId } } } } } }';
const heavy = `query Heavy { a: ${page} b: ${page} }`;
await gql(ADMIN, heavy); // within the limits, or this throws
let abusing = true;
let heavyRequests = 0;
const abusers = Array.from({ length: ABUSERS }, async () => {
  while (abusing) {
    await gql(ADMIN, heavy);
    heavyRequests++;
  }
});
results.push(await phase(`cached, ${ABUSERS} callers sending the heaviest allowed query`, Array(CACHED_REQUESTS).fill(warm)));
abusing = false;
await Promise.all(abusers);
console.log(`authorizeToken over HTTP on loopback; concurrency ${CONCURRENCY}; ${cpus().length} × ${cpus()[0]?.model.trim()}; Node ${process.version}`);
console.table(results);
console.log(`heavy queries answered meanwhile: ${heavyRequests}`);
await Promise.all([t.close(), idp.close()]);
