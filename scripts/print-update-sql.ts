// Prints the DDL that would bring a database migrated to the latest migration in line with the
// entities, per dialect: the body of the next migration.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../src/store/orm.js';

const dialect = process.argv[2] ?? 'sqlite';
if (dialect === 'sqlite') {
  const orm = await openStore({ kind: 'sqlite', file: ':memory:' });
  console.log(await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false }));
  await orm.close();
} else {
  const admin = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  const name = `cp_ddl_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  try {
    const orm = await openStore({ kind: 'postgresql', url: url.toString() });
    console.log(await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false }));
    await orm.close();
  } finally {
    await client.query(`drop database ${name} with (force)`);
    await client.end();
  }
}
