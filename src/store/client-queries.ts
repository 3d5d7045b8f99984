import type { EntityManager, Knex } from '@mikro-orm/knex';
import type { ClientScope } from '../core/caller.js';
import { toPage, type Page, type PageArgs } from '../core/pages.js';
import { Client } from './entities/client.entity.js';
import { toRows, type ClientRow } from './rows.js';

/** What a nested list of clients hangs off. */
export type ClientParent = 'environment' | 'provider';

/**
 * The queries behind nested client lists, one statement for any number of parents: pages through
 * a windowed query (row_number() over (partition by parent)), and counts grouped by parent. Table
 * and column names come from the entity's mapping, so they cannot drift from it.
 */
export class ClientQueries {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: ClientScope,
  ) {}

  async pages(parent: ClientParent, parentIds: readonly string[], args: PageArgs): Promise<Page<ClientRow>[]> {
    const knex = this.em.getKnex();
    const { parentColumn, id } = this.columns(parent);
    const ranked = this.scoped()
      .select('*', knex.raw('row_number() over (partition by ?? order by ??) as page_rank', [parentColumn, id]))
      .whereIn(parentColumn, [...parentIds]);
    if (args.after) ranked.andWhere(id, '>', args.after);
    const rows: Record<string, unknown>[] = await this.em.execute(
      knex.select('*').from(ranked.as('ranked')).where('page_rank', '<=', args.first + 1).orderBy([parentColumn, id]),
    );
    const clients = toRows<Client>(this.em, Client.name, rows.map(({ page_rank: _rank, ...row }) => row));
    return groupBy(parentIds, clients, (client) => client[parent].id).map((group) => toPage(group, args));
  }

  async counts(parent: ClientParent, parentIds: readonly string[]): Promise<number[]> {
    const { parentColumn } = this.columns(parent);
    const rows: { parent_id: string; n: number | string }[] = await this.em.execute(
      this.scoped().select(`${parentColumn} as parent_id`).count({ n: '*' }).whereIn(parentColumn, [...parentIds]).groupBy(parentColumn),
    );
    const counts = new Map(rows.map((row) => [String(row.parent_id), Number(row.n)]));
    return parentIds.map((parentId) => counts.get(parentId) ?? 0);
  }

  private columns(parent: ClientParent) {
    const properties = this.em.getMetadata().get(Client.name).properties;
    return { parentColumn: properties[parent].fieldNames[0]!, id: properties.id.fieldNames[0]! };
  }

  /** The clients of the scope: the organization's, or one member's own. */
  private scoped(): Knex.QueryBuilder {
    const meta = this.em.getMetadata().get(Client.name);
    const column = (property: 'orgId' | 'ownerSub') => meta.properties[property].fieldNames[0]!;
    const query = this.em.getKnex().from(meta.tableName).where(column('orgId'), this.scope.orgId);
    return this.scope.ownerSub ? query.andWhere(column('ownerSub'), this.scope.ownerSub) : query;
  }
}

export function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}
