import { expect } from 'vitest';
import type { TestApp } from './app.js';

/** Every table a mutation can write, the change feed of cache invalidations, the deleted clients and the IdP intents included. */
const TABLES = ['environment', 'client_provider', 'provider_link', 'client', 'cache_invalidation', 'deleted_client', 'idp_intent'] as const;
export type Snapshot = Record<(typeof TABLES)[number], string>;

/** Every row of every table, serialised (dates, JSON and booleans as the driver returns them). */
export async function snapshot(t: TestApp): Promise<Snapshot> {
  const connection = t.app.orm.em.fork().getConnection();
  const result = {} as Snapshot;
  for (const table of TABLES) {
    const rows: Record<string, unknown>[] = await connection.execute(`select * from ${table} order by id`);
    result[table] = JSON.stringify(rows, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('hex') : value));
  }
  return result;
}

export const rowCounts = (s: Snapshot) => Object.fromEntries(TABLES.map((table) => [table, (JSON.parse(s[table]) as unknown[]).length]));

/** Sends a mutation and asserts the store is exactly as it was before. */
export async function unchanged<T>(t: TestApp, send: () => Promise<T>): Promise<T> {
  const before = await snapshot(t);
  const result = await send();
  expect(await snapshot(t)).toStrictEqual(before);
  return result;
}
