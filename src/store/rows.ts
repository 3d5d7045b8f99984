import { JsonType, ReferenceKind, type EntityClass, type EntityMetadata, type EntityProperty, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager, Knex, QBQueryOrderMap } from '@mikro-orm/knex';
import { ClientProvider } from './entities/client-provider.entity.js';
import { Client } from './entities/client.entity.js';
import { Environment } from './entities/environment.entity.js';
import { ProviderLink } from './entities/provider-link.entity.js';
import { execute } from './driver.js';

/**
 * A row read for display: the entity's fields with their JavaScript values, each many-to-one
 * reference as `{ id }` only. Not an entity: nothing is hydrated or kept in the identity map, so a
 * page of hundreds of rows costs a mapping, not a unit of work. An entity fits the same type, so
 * the GraphQL node types take either.
 */
export type Row<T> = {
  readonly [P in keyof T as T[P] extends (...args: never[]) => unknown ? never : P]: T[P] extends { id: string } ? { readonly id: string } : T[P];
};

export type EnvironmentRow = Row<Environment>;
/**
 * What a provider is displayed with: its columns, and whether each of its secrets is stored (not
 * the sealed secrets themselves). `builtIn` is a getter of the entity; a row has the column behind
 * it (builtInOrgId).
 */
export const PROVIDER_FIELDS = [
  'id',
  'orgId',
  'builtInOrgId',
  'name',
  'description',
  'vendor',
  'issuer',
  'registrationUrl',
  'hasRegistrationAuthorization',
  'registrationClientId',
  'hasRegistrationClientSecret',
  'registrationScopes',
  'authorizeUrl',
  'tokenUrl',
  'introspectionUrl',
  'introspectionClientId',
  'hasIntrospectionClientSecret',
  'disableServerCertificateValidation',
  'allowClientDeletion',
  'propagateClientChanges',
  'requestTimeoutMs',
  'validateJwtLocally',
  'jwksUrl',
  'jwtAudience',
  'grantTypesSupported',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof ClientProvider)[];
export type ProviderRow = Pick<Row<ClientProvider>, (typeof PROVIDER_FIELDS)[number]>;
/** What a client is displayed with: the columns read for it, and whether it has a secret (not the sealed secret itself). */
export const CLIENT_FIELDS = [
  'id',
  'environment',
  'provider',
  'name',
  'description',
  'clientId',
  'redirectUris',
  'grantTypes',
  'scopes',
  'status',
  'hasClientSecret',
  'previousSecretExpiresAt',
  'secretExpiresAt',
  'lastProviderError',
  'statusMessage',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof Client)[];
export type ClientRow = Pick<Row<Client>, (typeof CLIENT_FIELDS)[number]>;

/** How a column comes back in a read's JSON and becomes the row's value. */
interface ColumnPlan {
  /** The row's key. */
  property: string;
  /** The entity property the statement selects (the property itself, or the one a presence is of). */
  source: string;
  column: string;
  /** presence: only whether the column holds a value, as a boolean (the value never leaves the database). */
  kind: 'plain' | 'json' | 'date' | 'boolean' | 'reference' | 'presence';
}
const plans = new WeakMap<EntityMetadata, Map<string, ColumnPlan[]>>();

/** Row fields that say whether a column holds a value, by entity and field: the entity's getter of the same name says the same. */
const PRESENCES: Record<string, Record<string, string>> = {
  [Client.name]: { hasClientSecret: 'clientSecretSealed' },
  [ClientProvider.name]: {
    hasRegistrationAuthorization: 'registrationAuthorizationSealed',
    hasRegistrationClientSecret: 'registrationClientSecretSealed',
    hasIntrospectionClientSecret: 'introspectionClientSecretSealed',
  },
};

/** A property stored in one column of its entity's table: a value, or a many-to-one reference by its key. */
export const isColumn = (p: EntityProperty): boolean => p.persist !== false && p.fieldNames?.length === 1 && (p.kind === ReferenceKind.SCALAR || p.kind === ReferenceKind.MANY_TO_ONE);

/** The columns of an entity's rows (`fields`, or every column), each with how its value is mapped; built once per entity and field list. */
export function planFor(meta: EntityMetadata, fields?: readonly string[]): ColumnPlan[] {
  let byFields = plans.get(meta);
  if (!byFields) plans.set(meta, (byFields = new Map()));
  const key = fields?.join() ?? '*';
  let plan = byFields.get(key);
  if (!plan) {
    const props = fields ?? meta.props.filter(isColumn).map((p) => p.name);
    plan = props.map((field): ColumnPlan => {
      const presenceOf = PRESENCES[meta.className]?.[field];
      const p = meta.properties[(presenceOf ?? field) as never]! as EntityProperty;
      const kind = presenceOf ? 'presence' : p.kind === ReferenceKind.MANY_TO_ONE ? 'reference' : p.customType instanceof JsonType ? 'json' : p.runtimeType === 'Date' ? 'date' : p.runtimeType === 'boolean' ? 'boolean' : 'plain';
      return { property: field, source: p.name, column: p.fieldNames[0]!, kind };
    });
    byFields.set(key, plan);
  }
  return plan;
}

/** Whether the store is PostgreSQL (otherwise SQLite): where a statement's text differs between the two. */
export const onPostgres = (em: EntityManager): boolean => (em.getKnex().client as { dialect?: string }).dialect === 'postgresql';

/** A read: on a read connection (store/orm.ts), or inside the caller's transaction when there is one. */
export function read(em: EntityManager, query: Knex.QueryBuilder | string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
  const { sql, bindings } = typeof query === 'string' ? { sql: query, bindings: params } : query.toSQL();
  return execute(em, sql, bindings, 'all', 'read');
}

/** The order of a read's rows: columns of the query's result, each ascending or descending. */
export type RowOrder = readonly (readonly [column: string, direction: 'asc' | 'desc'])[];

/**
 * The rows of a query on an entity's table (it selects the columns of `fields`, or all of them,
 * plus any `extra` ones), read as one JSON document that the database builds: one value crosses
 * from the driver instead of one per column of every row, which on SQLite's driver was most of
 * the main thread's time for a page of hundreds of clients. In `order` when given (inside the
 * aggregate, so it holds on both engines); otherwise in no promised order.
 */
export async function readRows<T>(
  em: EntityManager,
  entityName: string,
  query: Knex.QueryBuilder | { sql: string; bindings: readonly unknown[] },
  options: { fields?: readonly string[]; extra?: readonly string[]; order?: RowOrder } = {},
): Promise<(Row<T> & Record<string, unknown>)[]> {
  const plan = planFor(em.getMetadata().get(entityName), options.fields);
  const platform = em.getPlatform();
  const quote = (name: string) => platform.quoteIdentifier(name);
  const postgres = onPostgres(em);
  const extra = options.extra ?? [];
  const value = ({ column, kind }: ColumnPlan) => (kind === 'presence' ? `(${quote(column)} is not null)` : kind === 'json' && !postgres ? `json(${quote(column)})` : quote(column));
  const values = [...plan.map(value), ...extra.map(quote)].join(', ');
  const order = options.order?.length ? ` order by ${options.order.map(([column, direction]) => `${quote(column)} ${direction}`).join(', ')}` : '';
  const { sql, bindings } = 'toSQL' in query ? query.toSQL() : query;
  const document = postgres
    ? `select coalesce(json_agg(json_build_array(${values})${order}), '[]') as ${quote('rows')} from (${sql}) as ${quote('r')}`
    : // Not json_group_array: SQLite 3.44 (the driver's) loses the arrays' JSON subtype in an aggregate with ORDER BY, and would quote each as a string.
      `select '[' || coalesce(group_concat(json_array(${values}), ','${order}), '') || ']' as ${quote('rows')} from (${sql}) as ${quote('r')}`;
  const [result] = await read(em, document, [...bindings]);
  const arrays = (typeof result?.rows === 'string' ? JSON.parse(result.rows) : (result?.rows ?? [])) as unknown[][];
  return arrays.map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < plan.length; i++) {
      const { property, kind } = plan[i]!;
      const value = values[i] ?? null;
      row[property] = value === null ? null : kind === 'date' ? new Date(value as string | number) : kind === 'boolean' || kind === 'presence' ? Boolean(value) : kind === 'reference' ? { id: String(value) } : value;
    }
    for (let i = 0; i < extra.length; i++) row[extra[i]!] = values[plan.length + i] ?? null;
    return row as Row<T> & Record<string, unknown>;
  });
}

interface FindRowsOptions<T> {
  orderBy?: QBQueryOrderMap<T>;
  limit?: number;
}

/** Rows of an entity matching a filter, as rows (only `fields`, when given): one statement, nothing hydrated. */
export function findRows<T extends object, K extends keyof Row<T>>(em: EntityManager, entity: EntityClass<T>, where: FilterQuery<T>, options: FindRowsOptions<T> & { fields: readonly K[] }): Promise<Pick<Row<T>, K>[]>;
export function findRows<T extends object>(em: EntityManager, entity: EntityClass<T>, where: FilterQuery<T>, options?: FindRowsOptions<T>): Promise<Row<T>[]>;
export async function findRows<T extends object>(em: EntityManager, entity: EntityClass<T>, where: FilterQuery<T>, options: FindRowsOptions<T> & { fields?: readonly PropertyKey[] } = {}) {
  const meta = em.getMetadata().get(entity.name);
  const fields = options.fields as readonly string[] | undefined;
  const query = em.createQueryBuilder(entity).select(planFor(meta, fields).map((column) => column.source)).where(where);
  if (options.orderBy) query.orderBy(options.orderBy);
  if (options.limit !== undefined) query.limit(options.limit);
  // The same order again inside the aggregate: QueryOrder's 'ASC', 'desc', 'DESC NULLS LAST' and -1 alike.
  const descending = (direction: unknown) => direction === -1 || /^desc/i.test(String(direction));
  const order = Object.entries(options.orderBy ?? {}).map(([property, direction]) => [meta.properties[property as never]!.fieldNames[0]!, descending(direction) ? 'desc' : 'asc'] as const);
  return readRows<T>(em, entity.name, query.getKnexQuery(), { fields, order });
}

/**
 * Both sides of the provider links, one statement for any number of keys: for each environment the
 * providers linked to it (in order of linking), or for each provider its environments (by id),
 * those of the organization only.
 */
export async function linkedRows(em: EntityManager, org: string, side: 'environment', keys: readonly string[]): Promise<{ key: string; row: ProviderRow }[]>;
export async function linkedRows(em: EntityManager, org: string, side: 'provider', keys: readonly string[]): Promise<{ key: string; row: EnvironmentRow }[]>;
export async function linkedRows(em: EntityManager, org: string, side: 'environment' | 'provider', keys: readonly string[]) {
  const metadata = em.getMetadata();
  const link = metadata.get(ProviderLink.name);
  const target = metadata.get(side === 'environment' ? ClientProvider.name : Environment.name);
  const column = (meta: EntityMetadata, property: string) => meta.properties[property]!.fieldNames[0]!;
  const knex = em.getKnex();
  const environmentSide = side === 'environment';
  const query = knex
    .select('t.*', knex.ref(`l.${column(link, side)}`).as('link_key'), knex.ref(`l.${column(link, 'createdAt')}`).as('linked_at'), knex.ref(`l.${column(link, 'id')}`).as('link_id'))
    .from({ l: link.tableName })
    .join({ t: target.tableName }, `t.${column(target, 'id')}`, `l.${column(link, environmentSide ? 'provider' : 'environment')}`)
    .whereIn(`l.${column(link, side)}`, [...keys])
    .andWhere(`t.${column(target, 'orgId')}`, org);
  const order: RowOrder = environmentSide ? [['linked_at', 'asc'], ['link_id', 'asc']] : [[column(target, 'id'), 'asc']];
  const rows = await readRows(em, target.className, query, { fields: environmentSide ? PROVIDER_FIELDS : undefined, extra: ['link_key'], order });
  return rows.map(({ link_key, ...row }) => ({ key: String(link_key), row }));
}
