import type { EntityManager, Knex } from '@mikro-orm/knex';
import type { ClientScope } from '../core/caller.js';
import { toPage, type Page, type PageArgs } from '../core/pages.js';
import { ClientStatus } from '../core/model.js';
import { Client } from './entities/client.entity.js';
import { ClientTally } from './entities/client-tally.entity.js';
import { CLIENT_FIELDS, onPostgres, planFor, read, readRows, type ClientRow } from './rows.js';

/** What a nested list of clients hangs off. */
export type ClientParent = 'environment' | 'provider';

/** Filters of a client list; an absent one does not filter. */
export interface ClientFilter {
  environmentId?: string;
  providerId?: string;
  statuses?: string[];
  /** Part of the name in any case, or the whole clientId; matched as given (no wildcards). */
  search?: string;
  /** Only clients whose secret expires (per their IdP) before this time; those whose secret never expires are not among them. */
  secretExpiresBefore?: Date;
}

/** Statement texts of nested client pages, per store (its dialect quotes names) and shape; the values are bound per request. */
const pagesSqlCache = new WeakMap<object, Map<string, string>>();

/** Parents per statement: each is a row of its VALUES list and a bound value, so a statement stays bounded. */
const MAX_RANGES = 400;

/**
 * The queries behind client lists, one statement for any number of parents: pages as index ranges,
 * counts from the client tally. Table and column names come from the entities'
 * mapping, so they cannot drift from it.
 */
export class ClientQueries {
  constructor(
    private readonly em: EntityManager,
    private readonly scope: ClientScope,
  ) {}

  /**
   * One index range per parent (`parent_id = ? and id > ? order by id limit size + 1`; `id < ?` and
   * descending for a backward page), all in one statement: reads what the pages show, however many
   * clients each parent has. The parents are a VALUES list and the range one subquery, planned
   * once for all of them: joined LATERAL on PostgreSQL, as the ids a row's id must be among on SQLite.
   */
  async pages(parent: ClientParent, parentIds: readonly string[], args: PageArgs): Promise<Page<ClientRow>[]> {
    const clients: ClientRow[] = [];
    for (let start = 0; start < parentIds.length; start += MAX_RANGES) {
      const chunk = parentIds.slice(start, start + MAX_RANGES);
      // The parents (the VALUES list), then the range's values: the scope, the bounds and the size.
      const scope = [this.scope.orgId, ...(this.scope.ownerSub ? [this.scope.ownerSub] : [])];
      const range = [...(args.after ? [args.after] : []), ...(args.before ? [args.before] : []), args.size + 1];
      const params = [...chunk, ...scope, ...range];
      clients.push(...(await readRows<Client>(this.em, Client.name, { sql: this.pagesSql(parent, chunk.length, args), bindings: params }, { fields: CLIENT_FIELDS })));
    }
    // In reading order (descending when backward), whatever order the engine returns the ranges in.
    const order = args.backward ? -1 : 1;
    return groupBy(parentIds, clients, (client) => client[parent].id).map((group) => toPage(group.sort((a, b) => (a.id < b.id ? -order : order)), args));
  }

  /** The text of the pages' statement, built once per shape (engine, parent kind, how many, which bounds, direction, scope). */
  private pagesSql(parent: ClientParent, ranges: number, args: PageArgs): string {
    const knex = this.em.getKnex();
    let texts = pagesSqlCache.get(knex);
    if (!texts) pagesSqlCache.set(knex, (texts = new Map()));
    const key = `${parent}:${ranges}:${args.after !== null}:${args.before !== null}:${args.backward}:${this.scope.ownerSub !== undefined}`;
    let sql = texts.get(key);
    if (!sql) {
      sql = onPostgres(this.em) ? this.lateralPagesSql(parent, ranges, args) : this.correlatedPagesSql(parent, ranges, args);
      if (texts.size >= 1_000) texts.clear();
      texts.set(key, sql);
    }
    return sql;
  }

  /** The range of the parent `parentRef` names (a column of the VALUES list), values bound in this order: scope, bounds, size. */
  private range(parent: ClientParent, args: PageArgs, columns: string[], parentRef: string): Knex.QueryBuilder {
    const knex = this.em.getKnex();
    const { parentColumn, id } = this.columns(parent);
    const query = knex.select(columns).from(this.clientTable()).where(this.clientColumn('orgId'), 'org');
    if (this.scope.ownerSub) query.andWhere(this.clientColumn('ownerSub'), 'owner');
    query.andWhere(parentColumn, knex.ref(parentRef));
    if (args.after !== null) query.andWhere(id, '>', 'after');
    if (args.before !== null) query.andWhere(id, '<', 'before');
    return query.orderBy(id, args.backward ? 'desc' : 'asc').limit(1);
  }

  /**
   * PostgreSQL: the parents as a VALUES list, each joined to its range by LATERAL. One subquery to
   * plan whatever the number of parents: a UNION ALL of the console's 50 ranges took PostgreSQL
   * 12-18 ms to plan for 3-8 ms of execution (docs/performance.md, "Measured since").
   */
  private lateralPagesSql(parent: ClientParent, ranges: number, args: PageArgs): string {
    const type = this.em.getMetadata().get(Client.name).properties[parent].columnTypes[0]!;
    const parents = Array.from({ length: ranges }, () => `(cast(? as ${type}))`).join(', ');
    const range = this.range(parent, args, this.selected(), 'p.parent_id').toSQL().sql;
    return `select ${this.quote('c')}.* from (values ${parents}) as ${this.quote('p')} (${this.quote('parent_id')}) cross join lateral (${range}) as ${this.quote('c')}`;
  }

  /**
   * SQLite (no LATERAL): the parents as a VALUES list, each joined to the rows whose ids its range
   * selects (`id in (correlated subquery)`): one subquery to prepare, run once per parent. The
   * driver prepares every statement anew; for the console's 50 environments the statement as sent
   * is 3.0 kB against 9.3 kB for the UNION ALL of ranges it replaces, 1.05 ms against 1.43 on the
   * driver alone (docs/performance.md, "Measured since").
   */
  private correlatedPagesSql(parent: ClientParent, ranges: number, args: PageArgs): string {
    const { id } = this.columns(parent);
    const parents = Array.from({ length: ranges }, () => '(?)').join(', ');
    const range = this.range(parent, args, [id], 'p.column1').toSQL().sql;
    const columns = this.selected().map((column) => `${this.quote('c')}.${this.quote(column)}`).join(', ');
    return `select ${columns} from (values ${parents}) as ${this.quote('p')} join ${this.quote(this.clientTable())} as ${this.quote('c')} on ${this.quote('c')}.${this.quote(id)} in (${range})`;
  }

  /**
   * One page of the scope's clients matching the filters: the range of the narrowest index the
   * filters name ((environment_id, id), (provider_id, id) or (org_id, id)), in id order. A search
   * compares `lower(name) like lower(?)` and `client_id = ?`; on PostgreSQL a trigram index on
   * lower(name) and (org_id, client_id) serve those two (migration 20261202030000).
   */
  async list(filter: ClientFilter, args: PageArgs): Promise<Page<ClientRow>> {
    const id = this.clientColumn('id');
    const query = this.matching(filter).select(this.selected());
    if (args.after !== null) query.andWhere(id, '>', args.after);
    if (args.before !== null) query.andWhere(id, '<', args.before);
    const direction = args.backward ? 'desc' : 'asc';
    return toPage(await readRows<Client>(this.em, Client.name, query.orderBy(id, direction).limit(args.size + 1), { fields: CLIENT_FIELDS, order: [[id, direction]] }), args);
  }

  /** How many clients of the scope each parent has: sums over the tally, never a visit of each client. */
  async counts(parent: ClientParent, parentIds: readonly string[]): Promise<number[]> {
    const column = this.tallyColumn(parent === 'environment' ? 'environmentId' : 'providerId');
    const rows = await read(this.em, this.tally().select(`${column} as parent_id`).sum({ n: this.tallyColumn('n') }).whereIn(column, [...parentIds]).groupBy(column));
    const counts = new Map(rows.map((row) => [String(row.parent_id), Number(row.n)]));
    return parentIds.map((parentId) => counts.get(parentId) ?? 0);
  }

  /**
   * How many clients of the scope match the filters (each optional): from the tally, unless a
   * search or a secret expiry is given, which only the clients themselves can answer (a count over
   * the same rows the list's pages read).
   */
  async count(filter: ClientFilter): Promise<number> {
    if (filter.search !== undefined || filter.secretExpiresBefore !== undefined) {
      const [row] = await read(this.em, this.matching(filter).count({ n: '*' }));
      return Number(row?.n ?? 0);
    }
    const query = this.tally().sum({ n: this.tallyColumn('n') });
    if (filter.environmentId !== undefined) query.andWhere(this.tallyColumn('environmentId'), filter.environmentId);
    if (filter.providerId !== undefined) query.andWhere(this.tallyColumn('providerId'), filter.providerId);
    if (filter.statuses !== undefined) query.whereIn(this.tallyColumn('status'), filter.statuses);
    const [row] = await read(this.em, query);
    return Number(row?.n ?? 0);
  }

  /** The scope's clients that match the filters. */
  private matching(filter: ClientFilter): Knex.QueryBuilder {
    const query = this.em.getKnex().from(this.clientTable()).where(this.clientColumn('orgId'), this.scope.orgId);
    if (this.scope.ownerSub) query.andWhere(this.clientColumn('ownerSub'), this.scope.ownerSub);
    if (filter.environmentId !== undefined) query.andWhere(this.clientColumn('environment'), filter.environmentId);
    if (filter.providerId !== undefined) query.andWhere(this.clientColumn('provider'), filter.providerId);
    if (filter.statuses !== undefined) query.whereIn(this.clientColumn('status'), filter.statuses);
    // A null expiry (never) is not before anything. Served by (org_id, secret_expires_at).
    if (filter.secretExpiresBefore !== undefined) query.andWhere(this.clientColumn('secretExpiresAt'), '<', this.em.getPlatform().processDateProperty(filter.secretExpiresBefore) as never);
    const { search } = filter;
    if (search !== undefined) {
      // The same lower() on both sides: PostgreSQL folds every letter; SQLite's lower() (and LIKE) only A–Z.
      query.andWhere((either) =>
        either.whereRaw(`lower(??) like lower(?) escape '${LIKE_ESCAPE}'`, [this.clientColumn('name'), `%${escapeLike(search)}%`]).orWhere(this.clientColumn('clientId'), search),
      );
    }
    return query;
  }

  /** A name as the store's dialect quotes it. */
  private quote(name: string): string {
    return this.em.getPlatform().quoteIdentifier(name);
  }

  private clientTable(): string {
    return this.em.getMetadata().get(Client.name).tableName;
  }

  private clientColumn(property: 'id' | 'orgId' | 'ownerSub' | 'environment' | 'provider' | 'status' | 'name' | 'clientId' | 'secretExpiresAt'): string {
    return this.em.getMetadata().get(Client.name).properties[property].fieldNames[0]!;
  }

  /** The scope's rows of the client tally (entities/client-tally.entity.ts), kept by triggers on every change of a client. */
  private tally(): Knex.QueryBuilder {
    const meta = this.em.getMetadata().get(ClientTally.name);
    const query = this.em.getKnex().from(meta.tableName).where(this.tallyColumn('orgId'), this.scope.orgId);
    return this.scope.ownerSub ? query.andWhere(this.tallyColumn('ownerSub'), this.scope.ownerSub) : query;
  }

  private tallyColumn(property: 'orgId' | 'environmentId' | 'providerId' | 'ownerSub' | 'status' | 'n'): string {
    return this.em.getMetadata().get(ClientTally.name).properties[property].fieldNames[0]!;
  }

  private columns(parent: ClientParent) {
    const properties = this.em.getMetadata().get(Client.name).properties;
    return { parentColumn: properties[parent].fieldNames[0]!, id: properties.id.fieldNames[0]! };
  }

  /** The columns a client row is read with (store/rows.ts, CLIENT_FIELDS). */
  private selected(): string[] {
    return planFor(this.em.getMetadata().get(Client.name), CLIENT_FIELDS).map((column) => column.column);
  }
}

/**
 * How many ACTIVE clients (of every organization) have a secret that expired or expires before
 * `before` (a client being deleted, gone in its IdP or unresolved has none anyone will rotate): one
 * count over the range of the index on secret_expires_at, for the client_secrets_expiring gauge.
 */
export async function countSecretsExpiringBefore(em: EntityManager, before: Date): Promise<number> {
  const meta = em.getMetadata().get(Client.name);
  const column = (property: 'secretExpiresAt' | 'status') => meta.properties[property].fieldNames[0]!;
  const query = em
    .getKnex()
    .from(meta.tableName)
    .where(column('secretExpiresAt'), '<', em.getPlatform().processDateProperty(before) as never)
    .andWhere(column('status'), ClientStatus.ACTIVE)
    .count({ n: '*' });
  const [row] = await read(em, query);
  return Number(row?.n ?? 0);
}

/**
 * LIKE's escape character. Not a backslash: in SQL text a backslash means something else to
 * PostgreSQL when standard_conforming_strings is off (`'\'` would open a string, not close one).
 */
const LIKE_ESCAPE = '!';
/** LIKE's wildcards and its escape character, matched literally. */
const escapeLike = (text: string): string => text.replace(/[!%_]/g, (c) => `${LIKE_ESCAPE}${c}`);

export function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}
