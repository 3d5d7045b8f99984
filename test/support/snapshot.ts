import { expect } from 'vitest';
import type { TestApp } from './app.js';

/** Every table a mutation can write, the change feed of cache invalidations, the deleted clients, the IdP intents and the audit trail included. */
const TABLES = ['environment', 'client_provider', 'provider_link', 'client', 'cache_invalidation', 'deleted_client', 'idp_intent', 'audit_event'] as const;
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

/**
 * Sends a mutation and asserts the store is exactly as it was before — but for the audit trail,
 * which may have gained FAILURE events (an IdP call that was refused or failed is recorded,
 * although nothing changed), never anything else.
 */
export async function unchanged<T>(t: TestApp, send: () => Promise<T>): Promise<T> {
  const before = await snapshot(t);
  const result = await send();
  const after = await snapshot(t);
  expect({ ...after, audit_event: null }).toStrictEqual({ ...before, audit_event: null });
  const known = new Set((JSON.parse(before.audit_event) as { id: string }[]).map((event) => event.id));
  const added = (JSON.parse(after.audit_event) as { id: string; outcome: string }[]).filter((event) => !known.has(event.id));
  expect(added.map((event) => event.outcome)).toEqual(added.map(() => 'FAILURE'));
  return result;
}
