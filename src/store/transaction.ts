import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { RequestContext } from '../graphql/context.js';
import { UserErrorCode, UserErrors, userError } from '../core/errors.js';

/**
 * Runs one mutation in one transaction, so that a refused or failed mutation leaves the store as it
 * was. A unique-constraint race that a pre-check could not see becomes the given userError.
 */
export async function inTransaction<T>(
  ctx: RequestContext,
  work: (em: EntityManager) => Promise<T>,
  onUniqueViolation?: () => UserErrors,
): Promise<T> {
  try {
    return await ctx.em.transactional(work);
  } catch (error) {
    if (onUniqueViolation && error instanceof UniqueConstraintViolationException) throw onUniqueViolation();
    // A concurrent write took away (or added) a row this one depended on: nothing was changed.
    if (error instanceof ForeignKeyConstraintViolationException) {
      throw new UserErrors([userError(UserErrorCode.CONFLICT, 'A concurrent change got in the way; nothing was changed, try again')]);
    }
    throw error;
  } finally {
    ctx.afterWrite();
  }
}
