import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { toPage, type Page, type PageArgs } from '../core/pages.js';
import { findRows, type Row } from './rows.js';

/**
 * One keyset page of a root list, as rows: ids are time-ordered, so the cursors are bounds on the
 * id (`id > after`, `id < before`) and a backward page is the same index range read in descending order.
 */
export async function findPage<T extends { id: string }, K extends keyof Row<T> = keyof Row<T>>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  fields?: readonly K[],
): Promise<Page<Pick<Row<T>, K> & { id: string }>> {
  const bounds = [...(args.after ? [{ id: { $gt: args.after } }] : []), ...(args.before ? [{ id: { $lt: args.before } }] : [])];
  const filter = bounds.length > 0 ? ({ $and: [where, ...bounds] } as FilterQuery<T>) : where;
  const options = { orderBy: { id: args.backward ? 'desc' : 'asc' } as never, limit: args.size + 1 };
  const rows = fields ? await findRows(em, entity, filter, { ...options, fields }) : await findRows(em, entity, filter, options);
  return toPage(rows as (Pick<Row<T>, K> & { id: string })[], args);
}
