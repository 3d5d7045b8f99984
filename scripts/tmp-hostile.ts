import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { signToken } from '../src/http/auth.js';
const secret = randomBytes(32).toString('hex');
const port = 4477;
const child = spawn(process.execPath, ['--max-old-space-size=192', join(import.meta.dirname, '..', 'dist', 'server.js')], {
  env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'cp-hostile-')), LOG_LEVEL: 'warn', AUTH_JWT_SECRET: secret, SECRETS_KEY: randomBytes(32).toString('base64'), RECONCILE_INTERVAL_SECONDS: '0', GRAPHQL_COMPILE_AFTER_RUNS: process.env.COMPILE ?? '1' },
  stdio: ['ignore', 'ignore', 'ignore'],
});
while ((await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.status !== 200) await new Promise((r) => setTimeout(r, 50));
const token = await signToken({ jwtSecret: Buffer.from(secret), issuer: 'client-providers-dev', audience: 'client-providers' }, { org: 'h', roles: ['organization_admin'], sub: 'h' }, '2h');
const send = (query: string) => fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) }).then((r) => r.text());
const metric = async (name: string) => Number(new RegExp(`^${name} ([0-9.e+]+)`, 'm').exec(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text())?.[1]);
const t0 = Date.now();
const N = Number(process.env.N ?? 3000);
try {
for (let i = 0; i < N; i++) {
  const q = `query Q${i} { environments(first: ${1 + (i % 50)}) { totalCount edges { node { id name a${i}: type clients(first: 3) { totalCount edges { node { id name scopes } } } } } } }`;
  await send(q);
  await send(q);
  if (i % 250 === 249) console.log(i + 1, 'docs', 'compiled', await metric('graphql_operations_compiled_total'), 'rss MB', ((await metric('process_resident_memory_bytes')) / 1e6).toFixed(0), 'heap MB', ((await metric('nodejs_heap_size_used_bytes')) / 1e6).toFixed(0), `${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
} catch (e) { console.log('failed', (e as Error).message, (e as any).cause?.code); }
child.kill('SIGTERM');
