import { ReferenceKind, type EntityClass, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { execute, type Affected } from './driver.js';
import { isColumn, read } from './rows.js';

/**
 * Single statements without the unit of work: rows inserted from entity objects, a conditional
 * update, a delete, an existence check, an entity found by one statement. No query builder, no
 * change sets; each statement's text is built once per table and column set. On the registration
 * path a unit of work cost some 0.8 ms of CPU per statement, the statement itself 0.1
 * (docs/performance.md, "`registerClient` without the unit of work"). Values are converted as MikroORM converts them (its
 * custom types, its platform's dates), column names come from the entities' mapping, and a
 * driver's error becomes MikroORM's exception (a unique violation stays one). Each runs in the
 * caller's transaction when there is one.
 */

const columnsOf = new WeakMap<EntityMetadata, EntityProperty[]>();
const texts = new WeakMap<EntityMetadata, Map<string, string>>();

/** The properties an entity object is written with: every one stored in a column of its own (store/rows.ts), in the mapping's order. */
function columns(meta: EntityMetadata): EntityProperty[] {
  let list = columnsOf.get(meta);
  if (!list) columnsOf.set(meta, (list = meta.props.filter(isColumn)));
  return list;
}

/** A statement's text, built once per table and key (what it names). */
function text(meta: EntityMetadata, key: string, build: () => string): string {
  let byKey = texts.get(meta);
  if (!byKey) texts.set(meta, (byKey = new Map()));
  let sql = byKey.get(key);
  if (sql === undefined) {
    sql = build();
    if (byKey.size >= 200) byKey.clear();
    byKey.set(key, sql);
  }
  return sql;
}

const quote = (em: EntityManager, name: string): string => em.getPlatform().quoteIdentifier(name);
const columnOf = (em: EntityManager, prop: EntityProperty): string => quote(em, prop.fieldNames[0]!);

/** A property's value as the statement binds it: a reference as its key, a custom type converted, a date as the platform stores it. */
function toColumn(em: EntityManager, prop: EntityProperty, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (prop.kind === ReferenceKind.MANY_TO_ONE) return typeof value === 'object' ? (value as Record<string, unknown>)[prop.targetMeta!.primaryKeys[0]!] : value;
  const platform = em.getPlatform();
  const converted = prop.customType ? prop.customType.convertToDatabaseValue(value, platform, { key: prop.name, mode: 'query-data' }) : value;
  return converted instanceof Date ? platform.processDateProperty(converted) : converted;
}

const metaOf = (em: EntityManager, entity: object): EntityMetadata => em.getMetadata().get(entity.constructor.name);

/** Rows per insert statement at most: SQLite binds up to 32,766 values in one. */
const ROWS_PER_INSERT = 500;

/**
 * Inserts entity objects (made with `new`, their initialisers applied), those of one entity with
 * the same columns in one statement. As the unit of work does, a property left undefined is not
 * named (the column's default applies) and one with an `onCreate` is given its value first.
 */
export async function insertRows(em: EntityManager, entities: readonly object[]): Promise<void> {
  const batches = new Map<string, { meta: EntityMetadata; props: EntityProperty[]; rows: Record<string, unknown>[] }>();
  for (const entity of entities) {
    const meta = metaOf(em, entity);
    const record = entity as Record<string, unknown>;
    for (const prop of columns(meta)) if (prop.onCreate && record[prop.name] === undefined) record[prop.name] = prop.onCreate(entity, em);
    const props = columns(meta).filter((prop) => record[prop.name] !== undefined);
    const key = `${meta.className}:${props.map((prop) => prop.name).join()}`;
    const batch = batches.get(key) ?? { meta, props, rows: [] };
    batch.rows.push(record);
    batches.set(key, batch);
  }
  for (const { meta, props, rows } of batches.values()) {
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const chunk = rows.slice(start, start + ROWS_PER_INSERT);
      const values = `(${props.map(() => '?').join(', ')})`;
      const sql = text(meta, `+${chunk.length}:${props.map((prop) => prop.name).join()}`, () => `insert into ${quote(em, meta.tableName)} (${props.map((prop) => columnOf(em, prop)).join(', ')}) values ${chunk.map(() => values).join(', ')}`);
      await execute(em, sql, chunk.flatMap((record) => props.map((prop) => toColumn(em, prop, record[prop.name]))), 'run');
    }
  }
}

/** Inserts one entity object as a row (insertRows). */
export const insertRow = (em: EntityManager, entity: object): Promise<void> => insertRows(em, [entity]);

/** Equalities on properties: a plain value, or a reference by its entity or its key (no operators). */
type Filter = Record<string, string | number | boolean | Date | object | null | undefined>;
type FilterOf<T> = Partial<Record<keyof T & string, string | number | boolean | Date | object | null>>;

/** A filter of equalities on properties: its properties (the text's key), its condition (built only for a new text), its values. */
function matching(em: EntityManager, meta: EntityMetadata, where: Filter): { key: string; condition: () => string; params: unknown[] } {
  const props = Object.keys(where).map((name) => {
    const prop = meta.properties[name as never] as EntityProperty | undefined;
    if (!prop || !isColumn(prop)) throw new Error(`${meta.className} has no column ${name}`);
    // `column = null` is never true in SQL: a filter on a missing value is a mistake, said at once.
    if (where[name] === null || where[name] === undefined) throw new Error(`the filter on ${meta.className}.${name} has no value`);
    return prop;
  });
  return {
    key: props.map((prop) => prop.name).join(),
    condition: () => props.map((prop) => `${columnOf(em, prop)} = ?`).join(' and '),
    params: props.map((prop) => toColumn(em, prop, where[prop.name])),
  };
}

/**
 * Sets the given properties of the row matching `where`, and every property the entity updates on
 * its own (`onUpdate`, e.g. updatedAt), on the object too. Resolves with how many rows it changed:
 * 0 when none matches any more.
 */
export async function updateRow<T extends object>(em: EntityManager, entity: T, changed: readonly (keyof T & string)[], where: FilterOf<T>): Promise<number> {
  const meta = metaOf(em, entity);
  const record = entity as Record<string, unknown>;
  const set = columns(meta).filter((prop) => changed.includes(prop.name as keyof T & string) || prop.onUpdate);
  for (const prop of set) if (prop.onUpdate && !changed.includes(prop.name as keyof T & string)) record[prop.name] = prop.onUpdate(entity, em);
  const filter = matching(em, meta, where);
  const sql = text(meta, `=${set.map((prop) => prop.name).join()}|${filter.key}`, () => `update ${quote(em, meta.tableName)} set ${set.map((prop) => `${columnOf(em, prop)} = ?`).join(', ')} where ${filter.condition()}`);
  return (await execute<Affected>(em, sql, [...set.map((prop) => toColumn(em, prop, record[prop.name])), ...filter.params], 'run')).affectedRows;
}

/** Deletes the rows of an entity matching `where`; resolves with how many there were. */
export async function deleteRows<T extends object>(em: EntityManager, entity: EntityClass<T>, where: FilterOf<T>): Promise<number> {
  const meta = em.getMetadata().get(entity.name);
  const filter = matching(em, meta, where);
  const sql = text(meta, `-${filter.key}`, () => `delete from ${quote(em, meta.tableName)} where ${filter.condition()}`);
  return (await execute<Affected>(em, sql, filter.params, 'run')).affectedRows;
}

/** Whether a row of an entity matches `where`: read on a read connection, or in the caller's transaction. */
export async function rowExists<T extends object>(em: EntityManager, entity: EntityClass<T>, where: FilterOf<T>): Promise<boolean> {
  const meta = em.getMetadata().get(entity.name);
  const filter = matching(em, meta, where);
  const sql = text(meta, `?${filter.key}`, () => `select 1 as ${quote(em, 'found')} from ${quote(em, meta.tableName)} where ${filter.condition()} limit 1`);
  return (await read(em, sql, filter.params)).length > 0;
}

/** The persisted properties whose values differ between two objects of one entity (a reference by its key, a date by its time, JSON by its text). */
export function changedProperties<T extends object>(em: EntityManager, before: T, after: T): (keyof T & string)[] {
  const same = (a: unknown, b: unknown): boolean => {
    if (a === b) return true;
    if (a === null || b === null || a === undefined || b === undefined) return false;
    if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
    return JSON.stringify(a) === JSON.stringify(b);
  };
  return columns(metaOf(em, after))
    .filter((prop) => {
      const [a, b] = [(before as Record<string, unknown>)[prop.name], (after as Record<string, unknown>)[prop.name]];
      return prop.kind === ReferenceKind.MANY_TO_ONE ? toColumn(em, prop, a) !== toColumn(em, prop, b) : !same(a, b);
    })
    .map((prop) => prop.name as keyof T & string);
}

/**
 * The entity of the first row matching `where` (equalities on properties), or null: one statement
 * without a query builder, its row mapped and merged into this context as `findOne` does (the
 * driver's `mapResult`, then the entity factory with `merge`): an entity already loaded here keeps
 * what was changed on it and takes the row's values for the rest, and a reference known only by
 * its key is filled in. Read on a read connection, or in the caller's transaction.
 */
export async function findEntity<T extends object>(em: EntityManager, entity: EntityClass<T>, where: FilterOf<T>): Promise<T | null> {
  const meta = em.getMetadata().get(entity.name);
  const filter = matching(em, meta, where);
  const sql = text(meta, `1${filter.key}`, () => `select * from ${quote(em, meta.tableName)} where ${filter.condition()} limit 1`);
  const [row] = await read(em, sql, filter.params);
  if (!row) return null;
  const data = em.getDriver().mapResult(row as never, meta as never);
  return em.getEntityFactory().create(entity.name, data as never, { merge: true, convertCustomTypes: true }) as T;
}
