import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientStatus, EnvironmentType, IdentityVendor } from '../../src/core/model.js';
import type { EntityManager as KnexEntityManager } from '@mikro-orm/knex';
import { ClientQueries, countSecretsExpiringBefore } from '../../src/store/client-queries.js';
import { ClientTally } from '../../src/store/entities/client-tally.entity.js';
import { Client } from '../../src/store/entities/client.entity.js';
import { ClientProvider } from '../../src/store/entities/client-provider.entity.js';
import { Environment } from '../../src/store/entities/environment.entity.js';
import { migrationNames } from '../../src/store/migrations/index.js';
import { entities, executedMigrations, openStore, pendingMigrations, type Orm } from '../../src/store/orm.js';
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
    expect(await executedMigrations(again)).toEqual(migrationNames);
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

  it('keeps the client tally equal to a count of the clients through inserts, moves, status changes and deletes', async () => {
    const em = orm.em.fork();
    const builtIn = em.create(ClientProvider, { orgId: 'tally', builtInOrgId: 'tally', name: 'Platform', vendor: IdentityVendor.PLATFORM });
    const other = em.create(ClientProvider, { orgId: 'tally', name: 'IdP', vendor: IdentityVendor.GENERIC_OIDC });
    const [dev, prod] = ['Dev', 'Prod'].map((name) => em.create(Environment, { orgId: 'tally', name, type: EnvironmentType.SANDBOX, defaultProvider: builtIn }));
    const clients = Array.from({ length: 12 }, (_, i) =>
      em.create(Client, { orgId: 'tally', ownerSub: `member-${i % 3}`, environment: i % 2 ? dev! : prod!, provider: i % 4 ? builtIn : other, name: `C${i}`, clientId: `tally-${i}`, redirectUris: [], grantTypes: [], scopes: [] }),
    );
    await em.flush();
    const tally = async () => {
      const rows = await orm.em.fork().find(ClientTally, { orgId: 'tally', n: { $gt: 0 } });
      return Object.fromEntries(rows.map((r) => [`${r.environmentId}/${r.providerId}/${r.ownerSub}/${r.status}`, r.n]));
    };
    const counted = async () => {
      const rows = await orm.em.fork().find(Client, { orgId: 'tally' });
      const counts: Record<string, number> = {};
      for (const c of rows) {
        const key = `${c.environment.id}/${c.provider.id}/${c.ownerSub}/${c.status}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    };
    expect(Object.values(await tally()).reduce((a, b) => a + b, 0)).toBe(12);
    expect(await tally()).toEqual(await counted());

    clients[0]!.status = ClientStatus.DELETING;
    clients[1]!.environment = prod!;
    clients[2]!.ownerSub = 'member-9';
    clients[3]!.name = 'Renamed'; // not part of the key: nothing moves
    em.remove([clients[4]!, clients[5]!]);
    await em.flush();
    expect(await tally()).toEqual(await counted());
    expect(Object.values(await tally()).reduce((a, b) => a + b, 0)).toBe(10);

    await em.nativeDelete(Client, { orgId: 'tally', environment: dev!.id });
    expect(await tally()).toEqual(await counted());
  });

  it.skipIf(TEST_DB !== 'postgres')('can serve a client search from its indexes on PostgreSQL: trigrams of lower(name), (org_id, client_id)', async () => {
    const em = orm.em.fork() as unknown as KnexEntityManager;
    // Enough clients, analyzed, for the planner to choose by the search's selectivity.
    const builtIn = em.create(ClientProvider, { orgId: 'search-plan', builtInOrgId: 'search-plan', name: 'Platform', vendor: IdentityVendor.PLATFORM });
    const environment = em.create(Environment, { orgId: 'search-plan', name: 'Prod', type: EnvironmentType.PRODUCTION, defaultProvider: builtIn });
    await em.flush();
    await em.execute(
      `insert into client (id, org_id, owner_sub, environment_id, provider_id, name, client_id, redirect_uris, grant_types, scopes, status, deletion_attempts, created_at, updated_at)
       select gen_random_uuid(), 'search-plan', 'owner', ?, ?, 'client ' || g || ' app', 'plan_' || g, '[]', '[]', '[]', 'ACTIVE', 0, now(), now() from generate_series(1, 5000) g`,
      [environment.id, builtIn.id],
    );
    await em.execute('vacuum analyze client'); // as autovacuum would: statistics, and GIN's pending entries merged into the index
    const sent: { sql: string; bindings?: unknown[] }[] = [];
    const listen = (query: { sql: string; bindings?: unknown[] }) => void sent.push(query);
    const knexes = [...new Set([em.getKnex(), em.getKnex('read')])];
    for (const knex of knexes) knex.on('query', listen);
    try {
      const queries = new ClientQueries(em, { orgId: 'search-plan' });
      await queries.list({ search: 'billing' }, { size: 20, backward: false, after: null, before: null });
      await queries.count({ search: 'billing' });
    } finally {
      for (const knex of knexes) knex.removeListener('query', listen);
    }
    expect(sent).toHaveLength(2);
    for (const { sql, bindings } of sent) {
      const plan = (await em.execute(`explain ${sql}`, bindings)) as { 'QUERY PLAN': string }[];
      const text = plan.map((row) => row['QUERY PLAN']).join('\n');
      expect(text, sql).toMatch(/Bitmap Index Scan on client_name_trgm_index/);
      expect(text, sql).toMatch(/Bitmap Index Scan on client_org_client_id_index/);
    }
  });

  it('reads the nested client pages of many parents through one range subquery (LATERAL on PostgreSQL, correlated on SQLite), in index order also for a parent far larger than the others', async () => {
    const em = orm.em.fork() as unknown as KnexEntityManager;
    const builtIn = em.create(ClientProvider, { orgId: 'pages-plan', builtInOrgId: 'pages-plan', name: 'Platform', vendor: IdentityVendor.PLATFORM });
    const environments = ['Big', 'Small', 'Empty'].map((name) => em.create(Environment, { orgId: 'pages-plan', name, type: EnvironmentType.PRODUCTION, defaultProvider: builtIn }));
    await em.flush();
    const [big, small, empty] = environments.map((environment) => environment.id) as [string, string, string];
    // 5,000 clients in one environment, 3 in another, none in the third.
    await em.execute(
      TEST_DB === 'postgres'
        ? `insert into client (id, org_id, owner_sub, environment_id, provider_id, name, client_id, redirect_uris, grant_types, scopes, status, deletion_attempts, created_at, updated_at)
           select gen_random_uuid(), 'pages-plan', 'owner', case when g <= 5000 then ?::uuid else ?::uuid end, ?, 'client ' || g, 'pages_' || g, '[]', '[]', '[]', 'ACTIVE', 0, now(), now() from generate_series(1, 5003) g`
        : `insert into client (id, org_id, owner_sub, environment_id, provider_id, name, client_id, redirect_uris, grant_types, scopes, status, deletion_attempts, secret_retirement_attempts, created_at, updated_at)
           with recursive g(n) as (select 1 union all select n + 1 from g where n < 5003)
           select printf('%08x-0000-7000-8000-%012x', n, n), 'pages-plan', 'owner', case when n <= 5000 then ? else ? end, ?, 'client ' || n, 'pages_' || n, '[]', '[]', '[]', 'ACTIVE', 0, 0, 1, 1 from g`,
      [big, small, builtIn.id],
    );
    await em.execute(TEST_DB === 'postgres' ? 'analyze client' : 'analyze');
    const sent: { sql: string; bindings: unknown[] }[] = [];
    const listen = (query: { sql: string; bindings: unknown[] }) => void sent.push(query);
    const knexes = [...new Set([em.getKnex(), em.getKnex('read')])];
    for (const knex of knexes) knex.on('query', listen);
    let pages;
    try {
      pages = await new ClientQueries(em, { orgId: 'pages-plan' }).pages('environment', [big, small, empty], { size: 10, backward: false, after: null, before: null });
    } finally {
      for (const knex of knexes) knex.removeListener('query', listen);
    }
    const [first] = (await em.execute(`select id from client where environment_id = ? order by id limit 10`, [big])) as { id: string }[][];
    expect(pages.map((page) => [page.rows.length, page.hasNextPage])).toEqual([
      [10, true],
      [3, false],
      [0, false],
    ]);
    expect(pages[0]!.rows[0]!.id).toBe(String((first as unknown as { id: string }).id));
    expect(sent).toHaveLength(1);
    const inlined = em.getKnex().raw(sent[0]!.sql, sent[0]!.bindings as never).toString();
    if (TEST_DB === 'sqlite') {
      const plan = ((await em.execute(`explain query plan ${inlined}`)) as { detail: string }[]).map((row) => row.detail).join('\n');
      // One subquery for every parent, each range read on (environment_id, id) in id order (no sort, so it stops at the limit), the rows by primary key.
      expect(plan).toMatch(/CORRELATED LIST SUBQUERY/);
      expect(plan).toMatch(/SEARCH client USING (COVERING )?INDEX client_environment_index \(environment_id=\?/);
      expect(plan).not.toMatch(/TEMP B-TREE|COMPOUND|UNION/);
      return;
    }
    const plan = ((await em.execute(`explain (analyze, costs off, timing off) ${inlined}`)) as { 'QUERY PLAN': string }[]).map((row) => row['QUERY PLAN']).join('\n');
    // One range planned for every parent, each read in id order on (environment_id, id) and left after the page's 11 rows.
    expect(plan).toMatch(/Values Scan/);
    expect(plan).not.toMatch(/Append/);
    expect(plan).toMatch(/Index Scan using client_environment_index on client/);
    expect(plan).not.toMatch(/Sort/);
    const [, rows, loops] = /Index Scan using client_environment_index on client \(actual rows=(\d+) loops=(\d+)\)/.exec(plan) ?? [];
    expect(Number(loops)).toBe(3);
    expect(Number(rows) * Number(loops)).toBeLessThanOrEqual(15); // 11 + 3 + 0, averaged per loop; not the 5,000
  });

  it('counts clients by secret expiry on an index on both engines ((org_id, secret_expires_at); secret_expires_at alone for the gauge), and pages them on it on PostgreSQL', async () => {
    const em = orm.em.fork() as unknown as KnexEntityManager;
    const builtIn = em.create(ClientProvider, { orgId: 'expiry-plan', builtInOrgId: 'expiry-plan', name: 'Platform', vendor: IdentityVendor.PLATFORM });
    const environment = em.create(Environment, { orgId: 'expiry-plan', name: 'Prod', type: EnvironmentType.PRODUCTION, defaultProvider: builtIn });
    await em.flush();
    // Most secrets never expire; one in a hundred does, spread over a year.
    const day = 86_400_000;
    const now = Date.now();
    for (let start = 0; start < 5000; start += 500) {
      for (let i = start; i < start + 500; i++) {
        em.create(Client, {
          orgId: 'expiry-plan',
          ownerSub: 'owner',
          environment,
          provider: builtIn,
          name: `client ${i}`,
          clientId: `expiry_${i}`,
          redirectUris: [],
          grantTypes: [],
          scopes: [],
          secretExpiresAt: i % 100 === 0 ? new Date(now + (i / 100) * 7 * day) : null,
        });
      }
      await em.flush();
      em.clear();
    }
    await em.execute(TEST_DB === 'postgres' ? 'analyze client' : 'analyze');
    const sent: { sql: string; bindings: unknown[] }[] = [];
    const listen = (query: { sql: string; bindings: unknown[] }) => void sent.push(query);
    const knexes = [...new Set([em.getKnex(), em.getKnex('read')])];
    for (const knex of knexes) knex.on('query', listen);
    const before = new Date(now + 30 * day);
    try {
      const queries = new ClientQueries(em, { orgId: 'expiry-plan' });
      expect((await queries.list({ secretExpiresBefore: before }, { size: 20, backward: false, after: null, before: null })).rows).toHaveLength(5);
      expect(await queries.count({ secretExpiresBefore: before })).toBe(5);
      expect(await countSecretsExpiringBefore(em, before)).toBe(5);
    } finally {
      for (const knex of knexes) knex.removeListener('query', listen);
    }
    expect(sent).toHaveLength(3);
    const plans = await Promise.all(
      sent.map(async ({ sql, bindings }) => {
        const inlined = em.getKnex().raw(sql, bindings as never).toString();
        const rows = (await em.execute(`explain ${TEST_DB === 'postgres' ? '' : 'query plan '}${inlined}`)) as Record<string, unknown>[];
        return rows.map((row) => String(row['QUERY PLAN'] ?? row.detail)).join('\n');
      }),
    );
    // SQLite pages in id order on (org_id, id) and stops when the page is full, as it does for a search.
    if (TEST_DB === 'postgres') expect(plans[0], sent[0]!.sql).toMatch(/Index Scan using client_(org_)?secret_expires_index|Bitmap Index Scan on client_(org_)?secret_expires_index/);
    expect(plans[1], sent[1]!.sql).toMatch(/client_org_secret_expires_index/);
    expect(plans[2], sent[2]!.sql).toMatch(/client_secret_expires_index/);
  });
});
