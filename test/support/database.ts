import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Config } from '../../src/config.js';

/** Which store this test run uses: the vitest project sets TEST_DB (sqlite | postgres). */
export const TEST_DB = (process.env.TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  store: Config['store'];
  /** The SQLite file, when the store is SQLite. */
  file?: string;
  drop(): Promise<void>;
}

/** A new, empty database of the run's kind: a temporary SQLite file or a new PostgreSQL database. */
export async function createTestDatabase(kind: 'sqlite' | 'postgres' = TEST_DB): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cp-test-'));
    const file = join(dir, 'store.sqlite3');
    return { store: { kind: 'sqlite', file }, file, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `cp_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    store: { kind: 'postgresql', url: url.toString() },
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
