import type { MigrationObject } from '@mikro-orm/core';

type Module = Promise<Record<string, MigrationObject['class']>>;

/**
 * Every migration, in order; each dialect has its own SQL in a file of this name under sqlite/ and
 * postgresql/ (test/integration/store.test.ts proves both match the entities). Only the names are
 * needed at start: the classes (and the migrator) are loaded only when one is pending.
 * `npm run -s migration:sql -- sqlite|postgresql` prints what the next migration needs.
 */
const migrations: { name: string; sqlite: () => Module; postgresql: () => Module }[] = [
  { name: 'Migration20261128000000', sqlite: () => import('./sqlite/Migration20261128000000.js'), postgresql: () => import('./postgresql/Migration20261128000000.js') },
  { name: 'Migration20261128020000', sqlite: () => import('./sqlite/Migration20261128020000.js'), postgresql: () => import('./postgresql/Migration20261128020000.js') },
  { name: 'Migration20261128030000', sqlite: () => import('./sqlite/Migration20261128030000.js'), postgresql: () => import('./postgresql/Migration20261128030000.js') },
  { name: 'Migration20261201000000', sqlite: () => import('./sqlite/Migration20261201000000.js'), postgresql: () => import('./postgresql/Migration20261201000000.js') },
  { name: 'Migration20261201010000', sqlite: () => import('./sqlite/Migration20261201010000.js'), postgresql: () => import('./postgresql/Migration20261201010000.js') },
  { name: 'Migration20261201020000', sqlite: () => import('./sqlite/Migration20261201020000.js'), postgresql: () => import('./postgresql/Migration20261201020000.js') },
  { name: 'Migration20261202000000', sqlite: () => import('./sqlite/Migration20261202000000.js'), postgresql: () => import('./postgresql/Migration20261202000000.js') },
  { name: 'Migration20261202010000', sqlite: () => import('./sqlite/Migration20261202010000.js'), postgresql: () => import('./postgresql/Migration20261202010000.js') },
  { name: 'Migration20261202020000', sqlite: () => import('./sqlite/Migration20261202020000.js'), postgresql: () => import('./postgresql/Migration20261202020000.js') },
  { name: 'Migration20261202030000', sqlite: () => import('./sqlite/Migration20261202030000.js'), postgresql: () => import('./postgresql/Migration20261202030000.js') },
  { name: 'Migration20261202040000', sqlite: () => import('./sqlite/Migration20261202040000.js'), postgresql: () => import('./postgresql/Migration20261202040000.js') },
  { name: 'Migration20261202050000', sqlite: () => import('./sqlite/Migration20261202050000.js'), postgresql: () => import('./postgresql/Migration20261202050000.js') },
  { name: 'Migration20261202060000', sqlite: () => import('./sqlite/Migration20261202060000.js'), postgresql: () => import('./postgresql/Migration20261202060000.js') },
  { name: 'Migration20261202070000', sqlite: () => import('./sqlite/Migration20261202070000.js'), postgresql: () => import('./postgresql/Migration20261202070000.js') },
  { name: 'Migration20261202080000', sqlite: () => import('./sqlite/Migration20261202080000.js'), postgresql: () => import('./postgresql/Migration20261202080000.js') },
  { name: 'Migration20261203000000', sqlite: () => import('./sqlite/Migration20261203000000.js'), postgresql: () => import('./postgresql/Migration20261203000000.js') },
];

export const migrationNames = migrations.map((migration) => migration.name);

export async function loadMigrations(dialect: 'sqlite' | 'postgresql'): Promise<MigrationObject[]> {
  return Promise.all(migrations.map(async (migration) => ({ name: migration.name, class: (await migration[dialect]())[migration.name]! })));
}
