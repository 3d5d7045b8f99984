import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeleteClientDocument,
  RegisterClientDocument,
  UpdateClientDocument,
  UpdateClientProviderDocument,
} from '../generated/graphql.js';
import { admin, member, startTestApp, type TestApp } from '../support/app.js';
import { startFakeDcr, type FakeDcr } from '../support/fake-dcr.js';
import { seedLinkedEnvironment, seedProvider } from '../support/seed.js';

const ORG = 'dcr-vendors';
let t: TestApp;
let openam: FakeDcr;
let salesforce: FakeDcr;
beforeAll(async () => {
  [t, openam, salesforce] = await Promise.all([startTestApp(), startFakeDcr('openam'), startFakeDcr('salesforce')]);
});
afterAll(async () => {
  await Promise.all([t?.close(), openam?.close(), salesforce?.close()]);
});

async function connect(vendor: 'OPENAM' | 'SALESFORCE', idp: FakeDcr) {
  const provider = await seedProvider(t, admin(ORG), {
    name: vendor,
    vendor,
    issuer: idp.issuer,
    registrationAuthorization: `Bearer ${idp.initialAccessToken}`,
    allowClientDeletion: true,
    propagateClientChanges: true,
  });
  const environment = await seedLinkedEnvironment(t, admin(ORG), provider.id, `${vendor} env`, 'SANDBOX');
  return { providerId: provider.id, environmentId: environment.id };
}

describe('OpenAM / ForgeRock AM', () => {
  it('manages clients at the query-form registration_client_uri it hands out', async () => {
    const { environmentId } = await connect('OPENAM', openam);
    const { registerClient } = await t.run(member(ORG), RegisterClientDocument, { input: { environmentId, name: 'AM app', scopes: ['read'] } });
    expect(registerClient.userErrors).toEqual([]);
    const { clientId } = registerClient.client!;
    expect(openam.requests).toContain('POST /openam/oauth2/connect/register');

    const { updateClient } = await t.run(member(ORG), UpdateClientDocument, { input: { id: registerClient.client!.id, scopes: ['read', 'write'] } });
    expect(updateClient.changedInProvider).toBe(true);
    expect(openam.requests).toContain(`PUT /openam/oauth2/connect/register?client_id=${clientId}`);
    expect(openam.clients.get(clientId!)).toMatchObject({ scope: 'read write', client_id: clientId });

    const { deleteClient } = await t.run(member(ORG), DeleteClientDocument, { input: { id: registerClient.client!.id } });
    expect(deleteClient).toMatchObject({ deletedInProvider: true, userErrors: [] });
    expect(openam.clientIds()).not.toContain(clientId);
  });
});

describe('Salesforce', () => {
  it('registers, and answers clearly where it offers no client management', async () => {
    const { providerId, environmentId } = await connect('SALESFORCE', salesforce);
    const { registerClient } = await t.run(member(ORG), RegisterClientDocument, { input: { environmentId, name: 'SF app' } });
    expect(registerClient.userErrors).toEqual([]);
    const id = registerClient.client!.id;
    const { clientId } = registerClient.client!;
    expect(salesforce.clientIds()).toContain(clientId);

    const update = await t.run(member(ORG), UpdateClientDocument, { input: { id, name: 'Renamed' } });
    expect(update.updateClient).toMatchObject({ client: null, userErrors: [{ code: 'PROVIDER_OPERATION_UNSUPPORTED' }] });
    expect(update.updateClient.userErrors[0]!.message).toMatch(/propagateClientChanges off/);
    const refused = await t.run(member(ORG), DeleteClientDocument, { input: { id } });
    expect(refused.deleteClient.userErrors.map((e) => e.code)).toEqual(['PROVIDER_OPERATION_UNSUPPORTED']);

    await t.run(admin(ORG), UpdateClientProviderDocument, { input: { id: providerId, propagateClientChanges: false } });
    const { deleteClient } = await t.run(member(ORG), DeleteClientDocument, { input: { id } });
    expect(deleteClient).toEqual({ deletedId: id, deletedInProvider: false, userErrors: [] });
    expect(salesforce.clientIds()).toContain(clientId);
  });
});
