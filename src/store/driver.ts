import type { EntityManager, Knex } from '@mikro-orm/knex';

/**
 * Statements sent to the driver by the store's own code (single-statement writes and look-ups in
 * statements.ts, the read path's rows in rows.ts, the data version). MikroORM's `execute` formats
 * every value into the statement's text, so on SQLite each statement, however often it was sent
 * before, was a new text for SQLite to parse and plan (with the triggers of its table), and it went
 * through MikroORM's and knex's runners on the way. Here, on SQLite, each text is prepared once per
 * connection and kept (at most MAX_PREPARED per connection, least recently used finalized first),
 * and its values are bound as MikroORM would have written them. The connection is the one knex
 * would use: the caller's transaction's, or one from the write or read pool, given back after.
 * Every statement is still announced to knex's `query` listeners (statement counts, store/orm.ts)
 * and logged as MikroORM logs its own at debug level, and a driver's error becomes MikroORM's
 * exception (a unique violation stays one). On PostgreSQL, MikroORM's `execute` as before.
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
interface KnexClient {
  dialect: string;
  acquireConnection(): Promise<SqliteConnection>;
  releaseConnection(connection: SqliteConnection): Promise<unknown>;
  emit(event: 'query', data: { sql: string; bindings: unknown[] }): void;
}

export type Method = 'all' | 'run';
/** What a `run` gives back, as MikroORM's execute gives it. */
export interface Affected {
  affectedRows: number;
}

const preparedOn = new WeakMap<SqliteConnection, Map<string, Promise<SqliteStatement>>>();

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

/** The statements kept prepared on a connection, which finalizes them before it closes (SQLite would not close it with statements left). */
function keptOn(connection: SqliteConnection): Map<string, Promise<SqliteStatement>> {
  let kept = preparedOn.get(connection);
  if (!kept) {
    preparedOn.set(connection, (kept = new Map()));
    const statements = kept;
    const close = connection.close.bind(connection);
    connection.close = (done) => {
      const all = [...statements.values()];
      statements.clear();
      void Promise.all(all.map(finalize)).then(() => close(done));
    };
  }
  return kept;
}

/** The connection's prepared statement for `sql`, prepared now if it is not kept (the least recently used is finalized past MAX_PREPARED). */
function statementFor(connection: SqliteConnection, sql: string): Promise<SqliteStatement> {
  const kept = keptOn(connection);
  let statement = kept.get(sql);
  if (statement) {
    kept.delete(sql); // most recently used last
  } else {
    statement = prepare(connection, sql);
    if (kept.size >= MAX_PREPARED) {
      const [oldest, dropped] = kept.entries().next().value as [string, Promise<SqliteStatement>];
      kept.delete(oldest);
      void finalize(dropped);
    }
  }
  kept.set(sql, statement);
  return statement;
}

/** Drops a statement that failed (it is prepared again next time), unless another took its place meanwhile. */
function forget(connection: SqliteConnection, sql: string, statement: Promise<SqliteStatement>): void {
  const kept = preparedOn.get(connection);
  if (kept?.get(sql) !== statement) return;
  kept.delete(sql);
  void finalize(statement);
}

/**
 * A value bound as MikroORM's SQLite platform writes it into a text: a date as its milliseconds, a
 * boolean as 1 or 0, a plain object as JSON. (The driver binds a whole number past 32 bits, such as
 * a date's milliseconds, as a REAL; the store's columns, of NUMERIC or INTEGER affinity, keep it as
 * the integer the text gave.)
 */
function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value;
}

async function runOn(connection: SqliteConnection, sql: string, params: unknown[], method: Method): Promise<unknown> {
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

/**
 * Runs one statement (`?` placeholders, values in `params`): in the caller's transaction when there
 * is one, otherwise on the write connection, or on a read connection with `on: 'read'`. Resolves
 * with the rows for `all`, with `{ affectedRows }` for `run`.
 */
export async function execute<T = Record<string, unknown>[]>(em: EntityManager, sql: string, params: readonly unknown[], method: Method = 'all', on: 'read' | 'write' = 'write'): Promise<T> {
  const transaction = em.getTransactionContext<Knex.Transaction>();
  const client = (transaction ?? em.getKnex(on)).client as unknown as KnexClient;
  if (client.dialect !== 'sqlite3') {
    try {
      return (await (transaction || on === 'write' ? em.execute(sql, [...params], method) : em.getConnection('read').execute(sql, [...params], method))) as T;
    } catch (error) {
      throw em.getDriver().convertException(error as Error);
    }
  }
  const values = params.map(bindable);
  client.emit('query', { sql, bindings: values });
  const connection = await client.acquireConnection();
  const started = Date.now();
  try {
    const result = await runOn(connection, sql, values, method);
    log(em, sql, values, started);
    return result as T;
  } catch (error) {
    log(em, sql, values, started, 'error');
    throw em.getDriver().convertException(error as Error);
  } finally {
    if (!transaction) await client.releaseConnection(connection);
  }
}

/** As MikroORM logs its own statements (only when its debug logging is on: LOG_LEVEL debug or trace). */
function log(em: EntityManager, query: string, params: unknown[], started: number, level?: 'error'): void {
  if (!em.config.get('debug')) return;
  const text = em.config.getLogger().isEnabled('query-params') ? em.getPlatform().formatQuery(query, params) : query;
  (em.getConnection() as unknown as { logQuery(query: string, context: object): void }).logQuery(text, { params, took: Date.now() - started, ...(level ? { level } : {}) });
}
