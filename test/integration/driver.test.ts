import { existsSync } from 'node:fs';
import { DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute, type Affected } from '../../src/store/driver.js';
import { openStore, type Orm } from '../../src/store/orm.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../support/database.js';

// Statements through store/driver.ts: on the driver's own connection with their values bound (on
// SQLite prepared once per connection). What it stores and reads must be what MikroORM's own
// execute (every value formatted into the text) stores and reads.

let database: TestDatabase;
let orm: Orm;
const statements: string[] = [];
const fork = () => orm.em.fork() as EntityManager;
const postgres = TEST_DB === 'postgres';

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await openStore(database.store, { onQuery: (sql) => void statements.push(sql) });
  // The column types the store's tables have (migrations): on SQLite, their affinities decide how a bound value is kept.
  const columns = postgres ? 'id text primary key, d timestamptz, b boolean, j jsonb, t text, n integer' : 'id text primary key, d datetime, b integer, j json, t text, n integer';
  await fork().getConnection().execute(`create table scratch (${columns})`);
});

afterAll(async () => {
  await orm?.close(true);
  await database?.drop();
});

describe('store/driver.ts', () => {
  it('stores and reads values as MikroORM does when it writes them into the text: dates, booleans, JSON, text, nulls, numbers', async () => {
    const awkward = 'Quote " \'single\' back\\slash 😀 \u2028 ? :name $1';
    const values = (id: string) => [id, new Date('2026-12-05T01:02:03.456Z'), true, { list: [1, null, awkward], nested: { ok: false } }, awkward, 42];
    const insert = 'insert into scratch (id, d, b, j, t, n) values (?, ?, ?, ?, ?, ?)';
    await fork().getConnection().execute(insert, values('by-mikro-orm'), 'run');
    expect((await execute<Affected>(fork(), insert, values('by-driver'), 'run')).affectedRows).toBe(1);
    await execute(fork(), insert, ['nulls', null, false, null, undefined, null], 'run');

    const select = postgres
      ? 'select id, d, b, j::text as j, t, n from scratch where id = ?'
      : 'select id, d, typeof(d) as dt, b, typeof(b) as bt, j, typeof(j) as jt, t, n, typeof(n) as nt from scratch where id = ?';
    const [byMikroOrm] = await fork().getConnection().execute(select, ['by-mikro-orm']);
    const [byDriver] = await execute(fork(), select, ['by-driver'], 'all', 'read');
    expect(byDriver).toEqual({ ...byMikroOrm, id: 'by-driver' });
    expect(byDriver!.t).toBe(awkward);
    expect(JSON.parse(String(byDriver!.j))).toEqual({ list: [1, null, awkward], nested: { ok: false } });
    const [nulls] = await execute(fork(), 'select d, b, j, t, n from scratch where id = ?', ['nulls'], 'all', 'read');
    expect(nulls).toEqual({ d: null, b: postgres ? false : 0, j: null, t: null, n: null });
    // A list as JSON, as a plain object; a bigint as its number (node-sqlite3 would bind null).
    await execute(fork(), insert, ['list', null, null, [1, 'two', { three: 3 }], null, 7n], 'run');
    const [list] = await execute(fork(), `select ${postgres ? 'j::text as j' : 'j'}, n from scratch where id = ?`, ['list'], 'all', 'read');
    expect({ j: JSON.parse(String(list!.j)), n: list!.n }).toEqual({ j: [1, 'two', { three: 3 }], n: 7 });
  });

  it('refuses what no text could have held, and sends nothing: an invalid date, a number that is not finite, a bigint past 2^53', async () => {
    const before = statements.length;
    for (const [value, message] of [
      [new Date(1e17 * 1000), 'invalid date'],
      [Number.NaN, 'NaN'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
      [2n ** 60n, String(2n ** 60n)],
    ] as const) {
      await expect(execute(fork(), 'insert into scratch (id, n) values (?, ?)', ['refused', value], 'run')).rejects.toThrow(message);
    }
    expect(statements.length).toBe(before);
    expect(await execute(fork(), 'select id from scratch where id = ?', ['refused'], 'all', 'read')).toEqual([]);
  });

  it('announces each statement once to the store’s query listeners', async () => {
    const before = statements.length;
    await execute(fork(), 'select count(*) as n from scratch where t = ?', ['x'], 'all', 'read');
    await execute(fork(), 'update scratch set n = n + 1 where id = ?', ['nobody'], 'run');
    expect(statements.slice(before)).toHaveLength(2);
    expect(statements.slice(before).every((sql) => sql.includes('scratch'))).toBe(true);
  });

  it('runs in the caller’s transaction: its writes are seen inside it and undone with it, several statements of one text at once', async () => {
    await expect(
      fork().transactional(async (em) => {
        await execute(em, 'insert into scratch (id, n) values (?, ?)', ['in-transaction', 7], 'run');
        const reads = await Promise.all(Array.from({ length: 20 }, (_, i) => execute<{ id: string; n: number }[]>(em, 'select id, n + ? as n from scratch where id = ?', [i, 'in-transaction'], 'all', 'read')));
        expect(reads.map(([row]) => row!.n)).toEqual(Array.from({ length: 20 }, (_, i) => 7 + i));
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await execute(fork(), 'select id from scratch where id = ?', ['in-transaction'], 'all', 'read')).toEqual([]);
  });

  it('refuses a statement on a transaction that has ended, as knex does, and sends nothing', async () => {
    let ended: EntityManager | undefined;
    await fork().transactional(async (em) => void (ended = em));
    const before = statements.length;
    await expect(execute(ended!, 'insert into scratch (id) values (?)', ['after-the-end'], 'run')).rejects.toThrow('the transaction has ended');
    expect(statements.length).toBe(before);
    expect(await execute(fork(), 'select id from scratch where id = ?', ['after-the-end'], 'all', 'read')).toEqual([]);
  });

  it('gives MikroORM’s exceptions: a unique violation, and a text that does not prepare (each time), after which the connection goes on', async () => {
    await execute(fork(), 'insert into scratch (id) values (?)', ['unique'], 'run');
    await expect(execute(fork(), 'insert into scratch (id) values (?)', ['unique'], 'run')).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    // The statement that failed is prepared again and runs.
    expect((await execute<Affected>(fork(), 'insert into scratch (id) values (?)', ['unique-2'], 'run')).affectedRows).toBe(1);
    for (let i = 0; i < 2; i++) await expect(execute(fork(), 'select * from no_such_table where id = ?', ['x'], 'all', 'read')).rejects.toBeInstanceOf(DriverException);
    expect(await execute(fork(), 'select id from scratch where id = ?', ['unique'], 'all', 'read')).toEqual([{ id: 'unique' }]);
  });

  it('goes on past the statements it keeps per connection, and the store still closes every connection', async () => {
    // More texts than a connection keeps prepared (the oldest are finalized), on the write and the read connections.
    for (let i = 0; i < 250; i++) {
      expect(await execute<{ v: number }[]>(fork(), `select ? + ${i} as v`, [1], 'all', i % 2 ? 'read' : 'write')).toEqual([{ v: 1 + i }]);
    }
    await orm.close(true);
    // SQLite removes the write-ahead log when the last connection to the file closes; a connection
    // left open by a statement still prepared would keep it.
    if (database.file) expect(existsSync(`${database.file}-wal`)).toBe(false);
    orm = await openStore(database.store);
    expect(await execute(fork(), 'select id from scratch where id = ?', ['unique'], 'all', 'read')).toEqual([{ id: 'unique' }]);
  });
});
