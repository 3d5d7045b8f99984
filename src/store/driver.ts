import type { EntityManager, Knex } from '@mikro-orm/knex';
import { LRUCache } from 'lru-cache';

/**
 * Statements sent to the driver by the store's own code (single-statement writes and look-ups in
 * statements.ts, the read path's rows in rows.ts, the data version). MikroORM's `execute` formats
 * every value into the statement's text and sends it through MikroORM's and knex's runners; on
 * SQLite each statement, however often it was sent before, was then a new text for SQLite to parse
 * and plan (with the triggers of its table). Here each goes to the driver's connection itself, the
 * one knex would use (the caller's transaction's, or one from the write or read pool, given back
 * after), with its values bound as MikroORM would have written them:
 * - SQLite: each text prepared once per connection and kept (at most MAX_PREPARED a connection,
 *   the least recently used finalized first);
 * - PostgreSQL: node-postgres's parameterized query (`$1`, `$2`, …), unnamed, so nothing is kept on
 *   the server and any connection pooler in between is fine.
 * Every statement is still announced to knex's `query` listeners (statement counts, store/orm.ts)
 * and logged as MikroORM logs its own at debug level, and a driver's error becomes MikroORM's
 * exception (a unique violation stays one).
 */

/** Statement texts kept prepared per SQLite connection. */
const MAX_PREPARED = 100;

interface RunResult {
  changes: number;
}
interface SqliteStatement {
  run(params: unknown[], done: (this: RunResult, error: Error | null) => void): void;
  all(params: unknown[], done: (error: Error | null, rows: Record<string, unknown>[]) => void): void;
  finalize(done?: () => void): void;
}
interface SqliteConnection {
  prepare(sql: string, done: (error: Error | null) => void): SqliteStatement;
  close(done: (error: Error | null) => void): void;
}
interface PostgresConnection {
  query(query: { text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}
interface KnexClient {
  dialect: string;
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
  emit(event: 'query', data: { sql: string; bindings: unknown[] }): void;
  /** PostgreSQL's: `?` placeholders as `$1`, `$2`, … */
  positionBindings?(sql: string): string;
}

export type Method = 'all' | 'run';
/** What a `run` gives back, as MikroORM's execute gives it. */
export interface Affected {
  affectedRows: number;
}

const preparedOn = new WeakMap<SqliteConnection, LRUCache<string, Promise<SqliteStatement>>>();

/** Prepares a text; a text that does not prepare is refused here (the driver would drop what was queued on it without a word). */
const prepare = (connection: SqliteConnection, sql: string): Promise<SqliteStatement> =>
  new Promise((resolve, reject) => {
    const statement = connection.prepare(sql, (error) => (error ? reject(error) : resolve(statement)));
  });

const finalize = (statement: Promise<SqliteStatement>): Promise<void> =>
  statement.then(
    (prepared) => new Promise<void>((resolve) => prepared.finalize(() => resolve())),
    () => undefined,
  );

/**
 * The statements kept prepared on a connection: each one dropped (past MAX_PREPARED, the least
 * recently used; or after it failed) is finalized, and the connection finalizes the rest before it
 * closes (SQLite would not close it with statements left).
 */
function keptOn(connection: SqliteConnection): LRUCache<string, Promise<SqliteStatement>> {
  let kept = preparedOn.get(connection);
  if (!kept) {
    const finalizing = new Set<Promise<void>>();
    kept = new LRUCache<string, Promise<SqliteStatement>>({
      max: MAX_PREPARED,
      dispose: (statement) => {
        const done = finalize(statement);
        finalizing.add(done);
        void done.then(() => finalizing.delete(done));
      },
    });
    preparedOn.set(connection, kept);
    const statements = kept;
    const close = connection.close.bind(connection);
    connection.close = (done) => {
      statements.clear();
      void Promise.all(finalizing).then(() => close(done));
    };
  }
  return kept;
}

/** The connection's prepared statement for `sql`, prepared now if it is not kept. */
function statementFor(connection: SqliteConnection, sql: string): Promise<SqliteStatement> {
  const kept = keptOn(connection);
  let statement = kept.get(sql);
  if (!statement) kept.set(sql, (statement = prepare(connection, sql)));
  return statement;
}

/** Drops a statement that failed (it is prepared again next time), unless another took its place meanwhile. */
function forget(connection: SqliteConnection, sql: string, statement: Promise<SqliteStatement>): void {
  const kept = preparedOn.get(connection);
  if (kept?.peek(sql) === statement) kept.delete(sql);
}

/**
 * A value bound as MikroORM's platforms write it into a text. The drivers bind most values as the
 * texts gave them: node-sqlite3 a date as its milliseconds (a whole number past 32 bits as a
 * REAL, which the store's columns, of NUMERIC or INTEGER affinity, keep as the integer the text
 * gave), a boolean as 1 or 0, undefined as null; node-postgres a date with its offset (into
 * columns that are all `timestamptz`), a boolean as `true` or `false`. Left here: a plain object or
 * a list as JSON (JSON columns come as text already, from their custom type); a bigint as a number
 * (node-sqlite3 would bind null), and what no text could have held refused, as its statement failed
 * before: an invalid date, a number that is not finite (both drivers would store null or fail
 * later), a bigint past 2^53.
 */
function bindable(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`a statement cannot bind ${value}`);
      return value;
    case 'bigint':
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new TypeError(`a statement cannot bind ${value} exactly`);
      return Number(value);
    case 'object':
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new TypeError('a statement cannot bind an invalid date');
        return value;
      }
      return Buffer.isBuffer(value) ? value : JSON.stringify(value);
    default:
      return value;
  }
}

async function runOnSqlite(connection: SqliteConnection, sql: string, params: unknown[], method: Method): Promise<unknown> {
  const statement = statementFor(connection, sql);
  try {
    const prepared = await statement;
    return await new Promise((resolve, reject) => {
      if (method === 'run') prepared.run(params, function (error) {
        if (error) reject(error);
        else resolve({ affectedRows: this.changes } satisfies Affected);
      });
      else prepared.all(params, (error, rows) => (error ? reject(error) : resolve(rows)));
    });
  } catch (error) {
    forget(connection, sql, statement);
    throw error;
  }
}

async function runOnPostgres(connection: PostgresConnection, text: string, values: unknown[], method: Method): Promise<unknown> {
  const result = await connection.query({ text, values });
  return method === 'run' ? ({ affectedRows: result.rowCount ?? 0 } satisfies Affected) : result.rows;
}

/**
 * Runs one statement (`?` placeholders, values in `params`): in the caller's transaction when there
 * is one, otherwise on the write connection, or on a read connection with `on: 'read'`. Resolves
 * with the rows for `all`, with `{ affectedRows }` for `run`.
 */
export async function execute<T = Record<string, unknown>[]>(em: EntityManager, sql: string, params: readonly unknown[], method: Method = 'all', on: 'read' | 'write' = 'write'): Promise<T> {
  const transaction = em.getTransactionContext<Knex.Transaction>();
  // As knex refuses a query on a transaction that has ended: its connection may be another's by now.
  if (transaction?.isCompleted()) throw new Error(`the transaction has ended; the statement was not sent: ${sql}`);
  const client = (transaction ?? em.getKnex(on)).client as unknown as KnexClient;
  const sqlite = client.dialect === 'sqlite3';
  const values = params.map(bindable);
  client.emit('query', { sql, bindings: values });
  const started = Date.now();
  let connection: unknown;
  try {
    connection = await client.acquireConnection();
    const result = sqlite
      ? await runOnSqlite(connection as SqliteConnection, sql, values, method)
      : await runOnPostgres(connection as PostgresConnection, client.positionBindings!(sql), values, method);
    log(em, sql, values, started);
    return result as T;
  } catch (error) {
    log(em, sql, values, started, 'error');
    throw em.getDriver().convertException(error as Error);
  } finally {
    if (!transaction && connection) await client.releaseConnection(connection);
  }
}

/** As MikroORM logs its own statements (only when its debug logging is on: LOG_LEVEL debug or trace). */
function log(em: EntityManager, query: string, params: unknown[], started: number, level?: 'error'): void {
  if (!em.config.get('debug')) return;
  const text = em.config.getLogger().isEnabled('query-params') ? em.getPlatform().formatQuery(query, params) : query;
  (em.getConnection() as unknown as { logQuery(query: string, context: object): void }).logQuery(text, { params, took: Date.now() - started, ...(level ? { level } : {}) });
}
