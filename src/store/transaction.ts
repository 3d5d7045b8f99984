import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { UserErrorCode, UserErrors } from '../core/errors.js';
import { AuditOutcome, type AuditEntry } from '../core/audit.js';
import type { CacheInvalidation, Clock } from '../core/ports.js';
import { AuditEvent } from './entities/audit-event.entity.js';
import type { Invalidations, PublishedInvalidation } from './invalidations.js';
import { insertRows } from './statements.js';

/** What a unit of work sees: its transaction's entity manager, and a way to say which cached answers it makes stale. */
export interface Transaction {
  em: EntityManager;
  /**
   * Published with the transaction (the durable feed on PostgreSQL is written inside it) and
   * applied to the caches, on every replica, only once it has committed: before that, a token
   * check in between would cache the old rows again.
   */
  invalidate(invalidation: CacheInvalidation): void;
  /** Written in this transaction: the change and its audit event commit, or roll back, together. */
  audit(entry: AuditEntry): void;
}

/**
 * Runs units of work, each in one transaction, so that a refused or failed mutation leaves the
 * store as it was. A unique-constraint race that a pre-check could not see becomes the given
 * userError; one that a concurrent write caused becomes CONFLICT.
 */
export class Transactions {
  constructor(
    private readonly invalidations: Invalidations,
    private readonly clock: Clock,
  ) {}

  async run<T>(em: EntityManager, work: (tx: Transaction) => Promise<T>, onUniqueViolation?: () => UserErrors): Promise<T> {
    const published: CacheInvalidation[] = [];
    let result: T;
    let records: PublishedInvalidation[] = [];
    try {
      result = await em.transactional(async (txEm) => {
        const audited: AuditEntry[] = [];
        const value = await work({ em: txEm, invalidate: (invalidation) => void published.push(invalidation), audit: (entry) => void audited.push(entry) });
        if (audited.length > 0) await insertRows(txEm, audited.map((entry) => this.auditEvent(entry)));
        if (published.length > 0) records = await this.invalidations.record(txEm, published);
        return value;
      });
    } catch (error) {
      if (onUniqueViolation && error instanceof UniqueConstraintViolationException) throw onUniqueViolation();
      // A concurrent write took away (or added) a row this one depended on: nothing was changed.
      if (error instanceof ForeignKeyConstraintViolationException) {
        throw UserErrors.of(UserErrorCode.CONFLICT, 'A concurrent change got in the way; nothing was changed, try again');
      }
      throw error;
    }
    this.invalidations.committed(records);
    return result;
  }

  /** An audit event on its own: for what left no change to commit with (an IdP call that failed). */
  async audit(em: EntityManager, entry: AuditEntry): Promise<void> {
    await this.run(em.fork(), async ({ audit }) => audit(entry));
  }

  private auditEvent(entry: AuditEntry): AuditEvent {
    return Object.assign(new AuditEvent(), {
      orgId: entry.actor.org,
      occurredAt: new Date(this.clock()),
      actor: entry.actor.sub.slice(0, 255),
      action: entry.action,
      targetId: entry.targetId,
      environmentId: entry.environmentId ?? null,
      providerId: entry.providerId ?? null,
      clientId: entry.clientId ?? null,
      outcome: entry.outcome ?? AuditOutcome.SUCCESS,
      errorCode: entry.errorCode ?? null,
      summary: entry.summary,
      changes: entry.changes && entry.changes.length > 0 ? entry.changes : null,
    });
  }
}
