import type { EntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientStatus, EnvironmentType, IdentityVendor } from '../../src/core/model.js';
import { ClientProvider } from '../../src/store/entities/client-provider.entity.js';
import { Client } from '../../src/store/entities/client.entity.js';
import { Environment } from '../../src/store/entities/environment.entity.js';
import { openStore, type Orm } from '../../src/store/orm.js';
import { CLIENT_FIELDS, PROVIDER_FIELDS, findRows, linkedRows, readRows } from '../../src/store/rows.js';
import { ProviderLink } from '../../src/store/entities/provider-link.entity.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

// Text that JSON must escape, or that is easy to mangle on the way: quotes, backslashes, a
// character outside the BMP, the line separators JavaScript once refused in string literals,
// HTML, a NUL-free control character the API would refuse but the store must still give back.
const AWKWARD = 'Quote " back\\slash \'single\' 😀 \u2028\u2029 </script> tab\there';

/** A provider's columns of every kind but references: text, JSON, null JSON, boolean, integer, date. */
const PROVIDER_VALUES = {
  description: AWKWARD,
  registrationScopes: ['a', 'ü', AWKWARD],
  grantTypesSupported: null,
  validateJwtLocally: true,
  requestTimeoutMs: 1234,
  createdAt: new Date('2026-01-02T03:04:05.678Z'),
};

let database: TestDatabase;
let orm: Orm;
let em: EntityManager;
let provider: ClientProvider;
let environment: Environment;
const clients: Client[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await openStore(database.store);
  em = orm.em.fork() as EntityManager;
  provider = Object.assign(new ClientProvider(), {
    orgId: 'org',
    name: 'IdP',
    vendor: IdentityVendor.GENERIC_OIDC,
    ...PROVIDER_VALUES,
    // Rows say only whether each is stored (hasRegistrationAuthorization, …), one of each answer.
    registrationAuthorizationSealed: 'sealed-authorization',
    introspectionClientSecretSealed: 'sealed-introspection-secret',
  });
  environment = Object.assign(new Environment(), { orgId: 'org', name: AWKWARD.slice(0, 100), type: EnvironmentType.SANDBOX, defaultProvider: provider, createdAt: new Date('2026-02-03T04:05:06.789Z') });
  em.persist([provider, environment, Object.assign(new ProviderLink(), { environment, provider })]);
  for (let i = 0; i < 30; i++) {
    const client = Object.assign(new Client(), {
      orgId: 'org',
      ownerSub: 'owner',
      environment,
      provider,
      name: `${String(i).padStart(2, '0')} ${AWKWARD}`,
      description: i % 2 === 0 ? null : AWKWARD,
      clientId: `client-${i}`,
      redirectUris: i % 3 === 0 ? [] : [`https://app.example.com/cb?x="${i}"`],
      scopes: ['read', AWKWARD],
      status: i % 5 === 0 ? ClientStatus.DELETING : ClientStatus.ACTIVE,
      secretExpiresAt: i % 2 === 0 ? null : new Date(Date.UTC(2027, 0, 1, 0, 0, 0, i)),
      // Rows say only whether there is one (hasClientSecret).
      clientSecretSealed: i % 4 === 0 ? null : `sealed-${i}`,
    });
    clients.push(client);
    em.persist(client);
  }
  await em.flush();
  em.clear();
});
afterAll(async () => {
  await orm?.close();
  await database?.drop();
});

/** What a row of these fields must hold: the entity's values, each reference as { id }. */
function expected(client: Client) {
  return Object.fromEntries(
    CLIENT_FIELDS.map((field) => {
      const value = client[field];
      return [field, value instanceof Environment || value instanceof ClientProvider ? { id: value.id } : value];
    }),
  );
}

describe('rows read as one JSON document (store/rows.ts)', () => {
  it('give back exactly what was written: escaped text, JSON columns, dates to the millisecond, nulls, booleans, integers, references', async () => {
    const rows = await findRows(em, Client, { orgId: 'org' }, { fields: CLIENT_FIELDS, orderBy: { id: 'asc' } });
    expect(rows).toEqual(clients.map(expected));
    expect(new Set(rows.map((row) => row.hasClientSecret))).toEqual(new Set([true, false]));
    const [providerRow] = await findRows(em, ClientProvider, { id: provider.id });
    expect(providerRow).toMatchObject(PROVIDER_VALUES);
    expect(typeof providerRow!.validateJwtLocally).toBe('boolean');
  });

  it('say whether a provider’s secrets are stored, without reading them, by id and through its links', async () => {
    const presence = { hasRegistrationAuthorization: true, hasRegistrationClientSecret: false, hasIntrospectionClientSecret: true };
    const [byId] = await findRows(em, ClientProvider, { id: provider.id }, { fields: PROVIDER_FIELDS });
    const [{ row: linked }] = await linkedRows(em, 'org', 'environment', [environment.id]);
    for (const row of [byId!, linked]) {
      expect(row).toMatchObject({ ...presence, id: provider.id, ...PROVIDER_VALUES });
      expect(Object.keys(row).sort()).toEqual([...PROVIDER_FIELDS].sort());
      expect(JSON.stringify(row)).not.toContain('sealed-');
    }
  });

  it('keep the order asked for, either way, and return nothing as an empty list', async () => {
    const ids = clients.map((client) => client.id).sort();
    const descending = await findRows(em, Client, { orgId: 'org' }, { fields: ['id'], orderBy: { id: 'desc' }, limit: 25 });
    expect(descending.map((row) => row.id)).toEqual([...ids].reverse().slice(0, 25));
    // MikroORM's other spellings of an order mean the same.
    const numeric = await findRows(em, Client, { orgId: 'org' }, { fields: ['id'], orderBy: { id: -1 }, limit: 25 });
    expect(numeric.map((row) => row.id)).toEqual([...ids].reverse().slice(0, 25));
    const upper = await findRows(em, Client, { orgId: 'org' }, { fields: ['id'], orderBy: { id: 'ASC' } });
    expect(upper.map((row) => row.id)).toEqual(ids);
    expect(await findRows(em, Client, { orgId: 'nobody' })).toEqual([]);
  });

  it('carry extra columns of a statement beside the entity row (the links of both sides)', async () => {
    const [link] = await linkedRows(em, 'org', 'environment', [environment.id]);
    expect(link).toMatchObject({ key: environment.id, row: { id: provider.id, name: 'IdP', description: AWKWARD } });
    const [back] = await linkedRows(em, 'org', 'provider', [provider.id]);
    expect(back).toMatchObject({ key: provider.id, row: { id: environment.id, name: environment.name, defaultProvider: { id: provider.id } } });
  });

  it('read inside a transaction see its own uncommitted writes', async () => {
    const fork = orm.em.fork() as EntityManager;
    await fork.transactional(async (tx) => {
      await tx.nativeUpdate(Client, { id: clients[0]!.id }, { name: 'renamed in the transaction' });
      const [row] = await readRows<Client>(tx, Client.name, tx.getKnex().select('id', 'name').from('client').where('id', clients[0]!.id), { fields: ['id', 'name'] });
      expect(row).toEqual({ id: clients[0]!.id, name: 'renamed in the transaction' });
      throw new Error('roll back');
    }).catch((error: Error) => expect(error.message).toBe('roll back'));
    const [after] = await findRows(em, Client, { id: clients[0]!.id }, { fields: ['name'] });
    expect(after!.name).toBe(clients[0]!.name);
  });
});
