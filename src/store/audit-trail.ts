import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { toPage, type Page, type PageArgs } from '../core/pages.js';
import { AuditEvent } from './entities/audit-event.entity.js';
import { findRows, type Row } from './rows.js';

export type AuditEventRow = Row<AuditEvent>;

/** What an audit trail page is narrowed to; every look-up is the organization's own. */
export interface AuditFilter {
  org: string;
  providerId?: string;
  clientId?: string;
  environmentId?: string;
  actor?: string;
  since?: Date;
}

function where({ org, providerId, clientId, environmentId, actor, since }: AuditFilter): FilterQuery<AuditEvent> {
  return {
    orgId: org,
    ...(providerId ? { providerId } : {}),
    ...(clientId ? { clientId } : {}),
    ...(environmentId ? { environmentId } : {}),
    ...(actor ? { actor } : {}),
    ...(since ? { occurredAt: { $gte: since } } : {}),
  };
}

/**
 * Newest first: ids are time-ordered, so the list is `id` descending; `after` (older items) is
 * id < cursor, `before` (newer items) id > cursor, and a backward page reads the range ascending.
 * Each filter has its (org, column, id) index.
 */
export async function findAuditPage(em: EntityManager, filter: AuditFilter, args: PageArgs): Promise<Page<AuditEventRow>> {
  const bounds = [...(args.after ? [{ id: { $lt: args.after } }] : []), ...(args.before ? [{ id: { $gt: args.before } }] : [])];
  const base = where(filter);
  const query = bounds.length > 0 ? ({ $and: [base, ...bounds] } as FilterQuery<AuditEvent>) : base;
  const rows = await findRows(em, AuditEvent, query, { orderBy: { id: args.backward ? 'asc' : 'desc' }, limit: args.size + 1 });
  return toPage(rows, args);
}

export const countAuditEvents = (em: EntityManager, filter: AuditFilter): Promise<number> => em.count(AuditEvent, where(filter));

/** Removes events older than `before`, a bounded batch at a time (a long trail is pruned over several passes, never in one long transaction). */
export async function pruneAuditEvents(em: EntityManager, before: Date, batch = 5_000): Promise<number> {
  const old = await em.find(AuditEvent, { occurredAt: { $lt: before } }, { fields: ['id'], limit: batch, orderBy: { occurredAt: 'asc' } });
  if (old.length === 0) return 0;
  return em.nativeDelete(AuditEvent, { id: { $in: old.map((event) => event.id) } });
}
