import { JsonType, ReferenceKind, type EntityClass, type EntityMetadata, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager, Knex, QBQueryOrderMap } from '@mikro-orm/knex';
import { ClientProvider } from './entities/client-provider.entity.js';
import { Client } from './entities/client.entity.js';
import { Environment } from './entities/environment.entity.js';
import { ProviderLink } from './entities/provider-link.entity.js';

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
/** `builtIn` is a getter of the entity; a row has the column behind it (builtInOrgId). */
export type ProviderRow = Omit<Row<ClientProvider>, 'builtIn'>;
/** What a client is displayed with: the columns read for it (the sealed secret only to tell whether there is one). */
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
  'clientSecretSealed',
  'previousSecretExpiresAt',
  'secretExpiresAt',
  'lastProviderError',
  'statusMessage',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof Client)[];
export type ClientRow = Pick<Row<Client>, (typeof CLIENT_FIELDS)[number]>;

/** What a raw row needs beyond the driver's own mapping (column to property, dates, booleans). */
interface RowPlan {
  json: { name: string; type: JsonType }[];
  references: string[];
}
const plans = new WeakMap<EntityMetadata, RowPlan>();

function planFor(meta: EntityMetadata): RowPlan {
  let plan = plans.get(meta);
  if (!plan) {
    plan = {
      json: meta.props.filter((p) => p.customType instanceof JsonType).map((p) => ({ name: p.name, type: p.customType as JsonType })),
      references: meta.props.filter((p) => p.kind === ReferenceKind.MANY_TO_ONE).map((p) => p.name),
    };
    plans.set(meta, plan);
  }
  return plan;
}

/** A read: on a read connection (store/orm.ts), or inside the caller's transaction when there is one. */
export function read(em: EntityManager, query: Knex.QueryBuilder | string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  return em.isInTransaction() ? em.execute(query, params) : em.getConnection('read').execute(query, params);
}

/** Raw rows of an entity's table (column names, driver values) as rows of that entity. */
export function toRows<T>(em: EntityManager, entityName: string, raw: Record<string, unknown>[]): Row<T>[] {
  const meta = em.getMetadata().get(entityName);
  const driver = em.getDriver();
  const platform = em.getPlatform();
  const { json, references } = planFor(meta);
  return raw.map((record) => {
    const row = driver.mapResult(record, meta) as Record<string, unknown>;
    for (const { name, type } of json) row[name] = type.convertToJSValue(row[name] as string, platform);
    for (const name of references) if (row[name] != null) row[name] = { id: String(row[name]) };
    return row as Row<T>;
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
  const query = em.createQueryBuilder(entity).select(options.fields ? (options.fields as readonly string[]).slice() : '*').where(where);
  if (options.orderBy) query.orderBy(options.orderBy);
  if (options.limit !== undefined) query.limit(options.limit);
  return toRows<T>(em, entity.name, await query.execute('all', false));
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
  const query = knex
    .select('t.*', knex.ref(`l.${column(link, side)}`).as('link_key'))
    .from({ l: link.tableName })
    .join({ t: target.tableName }, `t.${column(target, 'id')}`, `l.${column(link, side === 'environment' ? 'provider' : 'environment')}`)
    .whereIn(`l.${column(link, side)}`, [...keys])
    .andWhere(`t.${column(target, 'orgId')}`, org)
    .orderBy(side === 'environment' ? [`l.${column(link, 'createdAt')}`, `l.${column(link, 'id')}`] : [`t.${column(target, 'id')}`]);
  const raw = await read(em, query);
  const linkKeys = raw.map(({ link_key }) => String(link_key));
  const rows = toRows(em, target.className, raw.map(({ link_key: _key, ...row }) => row));
  return rows.map((row, i) => ({ key: linkKeys[i]!, row }));
}
