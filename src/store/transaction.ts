import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { UserErrorCode, UserErrors } from '../core/errors.js';

/** What a unit of work sees: its transaction's entity manager, and a way to act once it has committed. */
export interface Transaction {
  em: EntityManager;
  /** Runs after the commit, and only when it succeeded (cache invalidation: never before the new rows are visible). */
  afterCommit(effect: () => void): void;
}

/**
 * Runs one unit of work in one transaction, so that a refused or failed mutation leaves the store
 * as it was. A unique-constraint race that a pre-check could not see becomes the given userError.
 */
export async function inTransaction<T>(
  em: EntityManager,
  work: (tx: Transaction) => Promise<T>,
  onUniqueViolation?: () => UserErrors,
): Promise<T> {
  const effects: (() => void)[] = [];
  let result: T;
  try {
    result = await em.transactional((txEm) => work({ em: txEm, afterCommit: (effect) => void effects.push(effect) }));
  } catch (error) {
    if (onUniqueViolation && error instanceof UniqueConstraintViolationException) throw onUniqueViolation();
    // A concurrent write took away (or added) a row this one depended on: nothing was changed.
    if (error instanceof ForeignKeyConstraintViolationException) {
      throw UserErrors.of(UserErrorCode.CONFLICT, 'A concurrent change got in the way; nothing was changed, try again');
    }
    throw error;
  }
  for (const effect of effects) effect();
  return result;
}
