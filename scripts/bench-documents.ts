// npm run bench:documents — memory under a caller who sends ever new documents, each twice (so
// that each is compiled, GRAPHQL_COMPILE_AFTER_RUNS=1): starts the bundled server as `npm start`
// does (192 MB heap) on a new SQLite file, sends BENCH_DOCUMENTS (8000) distinct small queries, and
// prints the compilations, resident memory and heap every 1,000 documents. Run with
// GRAPHQL_COMPILE_AFTER_RUNS=never to compare without compilation. Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../src/http/auth.js';

const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 8000);
const secret = randomBytes(32).toString('hex');
const dataDir = mkdtempSync(join(tmpdir(), 'cp-bench-documents-'));
const probe = createServer();
await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
const { port } = probe.address() as AddressInfo;
await new Promise((resolve) => probe.close(resolve));
const child = spawn(process.execPath, ['--max-old-space-size=192', '--max-semi-space-size=32', join(import.meta.dirname, '..', 'dist', 'server.js')], {
  env: {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    AUTH_JWT_SECRET: secret,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    RECONCILE_INTERVAL_SECONDS: '0',
    GRAPHQL_COMPILE_AFTER_RUNS: process.env.GRAPHQL_COMPILE_AFTER_RUNS ?? '1',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
let exited = false;
child.once('exit', () => (exited = true));
const base = `http://127.0.0.1:${port}`;
while ((await fetch(`${base}/health/ready`).catch(() => null))?.status !== 200) {
  if (exited) throw new Error('the server exited before it was ready');
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const token = await signToken({ jwtSecret: Buffer.from(secret), issuer: 'client-providers-dev', audience: 'client-providers' }, { org: 'bench', roles: ['organization_admin'], sub: 'bench' }, '2h');
const send = (query: string) =>
  fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) }).then((r) => r.text());
const metrics = async () => {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} ([0-9.e+]+)`, 'm').exec(text)?.[1]);
  return { compiled: value('graphql_operations_compiled_total'), rssMb: value('process_resident_memory_bytes') / 1e6, heapMb: value('nodejs_heap_size_used_bytes') / 1e6 };
};

console.log(`GRAPHQL_COMPILE_AFTER_RUNS=${process.env.GRAPHQL_COMPILE_AFTER_RUNS ?? '1'}, ${DOCUMENTS} new documents, each sent twice`);
const started = Date.now();
try {
  for (let i = 0; i < DOCUMENTS; i++) {
    const query = `query Q${i} { environments(first: ${1 + (i % 50)}) { totalCount edges { node { id name a${i}: type clients(first: 3) { totalCount edges { node { id name scopes } } } } } } }`;
    await send(query);
    await send(query);
    if ((i + 1) % 1000 === 0) {
      const m = await metrics();
      console.log(`${i + 1} documents: ${m.compiled} compiled, RSS ${m.rssMb.toFixed(0)} MB, heap used ${m.heapMb.toFixed(0)} MB, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  }
} catch (error) {
  console.log(`the server stopped answering: ${(error as Error).message}${exited ? ' (it exited)' : ''}`);
} finally {
  if (!exited) await new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM')));
  rmSync(dataDir, { recursive: true, force: true });
}
