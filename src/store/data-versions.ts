import type { EntityManager } from '@mikro-orm/knex';
import { execute } from './driver.js';
import type { Orm } from './orm.js';

/**
 * The organization's data version (entities/data-version.entity.ts), as text (PostgreSQL's bigint
 * comes as text): "0" before its first write. Read on a read connection, never in a transaction:
 * what is read after it is at least as new as the version says.
 */
export async function dataVersion(orm: Orm, org: string): Promise<string> {
  const rows = await execute<{ version: number | string }[]>(orm.em as EntityManager, 'select version from data_version where org_id = ?', [org], 'all', 'read');
  return rows.length === 0 ? '0' : String(rows[0]!.version);
}
