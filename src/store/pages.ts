import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { toPage, type Page, type PageArgs } from '../core/pages.js';

/** One keyset page of a root list: ids are time-ordered, so "after" is simply id > cursor. */
export async function findPage<T extends { id: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: PageArgs,
): Promise<Page<T>> {
  const filter = args.after ? ({ $and: [where, { id: { $gt: args.after } }] } as FilterQuery<T>) : where;
  const rows = await em.find(entity, filter, { orderBy: { id: 'asc' } as never, limit: args.first + 1 });
  return toPage(rows as T[], args);
}
