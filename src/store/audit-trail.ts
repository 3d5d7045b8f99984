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

/**
 * Removes events older than `before`, a bounded batch at a time (a long trail is pruned over several
 * passes, never in one long transaction), one statement per organization: each deletion raises its
 * organization's data version at its commit (migration 20261203000000), and a transaction that
 * raised several would lock their rows in its own order, against a replica pruning in another.
 */
export async function pruneAuditEvents(em: EntityManager, before: Date, batch = 5_000): Promise<number> {
  const old = await em.find(AuditEvent, { occurredAt: { $lt: before } }, { fields: ['id', 'orgId'], limit: batch, orderBy: { occurredAt: 'asc' } });
  const byOrg = new Map<string, string[]>();
  for (const event of old) {
    const ids = byOrg.get(event.orgId);
    if (ids) ids.push(event.id);
    else byOrg.set(event.orgId, [event.id]);
  }
  let removed = 0;
  for (const [orgId, ids] of byOrg) removed += await em.nativeDelete(AuditEvent, { orgId, id: { $in: ids } });
  return removed;
}
