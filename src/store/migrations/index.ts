import { Migration20261202000000 as PostgresqlIntents } from './postgresql/Migration20261202000000.js';
import { Migration20261202010000 as PostgresqlReconciliation } from './postgresql/Migration20261202010000.js';
import { Migration20261202020000 as PostgresqlClientTally } from './postgresql/Migration20261202020000.js';
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000 as SqliteInitial } from './sqlite/Migration20261128000000.js';
import { Migration20261128020000 as SqliteIdpClients } from './sqlite/Migration20261128020000.js';
import { Migration20261128030000 as SqliteJwt } from './sqlite/Migration20261128030000.js';
import { Migration20261201000000 as SqliteNullableClientId } from './sqlite/Migration20261201000000.js';
import { Migration20261201010000 as SqliteInvalidationFeed } from './sqlite/Migration20261201010000.js';
import { Migration20261201020000 as SqliteDeletedClients } from './sqlite/Migration20261201020000.js';
import { Migration20261202000000 as SqliteIntents } from './sqlite/Migration20261202000000.js';
import { Migration20261202010000 as SqliteReconciliation } from './sqlite/Migration20261202010000.js';
import { Migration20261202020000 as SqliteClientTally } from './sqlite/Migration20261202020000.js';
import { Migration20261128000000 as PostgresqlInitial } from './postgresql/Migration20261128000000.js';
import { Migration20261128020000 as PostgresqlIdpClients } from './postgresql/Migration20261128020000.js';
import { Migration20261128030000 as PostgresqlJwt } from './postgresql/Migration20261128030000.js';
import { Migration20261201000000 as PostgresqlNullableClientId } from './postgresql/Migration20261201000000.js';
import { Migration20261201010000 as PostgresqlInvalidationFeed } from './postgresql/Migration20261201010000.js';
import { Migration20261201020000 as PostgresqlDeletedClients } from './postgresql/Migration20261201020000.js';

// Listed explicitly (no directory scanning) so the compiled build and the tests run the same list.
// Each dialect has its own SQL; test/integration/store.test.ts proves both match the entities.
// `npm run -s migration:sql -- sqlite|postgresql` prints what the next migration needs.
export const sqliteMigrations: MigrationObject[] = [
  { name: 'Migration20261128000000', class: SqliteInitial },
  { name: 'Migration20261128020000', class: SqliteIdpClients },
  { name: 'Migration20261128030000', class: SqliteJwt },
  { name: 'Migration20261201000000', class: SqliteNullableClientId },
  { name: 'Migration20261201010000', class: SqliteInvalidationFeed },
  { name: 'Migration20261201020000', class: SqliteDeletedClients },
  { name: 'Migration20261202000000', class: SqliteIntents },
  { name: 'Migration20261202010000', class: SqliteReconciliation },
  { name: 'Migration20261202020000', class: SqliteClientTally },
];
export const postgresqlMigrations: MigrationObject[] = [
  { name: 'Migration20261128000000', class: PostgresqlInitial },
  { name: 'Migration20261128020000', class: PostgresqlIdpClients },
  { name: 'Migration20261128030000', class: PostgresqlJwt },
  { name: 'Migration20261201000000', class: PostgresqlNullableClientId },
  { name: 'Migration20261201010000', class: PostgresqlInvalidationFeed },
  { name: 'Migration20261201020000', class: PostgresqlDeletedClients },
  { name: 'Migration20261202000000', class: PostgresqlIntents },
  { name: 'Migration20261202010000', class: PostgresqlReconciliation },
  { name: 'Migration20261202020000', class: PostgresqlClientTally },
];
