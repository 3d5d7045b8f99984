// npm run bench — the read path and the gateway's check against a bare graphql-js server, side by
// side in one run. Starts the compiled server (`dist/server.js`, built by the npm script) on a new
// SQLite file, or on DATABASE_URL's PostgreSQL, a real OpenID provider on loopback, and a bare
// graphql-js executor on node:http in its own process (scripts/bench-bare.ts: same SDL, parse and
// validation cached, the identical response held in memory). Prints one table of figures and
// ratios. Each phase's time is cut into BENCH_SLICES slices (5 by default) in which this server and
// the bare one take turns, so the shared machine's changes of speed weigh on both alike. The
// console page is measured twice: as served (remembered answers on, the same page sent again) and
// from a second server on the same store that computes every answer (REMEMBERED_ANSWERS_MAX_BYTES=0).
// Bounded: a fixed time per phase (BENCH_SECONDS, 10 by default), a fixed number of
// registrations, a mixed-load soak of BENCH_SOAK_SECONDS (300 by default) for resident memory.
// BENCH_PHASES (comma-separated: console, authorize, register, start, scale, soak) runs some of
// them; BENCH_CPU_PROF=<dir> writes the server's CPU profile there (node --cpu-prof) on exit;
// BENCH_TIMELINE=1 (SQLite) prints where a registration's time goes inside the server, from
// scripts/registration-timeline.cjs preloaded into it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { signToken } from '../src/http/auth.js';
import { INTROSPECTOR, startTestIdp } from '../test/support/idp.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Each phase's time is cut into this many slices, ours and the bare server's taking turns (BENCH_SLICES). */
const SLICES = Math.max(1, Number(process.env.BENCH_SLICES ?? 5));
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 300);
const CONCURRENCY = 50;
/**
 * Registrations, one at a time, each kind taking turns: the first REGISTRATION_WARMUP of each warm
 * the three paths up (the load phases' thousands of requests warm theirs) and are reported apart,
 * the first 50 of them as those of a path not yet warm; the next REGISTRATIONS are the steady state.
 */
const REGISTRATION_WARMUP = 100;
const REGISTRATIONS = 100;
const PHASES = new Set((process.env.BENCH_PHASES ?? 'console,authorize,register,start,scale,soak').split(',').map((p) => p.trim()));
const CPU_PROF = process.env.BENCH_CPU_PROF;
const ROOT = join(import.meta.dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'cp-bench-'));
/** Where the timed server writes its registrations' timelines (BENCH_TIMELINE=1), read once it has stopped. */
const TIMELINE_FILE = process.env.BENCH_TIMELINE === '1' ? join(dataDir, 'registration-timeline.json') : undefined;
if (TIMELINE_FILE && process.env.DATABASE_URL) throw new Error('BENCH_TIMELINE times the sqlite3 driver’s calls: run it without DATABASE_URL');
const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  IDP_ALLOWED_NETWORKS: '127.0.0.0/8',
  AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
  SECRETS_KEY: randomBytes(32).toString('base64'),
  RECONCILE_INTERVAL_SECONDS: '0',
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('QUERY_'))),
};
const store = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
// The server's node flags as `npm start` gives them (package.json), so the figures are those of the shipped configuration.
const START_FLAGS = (/\bnode (.*?) ?dist\/server\.js/.exec((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start)?.[1] ?? '').split(' ').filter(Boolean);

/** A port free right now on loopback, for the server (it logs nothing below warn, so it cannot say its port). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The compiled server as a child process; resolves with its URL and how long it took to be ready. */
async function startServer(profile = false, settings: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; url: string; readyMs: number }> {
  const port = await freePort();
  const started = performance.now();
  const flags = [
    ...START_FLAGS,
    ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
    ...(profile && CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : []),
    ...(profile && TIMELINE_FILE ? ['--require', join(ROOT, 'scripts', 'registration-timeline.cjs')] : []),
  ];
  const traced = profile && TIMELINE_FILE ? { REGISTRATION_TIMELINE_FILE: TIMELINE_FILE } : {};
  const child = spawn(process.execPath, [...flags, join(ROOT, 'dist', 'server.js')], { env: { ...env, ...settings, ...traced, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}/graphql`;
  while ((await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.status !== 200) {
    if (exited) throw new Error('the server exited before it was ready');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return { child, url, readyMs: performance.now() - started };
}

const stop = (child: ChildProcess) => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM')));

// Migrated once, then timed from spawn to ready on the migrated store.
await stop((await startServer()).child);
const readyTimes: number[] = [];
for (let i = 0; i < (PHASES.has('start') ? 4 : 0); i++) {
  const run = await startServer();
  readyTimes.push(run.readyMs);
  await stop(run.child);
}
const server = await startServer(true);
const idp = await startTestIdp();

// The server's own signer, with its default issuer and audience.
const auth = { jwtSecret: Buffer.from(env.AUTH_JWT_SECRET!), issuer: 'client-providers-dev', audience: 'client-providers' };
const sign = (roles: string[]) => signToken(auth, { org: 'bench', roles, sub: 'bench@bench' }, '2h');
const [ADMIN, GATEWAY] = await Promise.all([sign(['organization_admin']), sign(['gateway'])]);
async function gql(query: string, variables: Record<string, unknown> = {}, bearer = ADMIN, headers: Record<string, string> = {}): Promise<any> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, ...headers }, body: JSON.stringify({ query, variables }) });
  const { data, errors } = (await response.json()) as { data: any; errors?: unknown[] };
  if (errors) throw new Error(JSON.stringify(errors));
  return data;
}

// The console's data: 50 environments, each with the built-in provider and an external one linked,
// and 10 clients of the built-in provider.
const external = (
  await gql('mutation($i: CreateClientProviderInput!) { createClientProvider(input: $i) { clientProvider { id } } }', {
    i: { name: 'IdP', vendor: 'GENERIC_OIDC', issuer: idp.issuer, registrationAuthorization: `Bearer ${idp.initialAccessToken}`, introspectionClientId: INTROSPECTOR.clientId, introspectionClientSecret: INTROSPECTOR.clientSecret },
  })
).createClientProvider.clientProvider.id;
const environmentIds: string[] = [];
for (let e = 0; e < 50; e++) {
  const id = (await gql(`mutation { createEnvironment(input: { name: "Env ${e}", type: SANDBOX }) { environment { id } } }`)).createEnvironment.environment.id;
  environmentIds.push(id);
  await gql('mutation($i: LinkClientProviderInput!) { linkClientProvider(input: $i) { environment { id } } }', { i: { environmentId: id, clientProviderId: external } });
  await Promise.all(
    Array.from({ length: 10 }, (_, c) =>
      gql('mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }', { i: { environmentId: id, clientProviderId: null, name: `Client ${c}`, redirectUris: ['https://app.example.com/cb'] } }),
    ),
  );
}
// The IdP environment for the gateway's check and for registrations.
const idpEnvironment = environmentIds[0]!;
await gql('mutation($i: LinkClientProviderInput!) { linkClientProvider(input: $i) { environment { id } } }', { i: { environmentId: idpEnvironment, clientProviderId: external, makeDefault: true } });
const registered = (
  await gql('mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { clientId } clientSecret } }', { i: { environmentId: idpEnvironment, name: 'Gateway bench', scopes: ['read'] } })
).registerClient;
const accessToken = await idp.clientCredentialsToken(registered.client.clientId, registered.clientSecret, 'read');

const CONSOLE = `query Console { environments(first: 50) { totalCount edges { cursor node { id name type createdAt
  clientProviders { id name vendor builtIn } defaultClientProvider { id name }
  clients(first: 10) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name clientId status redirectUris grantTypes scopes createdAt } } } } } } }`;
const AUTHORIZE = `query Authorize($e: ID!, $t: String!) { authorizeToken(environmentId: $e, token: $t, requiredScopes: ["read"]) { authorized denial active clientId scopes missingScopes } }`;

// The bare graphql-js server, in its own process like ours.
const bareChild = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'bench-bare.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
const barePort = await new Promise<string>((resolve, reject) => {
  bareChild.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
  bareChild.once('exit', () => reject(new Error('the bare graphql-js server exited')));
});
const bareUrl = `http://127.0.0.1:${barePort}/graphql`;

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  /** CPU time of the serving process (user and system, all its threads) per request, in ms. */
  cpu: number;
  /** The part of it spent on the main thread (JavaScript); the rest is V8's collector threads and libuv's pool (the SQLite driver). */
  mainCpu: number;
}

/**
 * CPU time a process has used so far, in ms (/proc/<pid>/stat: utime and stime, in clock ticks of
 * 10 ms); with `mainThread`, only its main thread's (/proc/<pid>/task/<pid>/stat).
 */
function cpuMs(pid: number, mainThread = false): number {
  const fields = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** What is sent in a phase, and to whom. */
interface Target {
  url: string;
  /** The serving process, when not the one `url` names (a second server on the same store). */
  child?: ChildProcess;
  body: string;
  bearer: string;
  path?: string;
  contentType?: string;
}

/** One slice of a phase: every answer's latency and the serving process's CPU time meanwhile. */
interface Slice {
  latencies: number[];
  seconds: number;
  cpuMs: number;
  mainCpuMs: number;
}

/** `concurrency` callers, each sending the next request when its answer came, for `seconds`. */
async function slice(target: Target, concurrency: number, seconds: number): Promise<Slice> {
  const url = new URL(target.url);
  const pid = (target.child ?? (target.url === bareUrl ? bareChild : server.child)).pid!;
  const cpuBefore = cpuMs(pid);
  const mainBefore = cpuMs(pid, true);
  const pool = new Pool(url.origin, { connections: concurrency, pipelining: 1 });
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + seconds * 1000;
  const headers = { 'content-type': target.contentType ?? 'application/json', authorization: `Bearer ${target.bearer}` };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const sent = performance.now();
        const { statusCode, body: answer } = await pool.request({ method: 'POST', path: target.path ?? url.pathname, headers, body: target.body });
        await answer.text();
        if (statusCode !== 200) throw new Error(`HTTP ${statusCode}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const result = { latencies, seconds: elapsed, cpuMs: cpuMs(pid) - cpuBefore, mainCpuMs: cpuMs(pid, true) - mainBefore };
  await pool.close();
  return result;
}

/**
 * The targets loaded in turn, SLICES times for SECONDS / SLICES each (the order rotating from one
 * round to the next), so that a change in the shared machine's speed during a phase weighs on every
 * target alike; then each target's figures over all its slices.
 */
async function compare(targets: Target[], concurrency = CONCURRENCY): Promise<Figures[]> {
  const slices: Slice[][] = targets.map(() => []);
  for (let round = 0; round < SLICES; round++) {
    for (let k = 0; k < targets.length; k++) {
      const index = (round + k) % targets.length;
      slices[index]!.push(await slice(targets[index]!, concurrency, SECONDS / SLICES));
    }
  }
  return slices.map((parts) => {
    const latencies = parts.flatMap((part) => part.latencies).sort((a, b) => a - b);
    const seconds = parts.reduce((sum, part) => sum + part.seconds, 0);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    const cpu = parts.reduce((sum, part) => sum + part.cpuMs, 0) / latencies.length;
    const mainCpu = parts.reduce((sum, part) => sum + part.mainCpuMs, 0) / latencies.length;
    return { rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99), cpu, mainCpu };
  });
}

async function record(query: string, variables: Record<string, unknown>, bearer: string): Promise<string> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify({ query, variables }) });
  const text = await response.text();
  const { data } = JSON.parse(text) as { data: Record<string, unknown> };
  await fetch(bareUrl.replace('/graphql', '/answers'), { method: 'PUT', body: JSON.stringify({ query, data }) });
  const baseline = await (await fetch(bareUrl, { method: 'POST', body: JSON.stringify({ query, variables }) })).text();
  if (baseline.trim() !== text.trim()) throw new Error(`the bare server does not answer identically:\n${baseline.slice(0, 300)}\n${text.slice(0, 300)}`);
  return JSON.stringify({ query, variables });
}

/** Copies a client row `copies` times in SQL (new ids, in id order, and unique client ids), straight into the store. */
async function copyClient(id: string, copies: number): Promise<void> {
  const { knex: createKnex } = await import('@mikro-orm/knex');
  const postgres = env.DATABASE_URL !== undefined;
  const knex = createKnex(postgres ? { client: 'pg', connection: env.DATABASE_URL } : { client: 'sqlite3', connection: { filename: join(dataDir, 'client-providers.sqlite3') }, useNullAsDefault: true });
  try {
    const columns = Object.keys(await knex('client').columnInfo()).filter((c) => c !== 'id' && c !== 'client_id');
    const list = columns.map((c) => `t."${c}"`).join(', ');
    const { v7 } = await import('uuid');
    for (let done = 0; done < copies; done += 5_000) {
      const ids = Array.from({ length: Math.min(5_000, copies - done) }, () => v7());
      const sql = postgres
        ? `insert into client (id, client_id, ${columns.map((c) => `"${c}"`).join(', ')}) select u.id::uuid, t.client_id || '-' || (u.n + ${done}), ${list} from unnest(?::text[]) with ordinality u(id, n), client t where t.id = ?`
        : `insert into client (id, client_id, ${columns.map((c) => `"${c}"`).join(', ')}) select j.value, t.client_id || '-' || (j.key + ${done}), ${list} from json_each(?) j, client t where t.id = ?`;
      await knex.raw(sql, [postgres ? ids : JSON.stringify(ids), id]);
    }
    // A table does not grow by 100,000 rows in seconds in use; PostgreSQL's autovacuum would
    // analyze it about a minute later. Until then the planner believes the table small.
    if (postgres) await knex.raw('analyze client');
  } finally {
    await knex.destroy();
  }
}

const rows: string[][] = [];
const row = (what: string, ours: string, baseline: string, ratio: string) => rows.push([what, ours, baseline, ratio]);
/** Throughput against the bare server's, then its CPU per request against ours (the steadier of the two on a shared machine). */
const ratio = (ours: Figures, theirs: Figures) => `${(ours.rps / theirs.rps).toFixed(2)} (CPU ${(theirs.cpu / ours.cpu).toFixed(2)})`;
const ms = (value: number) => (value < 1 ? value.toFixed(3) : value.toFixed(1));
const fmt = (f: Figures) => `${f.rps.toFixed(0)} req/s, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, CPU ${ms(f.cpu)} ms/req (main thread ${ms(f.mainCpu)})`;

const consoleBody = await record(CONSOLE, {}, ADMIN);
const authorizeBody = await record(AUTHORIZE, { e: idpEnvironment, t: accessToken }, GATEWAY);
// A second server on the same store that remembers no answer (REMEMBERED_ANSWERS_MAX_BYTES=0):
// every request computed, as after each write. The console page is measured on both; the clients
// pages at scale on this one, since what they measure is the read, not the memory of its answer.
const computing = PHASES.has('console') || PHASES.has('scale') ? await startServer(false, { REMEMBERED_ANSWERS_MAX_BYTES: '0' }) : undefined;
if (computing) {
  for (let i = 0; i < 2; i++) await (await fetch(computing.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: consoleBody })).text();
}
if (computing && PHASES.has('console')) {
  for (const concurrency of [CONCURRENCY, 1]) {
    const [ours, computed, theirs] = (await compare(
      [
        { url: server.url, body: consoleBody, bearer: ADMIN },
        { url: computing.url, child: computing.child, body: consoleBody, bearer: ADMIN },
        { url: bareUrl, body: consoleBody, bearer: ADMIN },
      ],
      concurrency,
    )) as [Figures, Figures, Figures];
    row(`console page, c=${concurrency}`, fmt(ours), fmt(theirs), ratio(ours, theirs));
    row(`the same, computed every time (no answer remembered), c=${concurrency}`, fmt(computed), fmt(theirs), ratio(computed, theirs));
  }
}
if (PHASES.has('authorize')) {
  const introspectPath = `/environments/${encodeURIComponent(idpEnvironment)}/introspect`;
  const [oursAuthorize, bareAuthorize, introspect] = (await compare([
    { url: server.url, body: authorizeBody, bearer: GATEWAY },
    { url: bareUrl, body: authorizeBody, bearer: GATEWAY },
    { url: server.url, body: new URLSearchParams({ token: accessToken }).toString(), bearer: GATEWAY, path: introspectPath, contentType: 'application/x-www-form-urlencoded' },
  ])) as [Figures, Figures, Figures];
  row('cached authorizeToken, c=50', fmt(oursAuthorize), fmt(bareAuthorize), ratio(oursAuthorize, bareAuthorize));
  row('RFC 7662 introspection, c=50', fmt(introspect), 'against cached authorizeToken above', (introspect.rps / oursAuthorize.rps).toFixed(2));
}

// registerClient in the IdP, one at a time, against the same POST sent to the IdP directly.
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
if (PHASES.has('register')) {
  const viaUs: number[] = [];
  const direct: number[] = [];
  const passedThrough: number[] = [];
  const registration = (name: string) =>
    JSON.stringify({ client_name: name, redirect_uris: [], grant_types: ['client_credentials'], response_types: [], token_endpoint_auth_method: 'client_secret_basic' });
  const post = async (url: string, headers: Record<string, string>, body: string) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const text = await response.text();
    if (!response.ok) throw new Error(`registration POST to ${url}: ${response.status} ${text.slice(0, 200)}`);
  };
  // The server's CPU over the steady registrations (idle while the other two POSTs are sent).
  const serverCpu = () => ({ all: cpuMs(server.child.pid!), main: cpuMs(server.child.pid!, true) });
  let cpuBefore = serverCpu();
  for (let i = 0; i < REGISTRATION_WARMUP + REGISTRATIONS; i++) {
    if (i === REGISTRATION_WARMUP) cpuBefore = serverCpu();
    const held = idp.clientIds().length;
    let started = performance.now();
    const timed: Record<string, string> = TIMELINE_FILE && i >= REGISTRATION_WARMUP ? { 'x-bench-timeline': '1' } : {};
    const { client } = (await gql('mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { clientId } } }', { i: { environmentId: idpEnvironment, name: `Registered ${i}` } }, ADMIN, timed)).registerClient;
    viaUs.push(performance.now() - started);
    // Registered in the IdP, not by the built-in provider: a figure of the wrong path would compare nothing.
    if (idp.clientIds().length !== held + 1 || !idp.clientIds().includes(client.clientId)) throw new Error('registerClient did not register the client in the IdP');
    started = performance.now();
    await post(`${idp.issuer}/reg`, { authorization: `Bearer ${idp.initialAccessToken}` }, registration(`Direct ${i}`));
    direct.push(performance.now() - started);
    started = performance.now();
    await post(bareUrl.replace('/graphql', '/forward'), { authorization: `Bearer ${idp.initialAccessToken}`, 'x-forward-to': `${idp.issuer}/reg` }, registration(`Passed ${i}`));
    passedThrough.push(performance.now() - started);
  }
  const cpuAfter = serverCpu();
  const cpuPerRegistration = { all: (cpuAfter.all - cpuBefore.all) / REGISTRATIONS, main: (cpuAfter.main - cpuBefore.main) / REGISTRATIONS };
  const steady = (values: number[]) => median(values.slice(REGISTRATION_WARMUP));
  const cold = (values: number[]) => median(values.slice(0, 50));
  row(`registerClient in the IdP, one at a time (after ${REGISTRATION_WARMUP})${TIMELINE_FILE ? ', traced (BENCH_TIMELINE)' : ''}`, `${steady(viaUs).toFixed(1)} ms, CPU ${cpuPerRegistration.all.toFixed(1)} ms (main thread ${cpuPerRegistration.main.toFixed(1)})`, `${steady(direct).toFixed(1)} ms (the POST sent directly)`, `${(steady(viaUs) / steady(direct)).toFixed(2)}×`);
  row('the same, its first 50 (the path not yet warm)', `${cold(viaUs).toFixed(1)} ms`, `${cold(direct).toFixed(1)} ms (the POST sent directly)`, `${(cold(viaUs) / cold(direct)).toFixed(2)}×`);
  // The floor of any service in between: one more process and HTTP exchange, no work.
  row('the same POST through a bare pass-through', `${steady(passedThrough).toFixed(1)} ms`, `${steady(direct).toFixed(1)} ms (the POST sent directly)`, `${(steady(passedThrough) / steady(direct)).toFixed(2)}×`);
}
if (PHASES.has('start')) row('start to ready (migrated store)', `${Math.min(...readyTimes).toFixed(0)}–${Math.max(...readyTimes).toFixed(0)} ms`, '', '');

// The clients page of an environment with 1,000 clients and of one with 100,000, totalCount
// included. The rows are copied in SQL from one client registered through the API (registering
// 100,000 through it would take most of the run).
if (computing && PHASES.has('scale')) {
  const PAGE = `query Clients($e: ID!) { clients(environmentId: $e, first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name clientId status redirectUris grantTypes scopes createdAt } } } }`;
  const figures: Figures[] = [];
  for (const size of [1_000, 100_000]) {
    const environmentId = (await gql(`mutation { createEnvironment(input: { name: "Scale ${size}", type: SANDBOX }) { environment { id } } }`)).createEnvironment.environment.id;
    const template = (
      await gql('mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }', { i: { environmentId, name: `Scale ${size}`, redirectUris: ['https://app.example.com/cb'] } })
    ).registerClient.client.id;
    await copyClient(Buffer.from(template, 'base64url').toString().split(':')[1]!, size - 1);
    const body = await record(PAGE, { e: environmentId }, ADMIN);
    const counted = (await gql(PAGE, { e: environmentId })).clients.totalCount;
    if (counted !== size) throw new Error(`the environment holds ${counted} clients, not ${size}`);
    figures.push(...(await compare([{ url: computing.url, child: computing.child, body, bearer: ADMIN }], 1)));
  }
  const [small, large] = figures as [Figures, Figures];
  row('clients page (first 20, totalCount), 1,000 clients, computed every time, c=1', fmt(small), '', '');
  row('the same, 100,000 clients, c=1', fmt(large), '', `p50 ${(large.p50 / small.p50).toFixed(2)}×, p99 ${(large.p99 / small.p99).toFixed(2)}× the 1,000`);
}

// Resident memory under mixed load (console pages, token checks, registrations).
if (PHASES.has('soak')) {
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const samples: number[] = [];
  const soakUntil = performance.now() + SOAK_SECONDS * 1000;
  const sampler = setInterval(() => samples.push(rss()), 1000);
  const pool = new Pool(new URL(server.url).origin, { connections: 8 });
  let sent = 0;
  await Promise.all(
    Array.from({ length: 8 }, async (_, worker) => {
      while (performance.now() < soakUntil) {
        const kind = sent++ % 10;
        const body = kind < 4 ? consoleBody : kind < 9 ? authorizeBody : JSON.stringify({ query: 'mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { id } } }', variables: { i: { environmentId: environmentIds[1 + (worker % 40)], name: `Soak ${sent}` } } });
        const { body: answer } = await pool.request({ method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${kind < 4 || kind === 9 ? ADMIN : GATEWAY}` }, body });
        await answer.text();
      }
    }),
  );
  clearInterval(sampler);
  await pool.close();
  const half = samples.slice(Math.floor(samples.length / 2));
  // What of it is the JavaScript heap (the server's own Prometheus metrics).
  const metricsText = await (await fetch(new URL('/metrics', server.url))).text();
  const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metricsText)?.[1] ?? NaN) / 2 ** 20;
  row(
    `resident memory, ${SOAK_SECONDS} s of mixed load`,
    `${samples.at(-1)?.toFixed(0)} MB at the end (max ${Math.max(...samples).toFixed(0)}); heap ${gauge('nodejs_heap_size_used_bytes').toFixed(0)} MB used of ${gauge('nodejs_heap_size_total_bytes').toFixed(0)}`,
    '',
    `second half: ${Math.min(...half).toFixed(0)}–${Math.max(...half).toFixed(0)} MB`,
  );
}

const widths = [0, 1, 2, 3].map((i) => Math.max(...[['request', 'this server', 'bare graphql-js', 'ratio'], ...rows].map((r) => r[i]!.length)));
const print = (r: string[]) => console.log(`| ${r.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`);
console.log(`\n${store}, ${SECONDS} s per phase, Node ${process.version}, server started as node ${[...START_FLAGS, process.env.BENCH_NODE_FLAGS ?? ''].join(' ').trim()} dist/server.js\n`);
print(['request', 'this server', 'bare graphql-js', 'ratio']);
print(widths.map((w) => '-'.repeat(w)));
rows.forEach(print);

await stop(server.child);
if (TIMELINE_FILE && PHASES.has('register')) {
  if (existsSync(TIMELINE_FILE)) printTimeline(JSON.parse(readFileSync(TIMELINE_FILE, 'utf8')) as [number, string][][]);
  else console.log('\nthe server left no timeline (it did not exit on its own)');
}
if (computing) await stop(computing.child);
await idp.close();
await stop(bareChild);
rmSync(dataDir, { recursive: true, force: true });

/**
 * The registrations' timelines inside the server, those that went the same way (all of them,
 * unless one failed over to another path): for each step, the median of its time since the step
 * before, and of when it came; then the medians, over the registrations, of the time in the
 * statements (each from sent to done: the driver's work and its wait for libuv's pool), of the
 * IdP's exchange (from the request made to the answer read) and of the rest (the main thread's
 * work between them and its waits to be scheduled). Medians of parts need not add up to the
 * median of the whole.
 */
function printTimeline(timelines: [number, string][][]): void {
  const shape = (timeline: [number, string][]) => timeline.map(([, what]) => what).join('|');
  const counts = new Map<string, number>();
  for (const timeline of timelines) counts.set(shape(timeline), (counts.get(shape(timeline)) ?? 0) + 1);
  const common = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const alike = timelines.filter((timeline) => shape(timeline) === common);
  if (alike.length === 0) return console.log('\nno registration was traced');
  const steps = alike[0]!.map(([, what]) => what);
  const since = (timeline: [number, string][], step: number) => timeline[step]![0] - (timeline[step - 1]?.[0] ?? 0);
  console.log(`\nregisterClient inside the server (BENCH_TIMELINE), ${alike.length} of ${timelines.length} timed registrations, medians in ms\n`);
  console.log('| step | since the step before | since the request arrived |\n|---|---|---|');
  steps.forEach((what, step) => console.log(`| ${what} | ${median(alike.map((t) => since(t, step))).toFixed(2)} | ${median(alike.map((t) => t[step]![0])).toFixed(2)} |`));
  const split = alike.map((timeline) => {
    let statements = 0;
    let idp = 0;
    steps.forEach((what, step) => {
      if (what.endsWith(': done')) statements += since(timeline, step);
      if (what === 'IdP answered' || what === 'IdP answer read') idp += since(timeline, step);
    });
    const whole = timeline.at(-1)![0];
    return { whole, statements, idp, rest: whole - statements - idp };
  });
  const of = (part: keyof (typeof split)[number]) => median(split.map((s) => s[part])).toFixed(2);
  console.log(`\nIn all ${of('whole')} ms: ${of('statements')} in the driver's statements, ${of('idp')} in the IdP's exchange, ${of('rest')} for the rest`);
}
