import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditEventsDocument,
  DeleteClientDocument,
  DeleteClientProviderDocument,
  DeleteEnvironmentDocument,
  ImportClientDocument,
  ReconcileClientProviderDocument,
  RegisterClientDocument,
  RotateClientSecretDocument,
  UnlinkClientProviderDocument,
  UpdateClientDocument,
  UpdateClientProviderDocument,
  UpdateEnvironmentDocument,
  type AuditEventsQueryVariables,
} from '../generated/graphql.js';
import { admin, member, startTestApp, type Caller, type TestApp } from '../support/app.js';
import { INTROSPECTOR, startTestIdp, type TestIdp } from '../support/idp.js';
import { seedClient, seedEnvironment, seedLink, seedLinkedEnvironment, seedProvider } from '../support/seed.js';

/**
 * The audit trail: every change made through the API, and every IdP call that changes something
 * there, recorded with the change (who, what, target, outcome, fields before and after), never a
 * secret, never across organizations; filters, newest first, retention.
 */
let t: TestApp;
let idp: TestIdp;
beforeAll(async () => {
  [t, idp] = await Promise.all([startTestApp(), startTestIdp()]);
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
});

async function trail(caller: Caller, variables: AuditEventsQueryVariables = {}) {
  const { auditEvents } = await t.run(caller, AuditEventsDocument, variables.last ? variables : { first: 100, ...variables });
  return auditEvents;
}
const actions = async (caller: Caller, variables: AuditEventsQueryVariables = {}) => (await trail(caller, variables)).edges.map((e) => e.node.action);

describe('the audit trail', () => {
  const ORG = 'audit-flow';
  const ADMIN = admin(ORG, 'alice');
  const MEMBER = member(ORG, 'bob');
  /** Every secret the flow uses or is given; none may be in any event. */
  const secrets: string[] = [];
  let flow: { environmentId: string; providerId: string; clientId: string; builtInClientId: string };

  beforeAll(async () => {
    const environment = await seedEnvironment(t, ADMIN, 'Production');
    await t.run(ADMIN, UpdateEnvironmentDocument, { input: { id: environment.id, name: 'Live', type: 'SANDBOX' } });
    const provider = await seedProvider(t, ADMIN, { idp, name: 'IdP', allowClientDeletion: true, propagateClientChanges: true });
    secrets.push(idp.initialAccessToken, INTROSPECTOR.clientSecret);
    await t.run(ADMIN, UpdateClientProviderDocument, { input: { id: provider.id, description: 'Corporate IdP', introspectionClientSecret: 'replaced-introspection-secret' } });
    secrets.push('replaced-introspection-secret');
    await seedLink(t, ADMIN, { environmentId: environment.id, clientProviderId: provider.id, makeDefault: true });
    const registered = await seedClient(t, MEMBER, { environmentId: environment.id, name: 'Orders', grantTypes: ['client_credentials'], scopes: ['read'] });
    secrets.push(registered.clientSecret!);
    await t.run(MEMBER, UpdateClientDocument, { input: { id: registered.client.id, name: 'Orders API', scopes: ['read', 'write'] } });
    // An RFC 7591 IdP has no rotation: refused, and on the trail as a failure with its code.
    const refused = await t.run(MEMBER, RotateClientSecretDocument, { input: { id: registered.client.id } });
    expect(refused.rotateClientSecret.userErrors.map((e) => e.code)).toEqual(['PROVIDER_OPERATION_UNSUPPORTED']);
    const builtIn = await seedClient(t, MEMBER, { environmentId: environment.id, clientProviderId: environment.clientProviders[0]!.id, name: 'Legacy' });
    secrets.push(builtIn.clientSecret!);
    const rotated = await t.run(MEMBER, RotateClientSecretDocument, { input: { id: builtIn.client.id } });
    secrets.push(rotated.rotateClientSecret.clientSecret!);
    flow = { environmentId: environment.id, providerId: provider.id, clientId: registered.client.id, builtInClientId: builtIn.client.id };
  });

  it('records each change with who made it, newest first', async () => {
    const events = (await trail(ADMIN)).edges.map((e) => e.node);
    expect(events.map((e) => [e.action, e.actor, e.outcome, e.errorCode])).toEqual([
      ['client.rotate_secret', 'bob', 'SUCCESS', null],
      ['client.register', 'bob', 'SUCCESS', null],
      ['client.rotate_secret', 'bob', 'FAILURE', 'PROVIDER_OPERATION_UNSUPPORTED'],
      ['client.update', 'bob', 'SUCCESS', null],
      ['client.register', 'bob', 'SUCCESS', null],
      ['client_provider.link', 'alice', 'SUCCESS', null],
      ['client_provider.update', 'alice', 'SUCCESS', null],
      ['client_provider.create', 'alice', 'SUCCESS', null],
      ['environment.update', 'alice', 'SUCCESS', null],
      ['environment.create', 'alice', 'SUCCESS', null],
    ]);
    const byAction = (action: string) => events.find((e) => e.action === action)!;
    expect(byAction('environment.update')).toMatchObject({
      targetId: flow.environmentId,
      changes: [
        { field: 'name', before: '"Production"', after: '"Live"' },
        { field: 'type', before: '"PRODUCTION"', after: '"SANDBOX"' },
      ],
    });
    expect(byAction('client.update')).toMatchObject({
      targetId: flow.clientId,
      summary: expect.stringContaining('in its identity provider and in the platform'),
      changes: [
        { field: 'name', before: '"Orders"', after: '"Orders API"' },
        { field: 'scopes', before: '["read"]', after: '["read","write"]' },
      ],
    });
    // Occurred times are non-increasing down the list.
    const times = events.map((e) => Date.parse(e.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('says that a secret was set or replaced, never its value', async () => {
    const events = (await trail(ADMIN)).edges.map((e) => e.node);
    const created = events.find((e) => e.action === 'client_provider.create')!;
    expect(created.changes).toEqual(
      expect.arrayContaining([
        { field: 'registrationAuthorization', before: null, after: '"set"' },
        { field: 'introspectionClientSecret', before: null, after: '"set"' },
        { field: 'issuer', before: null, after: JSON.stringify(idp.issuer) },
      ]),
    );
    const updated = events.find((e) => e.action === 'client_provider.update')!;
    expect(updated.changes).toEqual([
      { field: 'description', before: null, after: '"Corporate IdP"' },
      { field: 'introspectionClientSecret', before: '"set"', after: '"replaced"' },
    ]);
    expect(events.find((e) => e.action === 'client.rotate_secret' && e.outcome === 'SUCCESS')!.changes).toEqual([{ field: 'clientSecret', before: '"set"', after: '"replaced"' }]);
    expect(events.find((e) => e.action === 'client.rotate_secret' && e.outcome === 'FAILURE')!.changes).toEqual([]);

    const answer = JSON.stringify(events);
    // The rows themselves, as stored.
    const rows = JSON.stringify(await t.app.orm.em.fork().getConnection().execute('select * from audit_event'));
    for (const secret of secrets) {
      expect(answer).not.toContain(secret);
      expect(rows).not.toContain(secret);
    }
  });

  it('filters by provider, client, environment, actor and time, and pages', async () => {
    expect(await actions(ADMIN, { clientId: flow.clientId })).toEqual(['client.rotate_secret', 'client.update', 'client.register']);
    expect(await actions(ADMIN, { clientProviderId: flow.providerId })).toEqual([
      'client.rotate_secret',
      'client.update',
      'client.register',
      'client_provider.link',
      'client_provider.update',
      'client_provider.create',
    ]);
    expect(await actions(ADMIN, { environmentId: flow.environmentId })).toEqual([
      'client.rotate_secret',
      'client.register',
      'client.rotate_secret',
      'client.update',
      'client.register',
      'client_provider.link',
      'environment.update',
      'environment.create',
    ]);
    expect(await actions(ADMIN, { actor: 'bob' })).toHaveLength(5);
    expect(await actions(ADMIN, { since: new Date(t.clock.now() + 1000).toISOString() })).toEqual([]);

    const first = await trail(ADMIN, { first: 4 });
    expect(first.totalCount).toBe(10);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await trail(ADMIN, { first: 100, after: first.pageInfo.endCursor });
    expect(second.edges.map((e) => e.node.action)).toEqual((await actions(ADMIN)).slice(4));
    const back = await trail(ADMIN, { last: 2, before: second.pageInfo.startCursor });
    expect(back.edges.map((e) => e.node.id)).toEqual(first.edges.slice(2).map((e) => e.node.id));
  });

  it('records deletions and imports, and the IdP’s refusal with its code', async () => {
    await t.run(MEMBER, DeleteClientDocument, { input: { id: flow.builtInClientId } });
    const imported = await t.run(ADMIN, ImportClientDocument, {
      input: { environmentId: flow.environmentId, clientProviderId: flow.providerId, clientId: 'made-in-the-idp', name: 'Imported', clientSecret: 'imported-secret' },
    });
    expect(imported.importClient.userErrors).toEqual([]);
    secrets.push('imported-secret');

    // The IdP refuses the registration: nothing changes, and the refusal is on the trail with its code.
    await t.run(ADMIN, UpdateClientProviderDocument, { input: { id: flow.providerId, registrationAuthorization: 'Bearer not-the-initial-access-token' } });
    const refused = await t.run(MEMBER, RegisterClientDocument, { input: { environmentId: flow.environmentId, name: 'Refused' } });
    expect(refused.registerClient.userErrors.map((e) => e.code)).toEqual(['PROVIDER_REJECTED_CREDENTIALS']);

    const events = (await trail(ADMIN, { first: 4 })).edges.map((e) => e.node);
    expect(events.map((e) => [e.action, e.outcome, e.errorCode])).toEqual([
      ['client.register', 'FAILURE', 'PROVIDER_REJECTED_CREDENTIALS'],
      ['client_provider.update', 'SUCCESS', null],
      ['client.import', 'SUCCESS', null],
      ['client.delete', 'SUCCESS', null],
    ]);
    expect(events[1]!.changes).toEqual([{ field: 'registrationAuthorization', before: '"set"', after: '"replaced"' }]);
    expect(events[2]!.changes).toEqual(expect.arrayContaining([{ field: 'clientSecret', before: null, after: '"set"' }, { field: 'clientId', before: null, after: '"made-in-the-idp"' }]));
    expect(JSON.stringify(events)).not.toContain('not-the-initial-access-token');
  });

  it('records the end of a client, environment and provider, each removed in the IdP first where it holds them', async () => {
    await t.run(ADMIN, UpdateClientProviderDocument, { input: { id: flow.providerId, registrationAuthorization: `Bearer ${idp.initialAccessToken}` } });
    const clients = await t.run(ADMIN, DeleteClientDocument, { input: { id: flow.clientId } });
    expect(clients.deleteClient.userErrors).toEqual([]);
    const deleted = (await trail(ADMIN, { clientId: flow.clientId, first: 1 })).edges[0]!.node;
    expect(deleted).toMatchObject({ action: 'client.delete', actor: 'alice', summary: expect.stringContaining('in its identity provider and in the platform') });
    expect(deleted.changes).toEqual(expect.arrayContaining([{ field: 'clientSecret', before: '"set"', after: null }]));
  });
});

describe('who sees the trail', () => {
  it('only organization administrators, and only their organization’s events', async () => {
    const environment = await seedEnvironment(t, admin('audit-a'), 'A');
    await seedEnvironment(t, admin('audit-b'), 'B');
    const response = await t.request(member('audit-a'), AuditEventsDocument, {});
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect((await trail(admin('audit-b'))).edges.map((e) => e.node.summary)).toEqual(['Environment B created']);
    // Filtering by another organization's target finds nothing, as an unknown one would.
    expect((await trail(admin('audit-b'), { environmentId: environment.id })).totalCount).toBe(0);
    const wrongKind = await t.request(admin('audit-b'), AuditEventsDocument, { clientId: environment.id });
    expect(wrongKind.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('records nothing for a refused change, and the change and its event commit together', async () => {
    const caller = admin('audit-refused');
    const environment = await seedEnvironment(t, caller, 'Only');
    const before = (await trail(caller)).totalCount;
    const { updateEnvironment } = await t.run(caller, UpdateEnvironmentDocument, { input: { id: environment.id, name: ' ' } });
    expect(updateEnvironment.userErrors.map((e) => e.code)).toEqual(['BLANK']);
    const provider = await seedProvider(t, caller, { name: 'Linked', vendor: 'GENERIC_OIDC', issuer: 'https://idp.example.com', discover: false });
    await seedLink(t, caller, { environmentId: environment.id, clientProviderId: provider.id });
    const linked = (await trail(caller)).totalCount;
    expect(linked).toBe(before + 2);
    const { deleteClientProvider } = await t.run(caller, DeleteClientProviderDocument, { input: { id: provider.id } });
    expect(deleteClientProvider.userErrors.map((e) => e.code)).toEqual(['PROVIDER_LINKED']);
    expect((await trail(caller)).totalCount).toBe(linked);

    await t.run(caller, UnlinkClientProviderDocument, { input: { environmentId: environment.id, clientProviderId: provider.id } });
    await t.run(caller, DeleteClientProviderDocument, { input: { id: provider.id } });
    await t.run(caller, DeleteEnvironmentDocument, { input: { id: environment.id } });
    expect((await actions(caller)).slice(0, 3)).toEqual(['environment.delete', 'client_provider.delete', 'client_provider.unlink']);
  });
});

describe('what background passes and reconciliation change', () => {
  it('is on the trail under who ran it: the administrator, or the sweep as system:reconciliation', async () => {
    const caller = admin('audit-reconcile', 'carol');
    const provider = await seedProvider(t, caller, { idp, name: 'IdP' });
    const environment = await seedLinkedEnvironment(t, caller, provider.id, 'Prod');
    const first = await seedClient(t, caller, { environmentId: environment.id, name: 'Gone one', grantTypes: ['client_credentials'] });
    const second = await seedClient(t, caller, { environmentId: environment.id, name: 'Gone two', grantTypes: ['client_credentials'] });
    await idp.forget(first.client.clientId!);
    const { reconcileClientProvider } = await t.run(caller, ReconcileClientProviderDocument, { input: { id: provider.id } });
    expect(reconcileClientProvider.userErrors).toEqual([]);
    const [marked] = (await trail(caller, { clientId: first.client.id, first: 1 })).edges.map((e) => e.node);
    expect(marked).toMatchObject({ action: 'client.mark_deleted_in_provider', actor: 'carol', changes: [{ field: 'status', before: '"ACTIVE"', after: '"DELETED_IN_PROVIDER"' }] });

    await idp.forget(second.client.clientId!);
    t.clock.advance(2 * 86_400_000); // past the sweep's interval for this provider
    await t.app.reconciliations.runOnce();
    const [swept] = (await trail(caller, { clientId: second.client.id, first: 1 })).edges.map((e) => e.node);
    expect(swept).toMatchObject({ action: 'client.mark_deleted_in_provider', actor: 'system:reconciliation' });
  });
});

describe('retention', () => {
  it('removes events older than AUDIT_RETENTION_DAYS, and keeps the rest', async () => {
    const caller = admin('audit-retention');
    await seedEnvironment(t, caller, 'Old');
    await seedEnvironment(t, admin('audit-retention-other'), 'Old elsewhere');
    t.clock.advance(200 * 86_400_000);
    await seedEnvironment(t, caller, 'Newer');
    t.clock.advance(200 * 86_400_000); // the first is 400 days old now, the second 200
    t.statements.length = 0;
    expect(await t.app.auditRetention.runOnce()).toBeGreaterThanOrEqual(1);
    expect((await trail(caller)).edges.map((e) => e.node.summary)).toEqual(['Environment Newer created']);
    // One organization per deletion (each raises that organization's data version at its commit; several in one could deadlock two replicas).
    const deletions = t.statements.filter((sql) => /^delete from ["`]audit_event["`]/.test(sql));
    expect(deletions.length).toBeGreaterThan(1);
    for (const sql of deletions) expect(sql).toMatch(/^delete from ["`]audit_event["`] where ["`]org_id["`] = '[^']+' and /);
  });
});

describe('the built-in provider', () => {
  it('records its clients’ registration as issued by the platform', async () => {
    const caller = admin('audit-builtin');
    const environment = await seedEnvironment(t, caller, 'Main');
    const { client } = await seedClient(t, caller, { environmentId: environment.id, name: 'Portal' });
    const [event] = (await trail(caller, { first: 1 })).edges.map((e) => e.node);
    expect(event).toMatchObject({ action: 'client.register', targetId: client.id, summary: expect.stringContaining('issued by the built-in provider') });
  });
});
