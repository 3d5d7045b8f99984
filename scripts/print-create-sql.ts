// Prints the DDL that the entities imply, per dialect: a starting point when writing a migration.
import { MikroORM as SqliteORM } from '@mikro-orm/sqlite';
import { MikroORM as PostgresORM } from '@mikro-orm/postgresql';
import { entities } from '../src/store/orm.js';

const dialect = process.argv[2] ?? 'sqlite';
const discovery = { disableDynamicFileAccess: true, requireEntitiesArray: true };
const orm =
  dialect === 'sqlite'
    ? await SqliteORM.init({ entities, discovery, dbName: ':memory:', connect: false })
    : await PostgresORM.init({ entities, discovery, clientUrl: 'postgresql://127.0.0.1:5432/test', connect: false });
console.log(await orm.getSchemaGenerator().getCreateSchemaSQL({ wrap: false }));
await orm.close();
