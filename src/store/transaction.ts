import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { UserErrorCode, UserErrors } from '../core/errors.js';
import type { CacheInvalidation } from '../core/ports.js';
import type { Invalidations, PublishedInvalidation } from './invalidations.js';

/** What a unit of work sees: its transaction's entity manager, and a way to say which cached answers it makes stale. */
export interface Transaction {
  em: EntityManager;
  /**
   * Published with the transaction (the durable feed on PostgreSQL is written inside it) and
   * applied to the caches, on every replica, only once it has committed: before that, a token
   * check in between would cache the old rows again.
   */
  invalidate(invalidation: CacheInvalidation): void;
}

/**
 * Runs units of work, each in one transaction, so that a refused or failed mutation leaves the
 * store as it was. A unique-constraint race that a pre-check could not see becomes the given
 * userError; one that a concurrent write caused becomes CONFLICT.
 */
export class Transactions {
  constructor(private readonly invalidations: Invalidations) {}

  async run<T>(em: EntityManager, work: (tx: Transaction) => Promise<T>, onUniqueViolation?: () => UserErrors): Promise<T> {
    const published: CacheInvalidation[] = [];
    let result: T;
    let records: PublishedInvalidation[] = [];
    try {
      result = await em.transactional(async (txEm) => {
        const value = await work({ em: txEm, invalidate: (invalidation) => void published.push(invalidation) });
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
}
