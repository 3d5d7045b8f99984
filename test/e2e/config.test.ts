import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../support/database.js';

/**
 * Settings from a `.env` file in the working directory, the environment winning over it, and a bad
 * setting stopping the compiled server at start with a message naming it. The store plays no part,
 * so this runs once, in the SQLite project.
 */
const main = join(import.meta.dirname, '..', '..', 'dist', 'main.js');
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the server in a directory holding `dotenv` as its .env; resolves at its first log line with a URL, or at exit. */
function run(dotenv: string, env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string; url?: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-dotenv-'));
  dirs.push(dir);
  writeFileSync(join(dir, '.env'), dotenv.replaceAll('$DIR', dir));
  const child = spawn(process.execPath, [main], { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let url: string | undefined;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no answer from the server in 20 s: ${stderr}`));
    }, 20_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      url ??= /"url":"([^"]+)"/.exec(stdout)?.[1];
      if (url && child.signalCode === null && !child.killed) child.kill('SIGTERM'); // listening: all this test needs to know
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, url });
    });
  });
}

describe.runIf(TEST_DB === 'sqlite')('configuration at start', () => {
  it('reads .env from the working directory, and the environment wins over it', async () => {
    const fromFile = await run('PORT=0\nHOST=127.0.0.1\nDATA_DIR=$DIR/data\n');
    expect(fromFile.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(fromFile.code).toBe(0);

    const overridden = await run('PORT=0\nHOST=0.0.0.0\nDATA_DIR=$DIR/data\n', { HOST: '127.0.0.1' });
    expect(overridden.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });

  it('stops with exit code 2 and a message naming each bad setting, from .env or the environment', async () => {
    const bad = await run('PORT=0\nHOST=127.0.0.1\nDATA_DIR=$DIR/data\nPLAYGROUND=perhaps\nCORS_ORIGINS=console.example.com\n', { SHUTDOWN_GRACE_SECONDS: 'soon' });
    expect(bad.url).toBeUndefined();
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Invalid configuration');
    expect(bad.stderr).toContain('PLAYGROUND: must be true or false');
    expect(bad.stderr).toMatch(/CORS_ORIGINS: "console\.example\.com" is not an origin/);
    expect(bad.stderr).toMatch(/SHUTDOWN_GRACE_SECONDS: /);
    expect(bad.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });
});
