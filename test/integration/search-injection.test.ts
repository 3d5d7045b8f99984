import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientsDocument } from '../generated/graphql.js';
import { admin, startTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../support/database.js';
import { seedClient, seedEnvironment } from '../support/seed.js';

/**
 * A search is text, whatever the database's string settings: on PostgreSQL with
 * standard_conforming_strings off (a backslash then escapes inside '…'), no search reaches SQL as
 * code, and another organization's clients stay out of reach.
 */
let t: TestApp;
let database: TestDatabase | undefined;
beforeAll(async () => {
  if (TEST_DB === 'postgres') {
    database = await createTestDatabase('postgres');
    const url = (database.store as { url: string }).url;
    // Every connection to this database starts with the setting off, the app's pool included.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`alter database "${new URL(url).pathname.slice(1)}" set standard_conforming_strings = off`);
    await admin.end();
    t = await startTestApp({ store: { kind: 'postgresql', url } });
  } else {
    t = await startTestApp();
  }
  const theirs = await seedEnvironment(t, admin('inj-theirs'), 'Prod');
  await seedClient(t, admin('inj-theirs'), { environmentId: theirs.id, name: 'Their secret app' });
  const ours = await seedEnvironment(t, admin('inj-ours'), 'Prod');
  await seedClient(t, admin('inj-ours'), { environmentId: ours.id, name: 'Our app' });
});
afterAll(async () => {
  await t?.close();
  await database?.drop();
});

describe('client search on unusual string settings', () => {
  it('runs with the setting the test asked for', async () => {
    if (TEST_DB !== 'postgres') return;
    const [row] = (await t.app.orm.em.fork().getConnection().execute('show standard_conforming_strings')) as { standard_conforming_strings: string }[];
    expect(row!.standard_conforming_strings).toBe('off');
  });

  it.each(['|| null) or true --', "x') or true --", "\\') or true --", "x'); select 1 --", '\\', "\\'", 'Our'])('treats %j as text', async (search) => {
    const response = await t.request(admin('inj-ours'), ClientsDocument, { search });
    expect(response.errors).toBeUndefined();
    const names = response.data!.clients.edges.map((e) => e.node.name);
    expect(names).toEqual(search === 'Our' ? ['Our app'] : []);
    expect(response.data!.clients.totalCount).toBe(names.length);
  });
});
