import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { toPage, type Page, type PageArgs } from '../core/pages.js';
import { findRows, type Row } from './rows.js';

/** One keyset page of a root list, as rows: ids are time-ordered, so "after" is simply id > cursor. */
export async function findPage<T extends { id: string }>(em: EntityManager, entity: EntityClass<T>, where: FilterQuery<T>, args: PageArgs): Promise<Page<Row<T> & { id: string }>> {
  const filter = args.after ? ({ $and: [where, { id: { $gt: args.after } }] } as FilterQuery<T>) : where;
  const rows = await findRows(em, entity, filter, { orderBy: { id: 'asc' } as never, limit: args.first + 1 });
  return toPage(rows as (Row<T> & { id: string })[], args);
}
