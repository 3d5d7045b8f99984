// npm run bench:invalidation — on PostgreSQL, two replicas (A and B) of the server on one database
// and a real OpenID provider on loopback. For each of BENCH_CHANGES clients: B caches a positive
// verdict for its token, the client is deleted on A, and B is asked every 2 ms until it refuses:
// prints the median and maximum time from A's answer to B's refusal, next to B's cached and
// uncached authorizeToken figures. Bounded: a fixed number of changes and requests.
import 'reflect-metadata';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { admin, gateway, member, startTestApp, type TestApp } from '../test/support/app.js';
import { TEST_DB } from '../test/support/database.js';
import { startTestIdp } from '../test/support/idp.js';
import { seedClient, seedLinkedEnvironment, seedProvider } from '../test/support/seed.js';
import { clientCredentialsToken } from '../test/support/tokens.js';

if (TEST_DB !== 'postgres') throw new Error('Run with TEST_DB=postgres (npm run bench:invalidation does): replicas share a PostgreSQL database');
const CHANGES = Number(process.env.BENCH_CHANGES ?? 50);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const ORG = 'bench';
const settings = { logLevel: 'silent' };

const idp = await startTestIdp({ tokenTtlSeconds: 3600 });
const a = await startTestApp(settings);
const b = await startTestApp(settings, { replicaOf: a });
const provider = await seedProvider(a, admin(ORG), { idp, name: 'IdP', allowClientDeletion: true, propagateClientChanges: true });
const environmentId = (await seedLinkedEnvironment(a, admin(ORG), provider.id, 'Bench')).id;
const [GATEWAY, MEMBER] = await Promise.all([b.token(gateway(ORG)), a.token(member(ORG))]);

const query = 'query($e: ID!, $t: String!) { authorizeToken(environmentId: $e, token: $t) { authorized denial } }';
async function authorize(app: TestApp, token: string): Promise<{ authorized: boolean; denial: string | null }> {
  const response = await fetch(app.app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${GATEWAY}` },
    body: JSON.stringify({ query, variables: { e: environmentId, t: token } }),
  });
  const { data, errors } = (await response.json()) as { data: { authorizeToken: { authorized: boolean; denial: string | null } }; errors?: unknown };
  if (errors) throw new Error(JSON.stringify(errors));
  return data.authorizeToken;
}
async function newClientToken(name: string) {
  const { client, clientSecret } = await seedClient(a, member(ORG), { environmentId, name, scopes: ['read'], grantTypes: ['client_credentials'] });
  return { id: client.id, token: await clientCredentialsToken(`${idp.issuer}/token`, client.clientId!, clientSecret!, 'read') };
}
const deleteOnA = (id: string) =>
  fetch(a.app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${MEMBER}` },
    body: JSON.stringify({ query: 'mutation($i: DeleteClientInput!) { deleteClient(input: $i) { deletedId } }', variables: { i: { id } } }),
  });

const stats = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  return { median: sorted[Math.floor(sorted.length / 2)]!, max: sorted.at(-1)! };
};

// Time from a change on A to B's refusal.
const lags: number[] = [];
for (let i = 0; i < CHANGES; i++) {
  const { id, token } = await newClientToken(`Change ${i}`);
  await authorize(b, token);
  if (!(await authorize(b, token)).authorized) throw new Error('B did not authorize the fresh token');
  await deleteOnA(id);
  const changed = performance.now();
  while ((await authorize(b, token)).authorized) {
    if (performance.now() - changed > 10_000) throw new Error('B still authorizes after 10 s');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  lags.push(performance.now() - changed);
}

// B's authorizeToken, one at a time: a new token each (uncached), and one token (cached).
async function latency(tokens: string[]) {
  const times: number[] = [];
  for (const token of tokens) {
    const started = performance.now();
    await authorize(b, token);
    times.push(performance.now() - started);
  }
  return stats(times);
}
const { token: cached } = await newClientToken('Cached');
const fresh = await Promise.all(Array.from({ length: REQUESTS }, () => newClientToken('Fresh').then((c) => c.token)));
const uncachedLatency = await latency(fresh);
await authorize(b, cached);
const cachedLatency = await latency(Array(REQUESTS).fill(cached));

const lag = stats(lags);
console.log(`Two replicas on PostgreSQL, loopback; ${cpus().length} × ${cpus()[0]?.model.trim()}; Node ${process.version}`);
console.table([
  { measure: `change on A → refused by B (${CHANGES} deletions)`, 'median ms': lag.median.toFixed(1), 'max ms': lag.max.toFixed(1) },
  { measure: `authorizeToken on B, uncached (${REQUESTS})`, 'median ms': uncachedLatency.median.toFixed(1), 'max ms': uncachedLatency.max.toFixed(1) },
  { measure: `authorizeToken on B, cached (${REQUESTS})`, 'median ms': cachedLatency.median.toFixed(1), 'max ms': cachedLatency.max.toFixed(1) },
]);
await b.close();
await a.close();
await idp.close();
