// Prints the DDL that would bring a database migrated to the latest migration in line with the
// entities, per dialect: the body of the next migration.
//
//   npm run -s migration:sql -- sqlite|postgresql
import { openStore } from '../src/store/orm.js';
import { createTestDatabase } from '../test/support/database.js';

const dialect = process.argv[2] ?? 'sqlite';
if (dialect !== 'sqlite' && dialect !== 'postgresql') throw new Error('Usage: npm run -s migration:sql -- sqlite|postgresql');
// A new, empty database of that dialect (SQLite in memory; PostgreSQL on TEST_POSTGRES_URL's
// server), migrated, then compared with the entities.
const database =
  dialect === 'sqlite' ? { store: { kind: 'sqlite' as const, file: ':memory:' }, drop: async () => {} } : await createTestDatabase('postgres');
try {
  const orm = await openStore(database.store);
  console.log(await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false }));
  await orm.close();
} finally {
  await database.drop();
}
