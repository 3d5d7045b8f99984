import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/knex';
import { FlushMode } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { AuditEvent } from './entities/audit-event.entity.js';
import { CacheInvalidationRecord } from './entities/cache-invalidation.entity.js';
import { ClientProvider } from './entities/client-provider.entity.js';
import { DeletedClient } from './entities/deleted-client.entity.js';
import { IdpIntent } from './entities/idp-intent.entity.js';
import { ProviderReconciliation } from './entities/provider-reconciliation.entity.js';
import { ProviderLink } from './entities/provider-link.entity.js';
import { Client } from './entities/client.entity.js';
import { ClientTally } from './entities/client-tally.entity.js';
import { DataVersion } from './entities/data-version.entity.js';
import { Environment } from './entities/environment.entity.js';
import { loadMigrations, migrationNames } from './migrations/index.js';

export const entities = [Environment, ClientProvider, ProviderLink, Client, CacheInvalidationRecord, DeletedClient, IdpIntent, ProviderReconciliation, ClientTally, DataVersion, AuditEvent];

export type Orm = MikroORM;

/** Which store to open: the embedded SQLite file, or a PostgreSQL database shared by replicas. */
export type StoreSettings = { kind: 'sqlite'; file: string } | { kind: 'postgresql'; url: string };

export interface OpenStoreOptions {
  /** Called with every SQL statement sent, e.g. to count statements in tests. */
  onQuery?: (sql: string) => void;
  /** Where the ORM's own messages (e.g. applied migrations) go. */
  logger?: Logger;
}

const common = {
  entities,
  discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
  forceUtcTimezone: true,
  allowGlobalContext: false,
  ensureDatabase: false,
  // Writes reach the database only when a mutation's transaction commits, never half-way.
  flushMode: FlushMode.COMMIT,
};
const MIGRATIONS = { tableName: 'mikro_orm_migrations', transactional: true, allOrNothing: true, snapshot: false };

/** Read connections beside the one that writes (two cores: SQLite works in libuv's pool of four threads). */
const SQLITE_READERS = 2;

type SqliteConnection = { exec(sql: string, done: (error: Error | null) => void): void };
const sqlitePragmas = (sql: string) => (connection: SqliteConnection, done: (error: Error | null, connection: unknown) => void) =>
  connection.exec(sql, (error) => done(error, connection));

/** Opens the store named by the configuration and brings its schema up to date (migrations only). */
export async function openStore(store: StoreSettings, options: OpenStoreOptions = {}): Promise<Orm> {
  // At LOG_LEVEL debug or trace every SQL statement is logged, with its parameters (secrets are
  // sealed before they reach a statement, so none is readable there).
  const logging = {
    logger: (message: string) => options.logger?.debug({ component: 'store' }, message),
    debug: options.logger?.isLevelEnabled('debug') ? (['query', 'query-params', 'info'] as const).slice() : false,
    colors: false,
  };
  let orm: Orm;
  if (store.kind === 'sqlite') {
    const file = store.file !== ':memory:';
    if (file) mkdirSync(dirname(store.file), { recursive: true });
    // Only the driver of the store in use is loaded.
    const { MikroORM: SqliteORM, defineConfig: defineSqliteConfig } = await import('@mikro-orm/sqlite');
    orm = await SqliteORM.init(
      defineSqliteConfig({
        ...common,
        ...logging,
        dbName: store.file,
        migrations: MIGRATIONS,
        // One connection writes; WAL lets reads run while a write commits, and with
        // synchronous=NORMAL a commit is one write of the log, no fsync (durable across a process
        // crash; a power cut may lose the last commits, never corrupt the file). The busy timeout
        // waits for another process's lock.
        pool: { min: 1, max: 1, afterCreate: sqlitePragmas(`${file ? 'pragma journal_mode = WAL; ' : ''}pragma synchronous = NORMAL; pragma busy_timeout = 5000;`) },
        // Reads outside a transaction (every page a console shows) go to their own connections, so
        // they neither queue behind a write nor behind each other: WAL readers see every committed
        // write and never block the writer. query_only: nothing can write through them.
        replicas: file ? [{ name: 'read', pool: { min: 1, max: SQLITE_READERS, afterCreate: sqlitePragmas('pragma query_only = 1; pragma busy_timeout = 5000;') } }] : [],
      }),
    );
  } else {
    const { MikroORM: PostgresORM, defineConfig: definePostgresConfig } = await import('@mikro-orm/postgresql');
    orm = await PostgresORM.init(
      definePostgresConfig({
        ...common,
        ...logging,
        clientUrl: store.url,
        migrations: MIGRATIONS,
        pool: { min: 0, max: 10 },
      }),
    );
  }
  if (options.onQuery) {
    const onQuery = options.onQuery;
    // The writing connection and the read connections (one pool each).
    for (const knex of new Set([(orm.em as EntityManager).getKnex('write'), (orm.em as EntityManager).getKnex('read')])) {
      knex.on('query', (query: { sql: string }) => onQuery(query.sql));
    }
  }
  if ((await pendingMigrations(orm)) > 0) {
    // The migrator and the migrations' classes are loaded only when there is something to apply.
    const { Migrator } = await import('@mikro-orm/migrations');
    orm.config.set('migrations', { ...orm.config.get('migrations'), migrationsList: await loadMigrations(store.kind) });
    Migrator.register(orm);
    await orm.getMigrator().up();
  }
  return orm;
}

/** The migrations applied to the store, in order. */
export async function executedMigrations(orm: Orm): Promise<string[]> {
  const knex = (orm.em as EntityManager).getKnex();
  if (!(await knex.schema.hasTable(MIGRATIONS.tableName))) return [];
  const rows: { name: string }[] = await knex.select('name').from(MIGRATIONS.tableName).orderBy('id');
  return rows.map((row) => row.name);
}

/** How many of the migrations this build knows are not applied yet (readiness). */
export async function pendingMigrations(orm: Orm): Promise<number> {
  const executed = new Set(await executedMigrations(orm));
  return migrationNames.filter((name) => !executed.has(name)).length;
}
