import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../support/database.js';

/**
 * The real server process, started the way `npm start` starts it (the compiled build; `npm test`
 * builds first), with tokens from `npm run token`, spoken to over HTTP.
 */
const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
let dataDir: string;
let database: TestDatabase | undefined;
let env: NodeJS.ProcessEnv;
let server: ChildProcess;
let url: string;
const logLines: Record<string, unknown>[] = [];

async function startServer(): Promise<{ process: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['dist/main.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout! });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logLines.push(entry);
      if (typeof entry.url === 'string') {
        clearTimeout(timer);
        resolve({ process: child, url: entry.url });
      }
    });
  });
}

async function token(...args: string[]): Promise<string> {
  const { stdout } = await run('npm', ['run', '-s', 'token', '--', ...args], { cwd: root, env });
  return stdout.trim();
}

async function graphql(bearer: string | null, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'main.js'))) throw new Error('Build first: `npm test` runs `npm run build` before the tests');
  dataDir = mkdtempSync(join(tmpdir(), 'cp-e2e-'));
  env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  if (TEST_DB === 'postgres') {
    database = await createTestDatabase();
    const store = database.store as { url: string };
    Object.assign(env, {
      DATABASE_URL: store.url,
      AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
      SECRETS_KEY: randomBytes(32).toString('base64'),
    });
  }
  ({ process: server, url } = await startServer());
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the server process', () => {
  it('starts on the configured store and warns when it generated development secrets', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    const warned = logLines.some((line) => String(line.msg).includes('development secrets'));
    expect(warned).toBe(TEST_DB === 'sqlite');
    if (TEST_DB === 'sqlite') expect(existsSync(join(dataDir, 'client-providers.sqlite3'))).toBe(true);
  });

  it('serves GraphQL to a token from `npm run token`, and refuses requests without one', async () => {
    const adminToken = await token('--org', 'e2e', '--roles', 'organization_admin', '--sub', 'alice');
    expect(adminToken.split('.')).toHaveLength(3);

    const created = await graphql(adminToken, 'mutation($i: CreateEnvironmentInput!) { createEnvironment(input: $i) { environment { id name } userErrors { code } } }', {
      i: { name: 'Production', type: 'PRODUCTION' },
    });
    expect(created.status).toBe(200);
    expect(created.body.data.createEnvironment).toMatchObject({ environment: { name: 'Production' }, userErrors: [] });

    const memberToken = await token('--org', 'e2e', '--roles', 'developer', '--sub', 'bob');
    const registered = await graphql(memberToken, 'mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { clientId } clientSecret userErrors { code } } }', {
      i: { environmentId: created.body.data.createEnvironment.environment.id, name: 'app' },
    });
    expect(registered.body.data.registerClient.clientSecret).toEqual(expect.any(String));

    // No token: an error on the field, with HTTP 200 so a gateway keeps the rest of the answer.
    const anonymous = await graphql(null, '{ environments { totalCount } }');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await graphql(`${adminToken.slice(0, -4)}AAAA`, '{ environments { totalCount } }');
    expect(forged.status).toBe(401);
    expect(JSON.stringify(forged.body)).not.toMatch(/stack|at .*\.js/);
  });

  it('answers federation and health probes', async () => {
    const service = await graphql(null, '{ _service { sdl } }');
    expect(service.body.data._service.sdl).toContain('type Environment implements Node');
    expect((await fetch(url.replace('/graphql', '/health/live'))).status).toBe(200);
    const ready = await fetch(url.replace('/graphql', '/health/ready'));
    expect(await ready.json()).toEqual({ status: 'ok', pending: 0 });
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
