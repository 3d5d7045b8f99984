import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entities, openStore, pendingMigrations, type Orm } from '../../src/store/orm.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
let orm: Orm;
beforeAll(async () => {
  database = await createTestDatabase();
  orm = await openStore(database.store);
});
afterAll(async () => {
  await orm?.close();
  await database?.drop();
});

describe('store', () => {
  it('applies every migration on open, and opening again applies nothing', async () => {
    expect(await pendingMigrations(orm)).toBe(0);
    const again = await openStore(database.store);
    const executed = await again.getMigrator().getExecutedMigrations();
    expect(executed.map((m) => m.name)).toEqual(['Migration20261128000000', 'Migration20261128020000', 'Migration20261128030000', 'Migration20261201000000', 'Migration20261201010000', 'Migration20261201020000', 'Migration20261202000000', 'Migration20261202010000']);
    await again.close();
  });

  it('has migrations that build exactly the schema the entities describe', async () => {
    if (TEST_DB === 'postgres') {
      // The schema comparator is exact on PostgreSQL: no statement may be needed.
      expect(await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).toBe('');
      return;
    }
    // SQLite's comparator always re-creates tables with foreign keys, so compare columns (names and
    // whether they take null) instead.
    const connection = orm.em.getConnection();
    for (const entity of entities) {
      const meta = orm.getMetadata().get(entity.name);
      const columns = (await connection.execute(`pragma table_info(\`${meta.tableName}\`)`)) as { name: string; notnull: number }[];
      const expected = meta.props.flatMap((prop) => (prop.fieldNames ?? []).map((name) => `${name}${prop.nullable ? ' null' : ' not null'}`)).sort();
      expect(columns.map((c) => `${c.name}${c.notnull ? ' not null' : ' null'}`).sort(), meta.tableName).toEqual(expected);
    }
  });
});
