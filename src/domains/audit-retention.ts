import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import type { Clock } from '../core/ports.js';
import { pruneAuditEvents } from '../store/audit-trail.js';
import type { Orm } from '../store/orm.js';
import { Periodic } from './periodic.js';

const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * Removes audit events older than AUDIT_RETENTION_DAYS, hourly and in bounded batches; 0 days keeps
 * them forever. Replicas pruning at once delete the same old rows at most twice over: harmless.
 */
export class AuditRetention extends Periodic<number> {
  constructor(
    private readonly orm: Orm,
    private readonly retentionMs: number,
    private readonly deps: { clock: Clock; logger: Logger },
  ) {
    super('audit retention', retentionMs > 0 ? PRUNE_EVERY_MS : 0, deps.logger);
  }

  /** How many events the pass removed. */
  protected async pass(stopped: () => boolean): Promise<number> {
    if (this.retentionMs <= 0) return 0;
    const before = new Date(this.deps.clock() - this.retentionMs);
    const prune = () => pruneAuditEvents(this.orm.em.fork() as EntityManager, before);
    let removed = 0;
    for (let batch = await prune(); batch > 0 && !stopped(); batch = await prune()) removed += batch;
    if (removed > 0) this.deps.logger.info({ removed, before }, 'audit events past their retention removed');
    return removed;
  }
}
