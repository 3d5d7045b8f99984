import type { EntityManager } from '@mikro-orm/knex';
import type { Subscriber } from 'pg-listen';
import type { Logger } from 'pino';
import { newId } from '../core/ids.js';
import type { CacheInvalidation, Clock, InvalidationObserver, InvalidationSink } from '../core/ports.js';
import { CacheInvalidationRecord } from './entities/cache-invalidation.entity.js';
import type { Orm } from './orm.js';

/** An invalidation with the id it was published under (each is applied once per replica). */
export interface PublishedInvalidation {
  id: string;
  invalidation: CacheInvalidation;
}

/** How this replica hears about changes, for health and metrics. */
export interface InvalidationState {
  /** in-process: one process, nothing to hear; otherwise the PostgreSQL feed. */
  mode: 'in-process' | 'feed';
  /** Whether the LISTEN connection is up (announcements arrive within milliseconds). */
  listening: boolean;
  /** Seconds since this replica last confirmed it had every change (a successful read of the feed). */
  lagSeconds: number;
  /** Whether positive cached answers may be served: the lag is within the bound. */
  inSync: boolean;
}

/** Publishes invalidations with their transaction and applies them to this replica's caches. */
export interface Invalidations {
  /** Inside the change's transaction. */
  record(em: EntityManager, invalidations: CacheInvalidation[]): Promise<PublishedInvalidation[]>;
  /** Once it has committed: applied here at once (other replicas hear it from the feed). */
  committed(published: PublishedInvalidation[]): void;
  state(): InvalidationState;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The embedded store has one process: an invalidation is applied where it was made, after its commit. */
export class InProcessInvalidations implements Invalidations {
  constructor(
    private readonly sink: InvalidationSink,
    private readonly observer?: InvalidationObserver,
  ) {}

  async record(_em: EntityManager, invalidations: CacheInvalidation[]): Promise<PublishedInvalidation[]> {
    return invalidations.map((invalidation) => ({ id: newId(), invalidation }));
  }

  committed(published: PublishedInvalidation[]): void {
    for (const { invalidation } of published) {
      this.sink.apply(invalidation);
      this.observer?.applied(invalidation.kind, 'local');
    }
  }

  state(): InvalidationState {
    return { mode: 'in-process', listening: false, lagSeconds: 0, inSync: true };
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

export interface FeedSettings {
  /** How often the feed is read (also while LISTEN is up: it is what proves this replica is in sync). */
  pollMs: number;
  /** Past this long without a successful read, positive cached answers are not served. */
  maxLagMs: number;
}

const CHANNEL = 'cache_invalidation';
/**
 * Each read goes back this far before the previous one: for rows whose transaction committed late,
 * and for replicas whose clocks differ (rows carry the writer's time), by up to this much.
 */
const OVERLAP_MS = 30_000;
/** Rows older than this are deleted (by any replica). */
const RETENTION_MS = 60 * 60_000;
const PRUNE_EVERY_MS = 60_000;
/** How long stopping waits for a read of the feed in flight, and for the listener to close. */
const STOP_WAIT_MS = 1_000;

/** Waits for `work` (if any), for `ms` at most. */
async function atMost(work: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (!work) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * Invalidations across replicas on PostgreSQL: each is a row of the durable feed, written in the
 * change's transaction; a trigger NOTIFYs every listener on commit (LISTEN on a dedicated
 * connection that reconnects by itself), and every replica also reads the feed every `pollMs`,
 * which catches up whatever an announcement missed (a lost listener, a restart of the database)
 * and is what says the replica is in sync. Applying is idempotent and deduplicated by id.
 */
export class PostgresInvalidations implements Invalidations {
  private subscriber?: Subscriber;
  private listening = false;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = false;
  /** When the last successful read started (so it saw everything committed before then, less the overlap). */
  private syncedAt: number;
  private lastPruneAt = 0;
  private readonly applied = new Map<string, number>();
  private reportedFailure = false;

  constructor(
    private readonly orm: Orm,
    private readonly url: string,
    private readonly sink: InvalidationSink,
    private readonly settings: FeedSettings,
    private readonly deps: { logger: Logger; clock: Clock; observer?: InvalidationObserver },
  ) {
    this.syncedAt = deps.clock();
  }

  async record(em: EntityManager, invalidations: CacheInvalidation[]): Promise<PublishedInvalidation[]> {
    const createdAt = new Date(this.deps.clock());
    const rows = invalidations.map((invalidation) => ({
      id: newId(),
      kind: invalidation.kind,
      providerId: invalidation.kind === 'routes' ? null : invalidation.providerId,
      clientId: invalidation.kind === 'client' ? invalidation.clientId : null,
      createdAt,
    }));
    await em.insertMany(CacheInvalidationRecord, rows);
    return rows.map((row, index) => ({ id: row.id, invalidation: invalidations[index]! }));
  }

  committed(published: PublishedInvalidation[]): void {
    for (const { id, invalidation } of published) this.applyOnce(id, invalidation, 'local');
  }

  state(): InvalidationState {
    const lagMs = Math.max(0, this.deps.clock() - this.syncedAt);
    return { mode: 'feed', listening: this.listening, lagSeconds: lagMs / 1000, inSync: lagMs <= this.settings.maxLagMs };
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.poll();
    await this.listen();
    this.timer = setInterval(() => void this.tick(), this.settings.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    // A read in flight is waited for a moment at most: its result is not needed any more, and when
    // the store does not answer it lasts as long as the pool's wait for a connection (a minute).
    await atMost(this.polling, STOP_WAIT_MS);
    this.listening = false;
    await atMost(this.subscriber?.close().catch(() => undefined), STOP_WAIT_MS);
  }

  private async tick(): Promise<void> {
    if (this.polling || this.stopped) return; // one read at a time
    this.polling = this.poll().finally(() => (this.polling = undefined));
    await this.polling;
    if (!this.subscriber && !this.stopped) await this.listen();
  }

  /** Reads what was published since the last read (with an overlap), applying what is new here. */
  private async poll(): Promise<void> {
    const started = this.deps.clock();
    try {
      const rows = await (this.orm.em.fork() as EntityManager).find(
        CacheInvalidationRecord,
        { createdAt: { $gt: new Date(this.syncedAt - OVERLAP_MS) } },
        { orderBy: { createdAt: 'asc', id: 'asc' } },
      );
      for (const row of rows) {
        const invalidation = fromRow(row);
        if (invalidation) this.applyOnce(row.id, invalidation, 'feed');
      }
      this.syncedAt = started;
      this.forgetApplied(started);
      if (this.reportedFailure) this.deps.logger.info('reading the cache invalidation feed works again');
      this.reportedFailure = false;
      if (started - this.lastPruneAt > PRUNE_EVERY_MS) {
        this.lastPruneAt = started;
        await (this.orm.em.fork() as EntityManager).nativeDelete(CacheInvalidationRecord, { createdAt: { $lt: new Date(started - RETENTION_MS) } });
      }
    } catch (err) {
      if (!this.reportedFailure) {
        this.deps.logger.warn({ err }, 'reading the cache invalidation feed failed; cached positive answers stop being served once it lags too far');
      }
      this.reportedFailure = true;
    }
  }

  /** LISTEN on a dedicated connection; pg-listen reconnects it, and each reconnection is followed by a read of the feed. */
  private async listen(): Promise<void> {
    // Loaded only on PostgreSQL. A CommonJS module: its function is the default export's `default`.
    const { default: pgListen } = await import('pg-listen');
    const subscriber = pgListen.default(
      { connectionString: this.url, application_name: 'client-providers:invalidations' },
      { paranoidChecking: Math.max(1000, this.settings.pollMs), retryInterval: 500, retryLimit: Infinity, retryTimeout: 0 },
    );
    subscriber.notifications.on(CHANNEL, (payload: unknown) => {
      const { id, ...row } = (payload ?? {}) as { id?: unknown; kind?: unknown; providerId?: unknown; clientId?: unknown };
      const invalidation = fromRow(row);
      if (typeof id === 'string' && invalidation) this.applyOnce(id, invalidation, 'notification');
    });
    subscriber.events.on('connected', () => {
      this.listening = true;
      void this.tick(); // whatever was announced while it was away
    });
    subscriber.events.on('reconnect', () => {
      this.listening = false;
    });
    subscriber.events.on('error', (err: Error) => {
      this.listening = false;
      this.deps.logger.warn({ err }, 'the cache invalidation listener lost its connection; the feed is read meanwhile');
    });
    try {
      await subscriber.connect();
      await subscriber.listenTo(CHANNEL);
      this.subscriber = subscriber;
    } catch (err) {
      this.listening = false;
      await subscriber.close().catch(() => undefined);
      this.deps.logger.warn({ err }, 'the cache invalidation listener could not connect; the feed is read meanwhile');
    }
  }

  private applyOnce(id: string, invalidation: CacheInvalidation, source: 'local' | 'notification' | 'feed'): void {
    if (this.applied.has(id)) return;
    this.applied.set(id, this.deps.clock());
    this.sink.apply(invalidation);
    this.deps.observer?.applied(invalidation.kind, source);
  }

  /** Ids older than any read can return again need not be remembered. */
  private forgetApplied(now: number): void {
    for (const [id, at] of this.applied) {
      if (at >= now - 3 * OVERLAP_MS) break; // insertion order is time order
      this.applied.delete(id);
    }
  }
}

function fromRow(row: { kind?: unknown; providerId?: unknown; clientId?: unknown }): CacheInvalidation | undefined {
  if (row.kind === 'routes') return { kind: 'routes' };
  if (row.kind === 'provider' && typeof row.providerId === 'string') return { kind: 'provider', providerId: row.providerId };
  if (row.kind === 'client' && typeof row.providerId === 'string' && typeof row.clientId === 'string') {
    return { kind: 'client', providerId: row.providerId, clientId: row.clientId };
  }
  return undefined;
}
