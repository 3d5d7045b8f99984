import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000 as SqliteInitial } from './sqlite/Migration20261128000000.js';
import { Migration20261128000000 as PostgresqlInitial } from './postgresql/Migration20261128000000.js';

// Listed explicitly (no directory scanning) so the compiled build and the tests run the same list.
// Each dialect has its own SQL; test/integration/store.test.ts proves both match the entities.
export const sqliteMigrations: MigrationObject[] = [{ name: 'Migration20261128000000', class: SqliteInitial }];
export const postgresqlMigrations: MigrationObject[] = [{ name: 'Migration20261128000000', class: PostgresqlInitial }];
