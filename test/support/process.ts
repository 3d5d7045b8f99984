import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { createTestDatabase, TEST_DB } from './database.js';

/**
 * The compiled server as a child process, started the way `npm start` starts it (`npm test` builds
 * first), with its JSON log lines read as they come, and tokens from `npm run token`.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'server.js');
const run = promisify(execFile);

export type LogLine = Record<string, unknown>;

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  logs: LogLine[];
  stderr(): string;
  /** Settles once the process has exited and its output has been read to the end. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The process ended before it said where it listens. */
export class ServerExited extends Error {
  constructor(
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`server exited with ${code} before listening: ${stderr}`);
  }
}

const children: ChildProcess[] = [];
const cleanups: (() => unknown)[] = [];

/** Rejects when the promise has not settled within ms. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** A temporary directory, removed by stopServers(). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The environment of one server process: its own data directory, and its own database on PostgreSQL. */
export async function serverEnv(): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDir('cp-e2e-'), LOG_LEVEL: 'info', IDP_ALLOWED_NETWORKS: '127.0.0.0/8,::1/128', GRAPHQL_COMPILE_AFTER_RUNS: '0' };
  if (TEST_DB === 'postgres') {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    Object.assign(env, {
      DATABASE_URL: (database.store as { url: string }).url,
      AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
      SECRETS_KEY: randomBytes(32).toString('base64'),
    });
  }
  return env;
}

/** Starts `node dist/server.js` (the bundled server `npm start` runs) and resolves once it logs its URL; rejects with ServerExited if it ends first. */
export async function startServer(env: NodeJS.ProcessEnv, options: { cwd?: string } = {}): Promise<ServerProcess> {
  if (!existsSync(MAIN)) throw new Error('Build first: `npm test` runs `npm run build` before the tests');
  const child = spawn(process.execPath, [MAIN], { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const logs: LogLine[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as LogLine);
    } catch {
      logs.push({ msg: line, unparsed: true });
    }
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  await waitFor('the server to say where it listens', () => logs.some((line) => typeof line.url === 'string') || child.exitCode !== null, 20_000).catch((error: Error) => {
    throw new Error(`${error.message}\nstderr: ${stderr}`);
  });
  const line = logs.find((entry) => typeof entry.url === 'string');
  if (!line) {
    const { code } = await closed;
    throw new ServerExited(code, stderr);
  }
  return { child, url: line.url as string, logs, stderr: () => stderr, closed };
}

/** A bearer token from `npm run token`, as a person would get one. */
export async function npmToken(env: NodeJS.ProcessEnv, org: string, roles: string, sub: string): Promise<string> {
  const { stdout } = await within(30_000, 'npm run token', run('npm', ['run', '-s', 'token', '--', '--org', org, '--roles', roles, '--sub', sub], { cwd: ROOT, env }));
  return stdout.trim();
}

/** Kills what is still running and removes what was made; for afterAll. */
export async function stopServers(): Promise<void> {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(running.map((child) => within(5000, 'killed child', new Promise((resolve) => child.once('exit', resolve)))));
  children.length = 0;
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups.length = 0;
}
