import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../support/database.js';
import { ServerExited, startServer, stopServers, tempDir } from '../support/process.js';

/**
 * Settings from a `.env` file in the working directory, the environment winning over it, and a bad
 * setting stopping the compiled server at start with a message naming it. The store plays no part,
 * so this runs once, in the SQLite project.
 */
/** Runs the server in a directory holding `dotenv` as its .env: the URL it listens at, or how it ended. */
async function run(dotenv: string, env: Record<string, string> = {}): Promise<{ url?: string; code: number | null; stderr: string }> {
  const dir = tempDir('cp-dotenv-');
  writeFileSync(join(dir, '.env'), dotenv.replaceAll('$DIR', dir));
  try {
    const server = await startServer({ PATH: process.env.PATH, HOME: process.env.HOME, ...env }, { cwd: dir });
    server.child.kill('SIGTERM'); // listening: all this test needs to know
    const { code } = await server.closed;
    return { url: server.url, code, stderr: server.stderr() };
  } catch (error) {
    if (error instanceof ServerExited) return { code: error.code, stderr: error.stderr };
    throw error;
  }
}

afterAll(stopServers);

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
