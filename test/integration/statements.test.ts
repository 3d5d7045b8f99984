import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException, wrap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditOutcome } from '../../src/core/audit.js';
import { ClientStatus, EnvironmentType, IdentityVendor, IdpOperation } from '../../src/core/model.js';
import { AuditEvent } from '../../src/store/entities/audit-event.entity.js';
import { ClientProvider } from '../../src/store/entities/client-provider.entity.js';
import { Client } from '../../src/store/entities/client.entity.js';
import { Environment } from '../../src/store/entities/environment.entity.js';
import { IdpIntent } from '../../src/store/entities/idp-intent.entity.js';
import { ProviderLink } from '../../src/store/entities/provider-link.entity.js';
import { openStore, type Orm } from '../../src/store/orm.js';
import { changedProperties, deleteRows, findEntity, insertRow, insertRows, rowExists, updateRow } from '../../src/store/statements.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

// Text that is easy to mangle on the way: quotes, a backslash, a character outside the BMP, a line separator.
const AWKWARD = 'Quote " back\\slash \'single\' 😀 \u2028 tab\there';

let database: TestDatabase;
let orm: Orm;
let provider: ClientProvider;
let environment: Environment;
/** Every statement sent, in order. */
const statements: string[] = [];

const fork = () => orm.em.fork() as EntityManager;
/** Every column of a row as the store holds it, read past MikroORM. */
async function stored(table: string, id: string): Promise<Record<string, unknown>> {
  const [row] = (await fork().getKnex().select('*').from(table).where('id', id)) as Record<string, unknown>[];
  return row!;
}
/** A row without the columns that must differ between two writes of the same thing. */
const without = (row: Record<string, unknown>, ...columns: string[]) => Object.fromEntries(Object.entries(row).filter(([column]) => !columns.includes(column)));

/** A client with a value of every kind: text, JSON (an empty list, awkward text), null, dates, references, an enum. */
const clientData = (clientId: string) => ({
  orgId: 'org',
  ownerSub: 'owner',
  environment,
  provider,
  name: AWKWARD.slice(0, 40),
  description: null,
  clientId,
  clientSecretSealed: `sealed-${clientId}`,
  redirectUris: [],
  grantTypes: ['client_credentials'],
  scopes: ['read', AWKWARD],
  status: ClientStatus.REGISTERING,
  secretExpiresAt: new Date('2027-01-02T03:04:05.678Z'),
  providerMetadata: { client_name: AWKWARD, nested: { list: [1, null, 'x'] } },
  createdAt: new Date('2026-01-02T03:04:05.678Z'),
  updatedAt: new Date('2026-01-02T03:04:05.678Z'),
});

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await openStore(database.store, { onQuery: (sql) => void statements.push(sql) });
  const em = fork();
  provider = Object.assign(new ClientProvider(), { orgId: 'org', name: 'IdP', vendor: IdentityVendor.GENERIC_OIDC, issuer: 'https://idp.example.com' });
  environment = Object.assign(new Environment(), { orgId: 'org', name: 'Env', type: EnvironmentType.SANDBOX, defaultProvider: provider });
  em.persist([provider, environment, Object.assign(new ProviderLink(), { environment, provider })]);
  await em.flush();
});
afterAll(async () => {
  await orm?.close();
  await database?.drop();
});

describe('writes without the unit of work (store/statements.ts)', () => {
  it('insert the row MikroORM’s unit of work inserts for the same object, every column alike', async () => {
    // What must differ between two rows of one table: the key, and the columns a unique index covers.
    // Every date is given: a default of `new Date()` would differ between two objects built a millisecond apart.
    const cases: [string, (key: string) => object, string[]][] = [
      ['client', (key) => Object.assign(new Client(), clientData(key)), ['id', 'client_id', 'client_secret_sealed']],
      ['client_provider', (key) => Object.assign(new ClientProvider(), { orgId: `org-${key}`, name: AWKWARD.slice(0, 50), vendor: IdentityVendor.OKTA, issuer: 'https://okta.example.com', registrationScopes: ['okta.apps.manage'], grantTypesSupported: null, validateJwtLocally: true, allowClientDeletion: false, requestTimeoutMs: 1234, createdAt: new Date('2026-03-04T05:06:07.089Z'), updatedAt: new Date('2026-03-04T05:06:08.090Z') }), ['id', 'org_id']],
      ['idp_intent', () => Object.assign(new IdpIntent(), { orgId: 'org', providerId: provider.id, clientRowId: environment.id, operation: IdpOperation.REGISTER, clientName: AWKWARD.slice(0, 50), sent: { redirect_uris: [], client_name: AWKWARD }, createdAt: new Date(1_800_000_000_123), leaseUntil: new Date(1_800_000_030_123) }), ['id']],
      ['audit_event', () => Object.assign(new AuditEvent(), { orgId: 'org', occurredAt: new Date(1_800_000_000_456), actor: 'someone', action: 'register', targetId: 'Client:x', environmentId: environment.id, providerId: null, clientId: null, outcome: AuditOutcome.SUCCESS, errorCode: null, summary: AWKWARD, changes: [{ field: 'scopes', before: null, after: ['a'] }] }), ['id']],
    ];
    for (const [table, make, differing] of cases) {
      const byUnitOfWork = make('a') as { id: string };
      const byStatement = make('b') as { id: string };
      const em = fork();
      em.persist(byUnitOfWork);
      await em.flush();
      await fork().transactional((tx) => insertRow(tx as EntityManager, byStatement));
      expect(without(await stored(table, byStatement.id), ...differing), table).toEqual(without(await stored(table, byUnitOfWork.id), ...differing));
      // And MikroORM reads it back as the object written.
      const read = (await fork().findOneOrFail(byStatement.constructor as never, byStatement.id)) as Record<string, unknown>;
      for (const [key, value] of Object.entries(byStatement) as [string, unknown][]) {
        if (value instanceof Environment || value instanceof ClientProvider) expect((read[key] as { id: string }).id, `${table}.${key}`).toBe(value.id);
        else expect(read[key], `${table}.${key}`).toEqual(value);
      }
    }
  });

  it('insert the objects of one entity with the same columns in one statement', async () => {
    const intent = (clientName: string) => Object.assign(new IdpIntent(), { orgId: 'org', providerId: provider.id, clientRowId: environment.id, operation: IdpOperation.REGISTER, clientName, createdAt: new Date(), leaseUntil: new Date() });
    // One with a column left undefined: its default applies, in a statement of its own.
    const withoutError: IdpIntent = Object.assign(intent('d'), { lastError: undefined as unknown as null });
    const objects = [intent('a'), intent('b'), withoutError, intent('c')];
    statements.length = 0;
    await fork().transactional((tx) => insertRows(tx as EntityManager, objects));
    const inserts = statements.filter((sql) => /^insert/i.test(sql));
    expect(inserts).toHaveLength(2);
    expect(inserts[0]!.match(/\),\s*\(/g)).toHaveLength(2);
    expect(inserts[1]).not.toMatch(/last_error/);
    for (const object of objects) expect(await rowExists(fork(), IdpIntent, { id: object.id })).toBe(true);
    expect((await stored('idp_intent', withoutError.id)).last_error).toBeNull();
  });

  it('update the given columns and updatedAt where the filter still matches, as the unit of work would, and say how many rows changed', async () => {
    const [viaUnitOfWork, viaStatement] = [Object.assign(new Client(), clientData('u1')), Object.assign(new Client(), clientData('u2'))];
    const em = fork();
    em.persist([viaUnitOfWork, viaStatement]);
    await em.flush();
    const change: Partial<Client> = { status: ClientStatus.ACTIVE, scopes: ['write', AWKWARD], secretExpiresAt: null, providerMetadata: { changed: true } };
    const loaded = await fork().findOneOrFail(Client, viaUnitOfWork.id);
    Object.assign(loaded, change);
    await (loaded as unknown as { __helper: { __em: EntityManager } }).__helper.__em.flush();

    const after: Client = Object.assign(new Client(), viaStatement, change);
    const changed = changedProperties(fork(), viaStatement, after);
    expect(changed.sort()).toEqual(['providerMetadata', 'scopes', 'secretExpiresAt', 'status']);
    const before = Date.now();
    expect(await fork().transactional((tx) => updateRow(tx as EntityManager, after, changed, { id: after.id, status: ClientStatus.REGISTERING }))).toBe(1);
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before);
    const columns = ['id', 'client_id', 'client_secret_sealed', 'updated_at'];
    expect(without(await stored('client', after.id), ...columns)).toEqual(without(await stored('client', viaUnitOfWork.id), ...columns));
    expect(Number(new Date((await stored('client', after.id)).updated_at as string | number))).toBe(after.updatedAt.getTime());
    // No longer REGISTERING: nothing matches, nothing changes.
    const again = Object.assign(new Client(), after, { name: 'not written' });
    expect(await fork().transactional((tx) => updateRow(tx as EntityManager, again, ['name'], { id: after.id, status: ClientStatus.REGISTERING }))).toBe(0);
    expect((await stored('client', after.id)).name).toBe(viaStatement.name);
  });

  it('compare references by key, dates by time and JSON by its text', () => {
    const before = Object.assign(new Client(), clientData('c'));
    const same = Object.assign(new Client(), before, {
      environment: Object.assign(new Environment(), { id: environment.id }),
      secretExpiresAt: new Date(before.secretExpiresAt!.getTime()),
      scopes: [...before.scopes],
      providerMetadata: JSON.parse(JSON.stringify(before.providerMetadata)),
    });
    expect(changedProperties(fork(), before, same)).toEqual([]);
    const other = Object.assign(new Client(), before, { provider: Object.assign(new ClientProvider(), { id: 'another' }), scopes: ['read'], description: '' });
    expect(changedProperties(fork(), before, other).sort()).toEqual(['description', 'provider', 'scopes']);
  });

  it('find an entity as MikroORM’s findOne finds it, every property alike, and give back one already loaded as it is', async () => {
    const client = Object.assign(new Client(), clientData('found'));
    await fork().transactional((tx) => insertRow(tx as EntityManager, client));
    for (const [entity, id] of [[Client, client.id], [ClientProvider, provider.id], [Environment, environment.id]] as const) {
      const viaFindOne = (await fork().findOneOrFail(entity as never, { id, orgId: 'org' })) as Record<string, unknown>;
      const em = fork();
      const found = (await findEntity(em, entity as never, { id, orgId: 'org' })) as Record<string, unknown>;
      expect(found).toBeInstanceOf(entity);
      expect(found).toEqual(viaFindOne);
      // Managed by the context it was found in, as findOne's.
      expect(em.getUnitOfWork().getById(entity.name, id as never)).toBe(found);
    }
    expect(await findEntity(fork(), Client, { id: client.id, orgId: 'another org' })).toBeNull();
    const em = fork();
    const loaded = await em.findOneOrFail(Client, client.id);
    loaded.name = 'changed here, not yet written';
    expect(await findEntity(em, Client, { id: client.id })).toBe(loaded);
    expect(loaded.name).toBe('changed here, not yet written');
    // As findOne: a change made meanwhile by another context shows on what was not changed here.
    await fork().nativeUpdate(Client, { id: client.id }, { description: 'written by another context', name: 'not taken over' });
    const viaFindOne = orm.em.fork();
    const loadedByFindOne = await viaFindOne.findOneOrFail(Client, client.id);
    loadedByFindOne.name = 'changed here, not yet written';
    await viaFindOne.findOneOrFail(Client, { id: client.id, orgId: 'org' });
    expect(await findEntity(em, Client, { id: client.id, orgId: 'org' })).toBe(loaded);
    expect({ name: loaded.name, description: loaded.description }).toEqual({ name: loadedByFindOne.name, description: loadedByFindOne.description });
    expect(loaded.description).toBe('written by another context');
    // A reference known by its key only (the client's provider) is filled in, not given back empty.
    const reference = loaded.provider;
    expect(wrap(reference).isInitialized()).toBe(false);
    const provided = await findEntity(em, ClientProvider, { id: provider.id });
    expect(provided).toBe(reference);
    expect(provided).toMatchObject({ name: 'IdP', builtIn: false, issuer: 'https://idp.example.com' });
  });

  it('leave a found entity to the unit of work as findOne’s: nothing written when unchanged, one update of what changed', async () => {
    const client = Object.assign(new Client(), clientData('flushed'));
    await fork().transactional((tx) => insertRow(tx as EntityManager, client));
    const em = fork();
    const found = (await findEntity(em, Client, { id: client.id, orgId: 'org' }))!;
    statements.length = 0;
    await em.flush();
    expect(statements.filter((sql) => /^update/i.test(sql))).toEqual([]);
    found.scopes = ['changed'];
    await em.flush();
    const updates = statements.filter((sql) => /^update/i.test(sql));
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatch(/set ["`]scopes["`] = '\["changed"\]', ["`]updated_at["`] = [^,]+ where/);
    expect((await fork().findOneOrFail(Client, client.id)).scopes).toEqual(['changed']);
  });

  it('delete and find rows by a filter, references by their entity, in a transaction and outside one', async () => {
    expect(await rowExists(fork(), ProviderLink, { environment, provider })).toBe(true);
    expect(await rowExists(fork(), ProviderLink, { environment, provider: randomUUID() })).toBe(false);
    const intent = Object.assign(new IdpIntent(), { orgId: 'org', providerId: provider.id, clientRowId: environment.id, operation: IdpOperation.DELETE, clientName: 'x', createdAt: new Date(), leaseUntil: new Date() });
    await fork().transactional((tx) => insertRow(tx as EntityManager, intent));
    await fork().transactional(async (tx) => {
      expect(await deleteRows(tx as EntityManager, IdpIntent, { id: intent.id })).toBe(1);
      expect(await rowExists(tx as EntityManager, IdpIntent, { id: intent.id })).toBe(false);
      throw new Error('roll back');
    }).catch((error: Error) => expect(error.message).toBe('roll back'));
    expect(await rowExists(fork(), IdpIntent, { id: intent.id })).toBe(true);
    expect(await fork().transactional((tx) => deleteRows(tx as EntityManager, IdpIntent, { id: intent.id }))).toBe(1);
    expect(await fork().transactional((tx) => deleteRows(tx as EntityManager, IdpIntent, { id: intent.id }))).toBe(0);
    // A filter on a missing value would match nothing in SQL (`= null`): refused, not run.
    await expect(rowExists(fork(), IdpIntent, { idpClientId: null })).rejects.toThrow('the filter on IdpIntent.idpClientId has no value');
  });

  it('raise MikroORM’s exception for a unique violation, and leave nothing of the transaction', async () => {
    const first = Object.assign(new Client(), clientData('dup'));
    await fork().transactional((tx) => insertRow(tx as EntityManager, first));
    const second = Object.assign(new Client(), clientData('dup'));
    const third = Object.assign(new Client(), clientData('dup-free'));
    await expect(
      fork().transactional(async (tx) => {
        await insertRow(tx as EntityManager, third);
        await insertRow(tx as EntityManager, second);
      }),
    ).rejects.toBeInstanceOf(UniqueConstraintViolationException);
    expect(await rowExists(fork(), Client, { id: third.id })).toBe(false);
  });
});
