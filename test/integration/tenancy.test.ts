import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, toGlobalId, type NodeType } from '../../src/core/ids.js';
import {
  ClientDocument,
  ClientProviderDocument,
  ClientProvidersDocument,
  ClientsDocument,
  DeleteClientDocument,
  DeleteClientProviderDocument,
  DeleteEnvironmentDocument,
  EnvironmentDocument,
  EnvironmentsDocument,
  LinkClientProviderDocument,
  NodeDocument,
  RegisterClientDocument,
  RotateClientSecretDocument,
  UnlinkClientProviderDocument,
  UpdateClientDocument,
  UpdateClientProviderDocument,
  UpdateEnvironmentDocument,
  VerifyClientCredentialsDocument,
} from '../generated/graphql.js';
import { admin, gateway, member, startTestApp, type Caller, type TestApp } from '../support/app.js';
import { seedClient, seedEnvironment, seedLink, seedProvider } from '../support/seed.js';

/**
 * Tenancy: nothing of one organization is visible to, or changeable by, another, through any query,
 * mutation, node(id:) or federation's _entities. An ID of another organization behaves exactly like
 * an unknown ID. Within an organization, members only see and manage the clients they registered.
 */

const A = 'tenancy-org-a';
const B = 'tenancy-org-b';
const SHARED_IDEMPOTENCY_KEY = 'same-key-in-both-organizations';

let t: TestApp;

/** A global ID of the right type that no organization has. */
const unknownId = (type: NodeType) => toGlobalId(type, newId());

const ENTITIES = `query($r:[_Any!]!){ _entities(representations:$r){ ... on Environment { id name } ... on ClientProvider { id name } ... on Client { id clientId } } }`;
type EntitiesData = { _entities: ({ id: string; name?: string; clientId?: string } | null)[] };
type Representation = { __typename: NodeType; id: string };
const entities = (caller: Caller | null, representations: Representation[]) => t.raw<EntitiesData>(caller, ENTITIES, { r: representations });

interface UserErrorShape {
  code: string;
  message: string;
  field?: string[] | null;
}

/** The answer for a foreign ID is a NOT_FOUND userError, identical to the answer for an unknown ID. */
function expectLikeUnknown<P extends { userErrors: UserErrorShape[] }>(foreign: P, unknown: P): void {
  expect(foreign.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
  expect(unknown.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
  expect(foreign).toEqual(unknown); // same code, message, field, and the same (empty) result
}

/** What organization A has, set up once. */
const a = {
  environmentId: '',
  spareEnvironmentId: '', // no clients: deleting it would succeed if the organization check were missing
  providerId: '', // external, linked to the environment
  spareProviderId: '', // external, unlinked, no clients: deleting it would succeed likewise
  builtInProviderId: '',
  clientId: '', // global ID of the member's client
  clientClientId: '', // its OAuth client_id
  clientSecret: '',
};
/** What organization B has. */
const b = { environmentId: '', builtInProviderId: '', memberClientId: '', memberClientClientId: '', memberClientSecret: '' };

/** Everything of A as A's administrator reads it, to prove that B's attempts changed nothing. */
async function readA() {
  const asA = admin(A);
  const [environment, spareEnvironment, provider, spareProvider, builtInProvider, client, environments, clientProviders, clients, verified] =
    await Promise.all([
      t.run(asA, EnvironmentDocument, { id: a.environmentId }),
      t.run(asA, EnvironmentDocument, { id: a.spareEnvironmentId }),
      t.run(asA, ClientProviderDocument, { id: a.providerId }),
      t.run(asA, ClientProviderDocument, { id: a.spareProviderId }),
      t.run(asA, ClientProviderDocument, { id: a.builtInProviderId }),
      t.run(asA, ClientDocument, { id: a.clientId }),
      t.run(asA, EnvironmentsDocument, {}),
      t.run(asA, ClientProvidersDocument, {}),
      t.run(asA, ClientsDocument, {}),
      t.run(gateway(A), VerifyClientCredentialsDocument, {
        environmentId: a.environmentId,
        clientId: a.clientClientId,
        clientSecret: a.clientSecret,
      }),
    ]);
  return { environment, spareEnvironment, provider, spareProvider, builtInProvider, client, environments, clientProviders, clients, verified };
}
let aBefore: Awaited<ReturnType<typeof readA>>;

const readBEnvironment = () => t.run(admin(B), EnvironmentDocument, { id: b.environmentId });
let bEnvironmentBefore: Awaited<ReturnType<typeof readBEnvironment>>;

async function expectAUnchanged(): Promise<void> {
  expect(await readA()).toEqual(aBefore);
}

const createProvider = (org: string, name: string) =>
  seedProvider(t, admin(org), { name, vendor: 'GENERIC_OIDC', issuer: 'https://idp.example.test', registrationAuthorization: 'Bearer x', discover: false });

beforeAll(async () => {
  t = await startTestApp();

  // Organization A: an environment with an external provider linked, and a member's built-in client.
  const environment = await seedEnvironment(t, admin(A), 'A environment', 'SANDBOX');
  const spareEnvironment = await seedEnvironment(t, admin(A), 'A spare environment', 'SANDBOX');
  const provider = await createProvider(A, 'A IdP');
  const spareProvider = await createProvider(A, 'A spare IdP');
  await seedLink(t, admin(A), { environmentId: environment.id, clientProviderId: provider.id });
  const aClient = await seedClient(t, member(A), { environmentId: environment.id, name: 'A app', idempotencyKey: SHARED_IDEMPOTENCY_KEY });
  expect(aClient.client.provider.builtIn).toBe(true);
  Object.assign(a, {
    environmentId: environment.id,
    spareEnvironmentId: spareEnvironment.id,
    providerId: provider.id,
    spareProviderId: spareProvider.id,
    builtInProviderId: environment.defaultClientProvider.id,
    clientId: aClient.client.id,
    clientClientId: aClient.client.clientId,
    clientSecret: aClient.clientSecret!,
  });

  // Organization B: an environment and a client of its own member.
  const bEnvironment = await seedEnvironment(t, admin(B), 'B environment', 'SANDBOX');
  const bClient = await seedClient(t, member(B), { environmentId: bEnvironment.id, name: 'B app' });
  Object.assign(b, {
    environmentId: bEnvironment.id,
    builtInProviderId: bEnvironment.defaultClientProvider.id,
    memberClientId: bClient.client.id,
    memberClientClientId: bClient.client.clientId,
    memberClientSecret: bClient.clientSecret!,
  });

  aBefore = await readA();
  // The baseline itself shows what A has, so that "unchanged" compares against something real.
  expect(aBefore.environment.environment?.clientProviders.map((p) => p.id)).toEqual([a.builtInProviderId, a.providerId]);
  expect(aBefore.environment.environment?.clients.edges.map((e) => e.node.id)).toEqual([a.clientId]);
  expect(aBefore.client.client?.clientId).toBe(a.clientClientId);
  expect(aBefore.verified.verifyClientCredentials).toBe(true);
  bEnvironmentBefore = await readBEnvironment();
  expect(bEnvironmentBefore.environment?.clientProviders.map((p) => p.id)).toEqual([b.builtInProviderId]);
});
afterAll(() => t?.close());

describe('tenancy: queries', () => {
  it('answers null for A’s IDs to B, as for unknown IDs, while A reads them', async () => {
    for (const caller of [admin(B), member(B)]) {
      expect((await t.run(caller, EnvironmentDocument, { id: a.environmentId })).environment).toBeNull();
      expect((await t.run(caller, ClientProviderDocument, { id: a.providerId })).clientProvider).toBeNull();
      expect((await t.run(caller, ClientProviderDocument, { id: a.builtInProviderId })).clientProvider).toBeNull();
      expect((await t.run(caller, ClientDocument, { id: a.clientId })).client).toBeNull();
      for (const id of [a.environmentId, a.providerId, a.builtInProviderId, a.clientId]) {
        const foreign = await t.request(caller, NodeDocument, { id });
        expect(foreign).toEqual({ status: 200, data: { node: null } });
      }
    }
    const unknown = await t.request(admin(B), NodeDocument, { id: unknownId('Client') });
    expect(unknown).toEqual({ status: 200, data: { node: null } });

    // The same queries as A do find them.
    const asA = admin(A);
    expect((await t.run(asA, EnvironmentDocument, { id: a.environmentId })).environment?.name).toBe('A environment');
    expect((await t.run(asA, ClientProviderDocument, { id: a.providerId })).clientProvider?.name).toBe('A IdP');
    expect((await t.run(asA, ClientDocument, { id: a.clientId })).client?.clientId).toBe(a.clientClientId);
    expect((await t.run(asA, NodeDocument, { id: a.environmentId })).node).toEqual({ id: a.environmentId, name: 'A environment' });
    expect((await t.run(asA, NodeDocument, { id: a.providerId })).node).toEqual({ id: a.providerId, name: 'A IdP' });
    expect((await t.run(asA, NodeDocument, { id: a.clientId })).node).toEqual({ id: a.clientId, clientId: a.clientClientId });
  });

  it('lists only B’s own objects to B', async () => {
    const aIds = [a.environmentId, a.spareEnvironmentId, a.providerId, a.spareProviderId, a.builtInProviderId, a.clientId];

    const { environments } = await t.run(admin(B), EnvironmentsDocument, {});
    expect(environments.edges.map((e) => e.node.id)).toEqual([b.environmentId]);
    expect(environments.totalCount).toBe(1);
    const membersEnvironments = await t.run(member(B), EnvironmentsDocument, {});
    expect(membersEnvironments.environments.edges.map((e) => e.node.id)).toEqual([b.environmentId]);

    const { clientProviders } = await t.run(admin(B), ClientProvidersDocument, {});
    expect(clientProviders.edges.map((e) => ({ id: e.node.id, builtIn: e.node.builtIn }))).toEqual([{ id: b.builtInProviderId, builtIn: true }]);
    expect(clientProviders.totalCount).toBe(1);
    expect(b.builtInProviderId).not.toBe(a.builtInProviderId);

    for (const caller of [admin(B), member(B)]) {
      const { clients } = await t.run(caller, ClientsDocument, {});
      expect(clients.edges.map((e) => e.node.id)).toEqual([b.memberClientId]);
      expect(clients.totalCount).toBe(1);
      for (const filter of [
        { environmentId: a.environmentId },
        { clientProviderId: a.builtInProviderId },
        { clientProviderId: a.providerId },
        { environmentId: a.environmentId, clientProviderId: a.builtInProviderId },
      ]) {
        const filtered = await t.run(caller, ClientsDocument, filter);
        expect(filtered.clients.edges).toEqual([]);
        expect(filtered.clients.totalCount).toBe(0);
      }
    }

    // Searches and backward pages do not reach into A: not by A's client's name, nor by its clientId.
    for (const caller of [admin(B), member(B)]) {
      for (const search of ['A app', 'app', a.clientClientId]) {
        const { clients } = await t.run(caller, ClientsDocument, { search });
        expect(clients.edges.map((e) => e.node.id), search).toEqual(search === 'app' ? [b.memberClientId] : []);
        expect(clients.totalCount).toBe(search === 'app' ? 1 : 0);
      }
      const backward = await t.run(caller, ClientsDocument, { last: 100 });
      expect(backward.clients.edges.map((e) => e.node.id)).toEqual([b.memberClientId]);
    }
    expect((await t.run(admin(B), EnvironmentsDocument, { last: 100 })).environments.edges.map((e) => e.node.id)).toEqual([b.environmentId]);
    expect((await t.run(admin(B), ClientProvidersDocument, { last: 100 })).clientProviders.edges.map((e) => e.node.id)).toEqual([b.builtInProviderId]);

    // Nested lists of B's own objects do not reach into A either.
    const bEnvironment = await readBEnvironment();
    const nested = [
      ...bEnvironment.environment!.clientProviders.map((p) => p.id),
      bEnvironment.environment!.defaultClientProvider.id,
      ...bEnvironment.environment!.clients.edges.map((e) => e.node.id),
    ];
    expect(nested.filter((id) => aIds.includes(id))).toEqual([]);
    expect(nested).toContain(b.memberClientId);

    // The very same filters find A's client when A asks: they are real filters, not always empty.
    const asA = await t.run(admin(A), ClientsDocument, { environmentId: a.environmentId, clientProviderId: a.builtInProviderId });
    expect(asA.clients.edges.map((e) => e.node.id)).toEqual([a.clientId]);
    const allOfA = await t.run(admin(A), ClientsDocument, {});
    expect(allOfA.clients.edges.map((e) => e.node.id)).toEqual([a.clientId]);
    for (const search of ['A app', 'a APP', a.clientClientId]) {
      const searchedByA = await t.run(admin(A), ClientsDocument, { search });
      expect(searchedByA.clients.edges.map((e) => e.node.id), search).toEqual([a.clientId]);
      expect(searchedByA.clients.totalCount).toBe(1);
    }
  });

  it('verifies A’s client credentials for A’s gateway only', async () => {
    const credentials = { environmentId: a.environmentId, clientId: a.clientClientId, clientSecret: a.clientSecret };
    expect((await t.run(gateway(A), VerifyClientCredentialsDocument, credentials)).verifyClientCredentials).toBe(true);
    expect((await t.run(admin(A), VerifyClientCredentialsDocument, credentials)).verifyClientCredentials).toBe(true);
    expect((await t.run(gateway(B), VerifyClientCredentialsDocument, credentials)).verifyClientCredentials).toBe(false);
    expect((await t.run(admin(B), VerifyClientCredentialsDocument, credentials)).verifyClientCredentials).toBe(false);
    // Nor through B's own environment.
    const viaB = { ...credentials, environmentId: b.environmentId };
    expect((await t.run(gateway(B), VerifyClientCredentialsDocument, viaB)).verifyClientCredentials).toBe(false);
    // B's gateway does verify B's own client, so its false above is about the organization.
    expect(
      (
        await t.run(gateway(B), VerifyClientCredentialsDocument, {
          environmentId: b.environmentId,
          clientId: b.memberClientClientId,
          clientSecret: b.memberClientSecret,
        })
      ).verifyClientCredentials,
    ).toBe(true);
  });

  it('keeps idempotency keys per organization: B’s reuse of A’s key registers B’s own client', async () => {
    const input = { environmentId: b.environmentId, name: 'A app', idempotencyKey: SHARED_IDEMPOTENCY_KEY };
    const { registerClient } = await t.run(member(B), RegisterClientDocument, { input });
    expect(registerClient.userErrors).toEqual([]);
    expect(registerClient.client?.id).not.toBe(a.clientId);
    expect(registerClient.client?.clientId).not.toBe(a.clientClientId);
    expect(registerClient.clientSecret).not.toBe(a.clientSecret);
    expect(registerClient.client?.environment.id).toBe(b.environmentId);
    expect(registerClient.client?.provider.id).toBe(b.builtInProviderId);
    // A replay within B answers with B's client, so the key did take effect in B.
    const replay = await t.run(member(B), RegisterClientDocument, { input });
    expect(replay.registerClient.client?.id).toBe(registerClient.client?.id);
    // Leave B as it was for the tests that follow.
    const { deleteClient } = await t.run(member(B), DeleteClientDocument, { input: { id: registerClient.client!.id } });
    expect(deleteClient).toEqual({ deletedId: registerClient.client!.id, deletedInProvider: true, userErrors: [] });
    await expectAUnchanged();
    // Registering and deleting a client leaves the environment row itself untouched.
    expect(await readBEnvironment()).toEqual(bEnvironmentBefore);
  });
});

describe('tenancy: federation _entities', () => {
  const representationsOfA = (): Representation[] => [
    { __typename: 'Environment', id: a.environmentId },
    { __typename: 'ClientProvider', id: a.providerId },
    { __typename: 'Client', id: a.clientId },
  ];

  it('resolves nothing of A for B, exactly like unknown IDs', async () => {
    for (const caller of [admin(B), member(B)]) {
      const foreign = await entities(caller, representationsOfA());
      expect(foreign).toEqual({ status: 200, data: { _entities: [null, null, null] } });
      const unknown = await entities(caller, [
        { __typename: 'Environment', id: unknownId('Environment') },
        { __typename: 'ClientProvider', id: unknownId('ClientProvider') },
        { __typename: 'Client', id: unknownId('Client') },
      ]);
      expect(foreign).toEqual(unknown);
    }
  });

  it('resolves A’s objects for A', async () => {
    const own = await entities(admin(A), representationsOfA());
    expect(own.errors).toBeUndefined();
    expect(own.data?._entities).toEqual([
      { id: a.environmentId, name: 'A environment' },
      { id: a.providerId, name: 'A IdP' },
      { id: a.clientId, clientId: a.clientClientId },
    ]);
  });

  it('resolves a representation whose __typename does not match the ID’s type to null, even for A', async () => {
    const answer = await entities(admin(A), [
      { __typename: 'Environment', id: a.clientId },
      { __typename: 'Client', id: a.environmentId },
      { __typename: 'ClientProvider', id: a.environmentId },
      { __typename: 'Environment', id: a.providerId },
      { __typename: 'Environment', id: a.environmentId }, // the matching one, in the same request, does resolve
    ]);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?._entities).toEqual([null, null, null, null, { id: a.environmentId, name: 'A environment' }]);
  });

  it('refuses _entities without a token', async () => {
    const anonymous = await entities(null, representationsOfA());
    expect(anonymous.errors?.length).toBeGreaterThan(0);
    expect(anonymous.errors!.map((e) => e.extensions?.code)).toEqual(anonymous.errors!.map(() => 'UNAUTHENTICATED'));
    expect(anonymous.data?._entities?.filter((entity) => entity !== null) ?? []).toEqual([]);
  });

  it('asks for a token before looking at the shape of an ID', async () => {
    const malformed = await entities(null, [
      { __typename: 'Environment', id: 'not-an-id' },
      { __typename: 'Environment', id: a.clientId },
    ]);
    expect(malformed.errors?.map((e) => e.extensions?.code)).toContain('UNAUTHENTICATED');
    for (const query of ['{ node(id: "x") { id } }', '{ environment(id: "x") { id } }', '{ client(id: "x") { id } }', '{ clientProvider(id: "x") { id } }']) {
      const answer = await t.raw(null, query);
      expect(answer.errors?.map((e) => e.extensions?.code), query).toEqual(['UNAUTHENTICATED']);
      const asGateway = await t.raw(gateway(A), query);
      expect(asGateway.errors?.map((e) => e.extensions?.code), query).toEqual(['FORBIDDEN']);
    }
  });
});

describe('tenancy: B’s mutations on A’s IDs answer NOT_FOUND, like unknown IDs, and change nothing', () => {
  it('updateEnvironment', async () => {
    for (const id of [a.environmentId, a.spareEnvironmentId]) {
      const foreign = await t.run(admin(B), UpdateEnvironmentDocument, { input: { id, name: 'Taken over', type: 'PRODUCTION' } });
      const unknown = await t.run(admin(B), UpdateEnvironmentDocument, {
        input: { id: unknownId('Environment'), name: 'Taken over', type: 'PRODUCTION' },
      });
      expectLikeUnknown(foreign.updateEnvironment, unknown.updateEnvironment);
    }
    await expectAUnchanged();
  });

  it('deleteEnvironment', async () => {
    for (const id of [a.environmentId, a.spareEnvironmentId]) {
      const foreign = await t.run(admin(B), DeleteEnvironmentDocument, { input: { id } });
      const unknown = await t.run(admin(B), DeleteEnvironmentDocument, { input: { id: unknownId('Environment') } });
      expectLikeUnknown(foreign.deleteEnvironment, unknown.deleteEnvironment);
    }
    await expectAUnchanged();
  });

  it('updateClientProvider', async () => {
    for (const id of [a.providerId, a.spareProviderId, a.builtInProviderId]) {
      const input = { name: 'Taken over', issuer: 'https://evil.example.test', registrationAuthorization: 'Bearer stolen' };
      const foreign = await t.run(admin(B), UpdateClientProviderDocument, { input: { ...input, id } });
      const unknown = await t.run(admin(B), UpdateClientProviderDocument, { input: { ...input, id: unknownId('ClientProvider') } });
      expectLikeUnknown(foreign.updateClientProvider, unknown.updateClientProvider);
    }
    await expectAUnchanged();
  });

  it('deleteClientProvider', async () => {
    for (const id of [a.providerId, a.spareProviderId, a.builtInProviderId]) {
      const foreign = await t.run(admin(B), DeleteClientProviderDocument, { input: { id } });
      const unknown = await t.run(admin(B), DeleteClientProviderDocument, { input: { id: unknownId('ClientProvider') } });
      expectLikeUnknown(foreign.deleteClientProvider, unknown.deleteClientProvider);
    }
    await expectAUnchanged();
  });

  it('linkClientProvider: A’s provider into B’s environment, and B’s provider into A’s environment', async () => {
    const bBefore = await readBEnvironment();
    for (const clientProviderId of [a.providerId, a.spareProviderId, a.builtInProviderId]) {
      const foreign = await t.run(admin(B), LinkClientProviderDocument, {
        input: { environmentId: b.environmentId, clientProviderId, makeDefault: true },
      });
      const unknown = await t.run(admin(B), LinkClientProviderDocument, {
        input: { environmentId: b.environmentId, clientProviderId: unknownId('ClientProvider'), makeDefault: true },
      });
      expectLikeUnknown(foreign.linkClientProvider, unknown.linkClientProvider);
    }
    for (const environmentId of [a.environmentId, a.spareEnvironmentId]) {
      const foreign = await t.run(admin(B), LinkClientProviderDocument, {
        input: { environmentId, clientProviderId: b.builtInProviderId, makeDefault: true },
      });
      const unknown = await t.run(admin(B), LinkClientProviderDocument, {
        input: { environmentId: unknownId('Environment'), clientProviderId: b.builtInProviderId, makeDefault: true },
      });
      expectLikeUnknown(foreign.linkClientProvider, unknown.linkClientProvider);
    }
    await expectAUnchanged();
    expect(await readBEnvironment()).toEqual(bBefore);
  });

  it('unlinkClientProvider', async () => {
    const bBefore = await readBEnvironment();
    const attempts = [
      { environmentId: a.environmentId, clientProviderId: a.providerId }, // both A's: would succeed without the check
      { environmentId: b.environmentId, clientProviderId: a.providerId },
      { environmentId: a.environmentId, clientProviderId: b.builtInProviderId },
    ];
    const unknowns = [
      { environmentId: unknownId('Environment'), clientProviderId: a.providerId },
      { environmentId: b.environmentId, clientProviderId: unknownId('ClientProvider') },
      { environmentId: unknownId('Environment'), clientProviderId: b.builtInProviderId },
    ];
    for (const [i, input] of attempts.entries()) {
      const foreign = await t.run(admin(B), UnlinkClientProviderDocument, { input });
      const unknown = await t.run(admin(B), UnlinkClientProviderDocument, { input: unknowns[i]! });
      expectLikeUnknown(foreign.unlinkClientProvider, unknown.unlinkClientProvider);
    }
    await expectAUnchanged();
    expect(await readBEnvironment()).toEqual(bBefore);
  });

  it('registerClient into A’s environment, or with A’s provider', async () => {
    const bBefore = await readBEnvironment();
    for (const caller of [admin(B), member(B)]) {
      for (const clientProviderId of [undefined, a.builtInProviderId]) {
        const foreign = await t.run(caller, RegisterClientDocument, {
          input: { environmentId: a.environmentId, clientProviderId, name: 'Intruder' },
        });
        const unknown = await t.run(caller, RegisterClientDocument, {
          input: { environmentId: unknownId('Environment'), clientProviderId, name: 'Intruder' },
        });
        expectLikeUnknown(foreign.registerClient, unknown.registerClient);
      }
      // B's own environment with A's built-in provider named.
      const foreign = await t.run(caller, RegisterClientDocument, {
        input: { environmentId: b.environmentId, clientProviderId: a.builtInProviderId, name: 'Intruder' },
      });
      const unknown = await t.run(caller, RegisterClientDocument, {
        input: { environmentId: b.environmentId, clientProviderId: unknownId('ClientProvider'), name: 'Intruder' },
      });
      expectLikeUnknown(foreign.registerClient, unknown.registerClient);
    }
    await expectAUnchanged();
    expect(await readBEnvironment()).toEqual(bBefore);
  });

  it('updateClient', async () => {
    for (const caller of [admin(B), member(B)]) {
      const input = { name: 'Taken over', redirectUris: ['https://evil.example.test/callback'], scopes: ['admin'] };
      const foreign = await t.run(caller, UpdateClientDocument, { input: { ...input, id: a.clientId } });
      const unknown = await t.run(caller, UpdateClientDocument, { input: { ...input, id: unknownId('Client') } });
      expectLikeUnknown(foreign.updateClient, unknown.updateClient);
    }
    await expectAUnchanged();
  });

  it('deleteClient', async () => {
    for (const caller of [admin(B), member(B)]) {
      const foreign = await t.run(caller, DeleteClientDocument, { input: { id: a.clientId } });
      const unknown = await t.run(caller, DeleteClientDocument, { input: { id: unknownId('Client') } });
      expectLikeUnknown(foreign.deleteClient, unknown.deleteClient);
    }
    await expectAUnchanged();
  });

  it('rotateClientSecret', async () => {
    for (const caller of [admin(B), member(B)]) {
      const foreign = await t.run(caller, RotateClientSecretDocument, { input: { id: a.clientId } });
      const unknown = await t.run(caller, RotateClientSecretDocument, { input: { id: unknownId('Client') } });
      expectLikeUnknown(foreign.rotateClientSecret, unknown.rotateClientSecret);
      expect(foreign.rotateClientSecret.clientSecret).toBeNull();
    }
    await expectAUnchanged();
  });
});

describe('tenancy within one organization', () => {
  const otherMember = () => member(A, 'someone-else@tenancy-org-a');

  it('hides a client from a member who did not register it, not from its owner or the administrator', async () => {
    expect((await t.run(otherMember(), ClientDocument, { id: a.clientId })).client).toBeNull();
    expect((await t.run(otherMember(), NodeDocument, { id: a.clientId })).node).toBeNull();
    const { clients } = await t.run(otherMember(), ClientsDocument, {});
    expect(clients.edges.map((e) => e.node.id)).not.toContain(a.clientId);
    expect(clients.totalCount).toBe(0);
    const filtered = await t.run(otherMember(), ClientsDocument, { environmentId: a.environmentId });
    expect(filtered.clients.edges.map((e) => e.node.id)).not.toContain(a.clientId);
    const { environment } = await t.run(otherMember(), EnvironmentDocument, { id: a.environmentId });
    expect(environment?.name).toBe('A environment'); // members do read the organization's environments…
    expect(environment?.clients).toEqual({ totalCount: 0, edges: [] }); // …but not others' clients in them
    const otherEntities = await entities(otherMember(), [{ __typename: 'Client', id: a.clientId }]);
    expect(otherEntities).toEqual({ status: 200, data: { _entities: [null] } });

    expect((await t.run(admin(A), ClientDocument, { id: a.clientId })).client?.clientId).toBe(a.clientClientId);
    expect((await t.run(member(A), ClientDocument, { id: a.clientId })).client?.clientId).toBe(a.clientClientId);
    const owners = await t.run(member(A), ClientsDocument, {});
    expect(owners.clients.edges.map((e) => e.node.id)).toEqual([a.clientId]);
    const admins = await t.run(admin(A), ClientsDocument, {});
    expect(admins.clients.edges.map((e) => e.node.id)).toEqual([a.clientId]);
  });

  it('refuses another member’s update, delete and rotation with NOT_FOUND, like an unknown ID', async () => {
    const update = await t.run(otherMember(), UpdateClientDocument, { input: { id: a.clientId, name: 'Mine now' } });
    const updateUnknown = await t.run(otherMember(), UpdateClientDocument, { input: { id: unknownId('Client'), name: 'Mine now' } });
    expectLikeUnknown(update.updateClient, updateUnknown.updateClient);

    const remove = await t.run(otherMember(), DeleteClientDocument, { input: { id: a.clientId } });
    const removeUnknown = await t.run(otherMember(), DeleteClientDocument, { input: { id: unknownId('Client') } });
    expectLikeUnknown(remove.deleteClient, removeUnknown.deleteClient);

    const rotate = await t.run(otherMember(), RotateClientSecretDocument, { input: { id: a.clientId } });
    const rotateUnknown = await t.run(otherMember(), RotateClientSecretDocument, { input: { id: unknownId('Client') } });
    expectLikeUnknown(rotate.rotateClientSecret, rotateUnknown.rotateClientSecret);

    await expectAUnchanged();
  });

  it('gives a gateway principal FORBIDDEN on environments, but lets it verify credentials', async () => {
    const listed = await t.request(gateway(A), EnvironmentsDocument, {});
    expect(listed.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(listed.data).toBeNull();
    const one = await t.request(gateway(A), EnvironmentDocument, { id: a.environmentId });
    expect(one.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(one.data?.environment ?? null).toBeNull();

    const credentials = { environmentId: a.environmentId, clientId: a.clientClientId };
    const right = await t.request(gateway(A), VerifyClientCredentialsDocument, { ...credentials, clientSecret: a.clientSecret });
    expect(right).toEqual({ status: 200, data: { verifyClientCredentials: true } });
    const wrong = await t.request(gateway(A), VerifyClientCredentialsDocument, { ...credentials, clientSecret: `${a.clientSecret}x` });
    expect(wrong).toEqual({ status: 200, data: { verifyClientCredentials: false } });
  });
});
