import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeleteClientDocument,
  RegisterClientDocument,
  RotateClientSecretDocument,
  TestClientProviderDocument,
  UpdateClientDocument,
  UpdateClientProviderDocument,
} from '../generated/graphql.js';
import { AuditEvent } from '../../src/store/entities/audit-event.entity.js';
import { Client } from '../../src/store/entities/client.entity.js';
import { admin, member, startTestApp, type TestApp } from '../support/app.js';
import { startFakeOkta, type FakeOkta } from '../support/fake-okta.js';
import { seedLinkedEnvironment, seedProvider } from '../support/seed.js';
import { clientCredentialsGrant } from '../support/tokens.js';

const ORG = 'okta-org';
let t: TestApp;
let okta: FakeOkta;
let environmentId: string;
let providerId: string;

beforeAll(async () => {
  [t, okta] = await Promise.all([startTestApp(), startFakeOkta()]);
  providerId = (
    await seedProvider(t, admin(ORG), {
      name: 'Okta',
      vendor: 'OKTA',
      issuer: okta.issuer,
      registrationAuthorization: `SSWS ${okta.apiToken}`,
      allowClientDeletion: true,
      propagateClientChanges: true,
    })
  ).id;
  environmentId = (await seedLinkedEnvironment(t, admin(ORG), providerId, 'Prod')).id;
});
afterAll(async () => {
  await Promise.all([t?.close(), okta?.close()]);
});

/** The status Okta's token endpoint answers a client credentials grant with. */
const tokenWith = async (clientId: string, clientSecret: string) => (await clientCredentialsGrant(`${okta.issuer}/oauth2/v1/token`, clientId, clientSecret)).status;

describe('Okta', () => {
  it('registers with the SSWS token and the application type the grants call for, then updates, rotates and deletes', async () => {
    const { registerClient } = await t.run(member(ORG), RegisterClientDocument, { input: { environmentId, name: 'Billing', scopes: ['billing'] } });
    expect(registerClient.userErrors).toEqual([]);
    const { clientId } = registerClient.client!;
    expect(okta.clients.get(clientId!)).toMatchObject({ client_name: 'Billing', application_type: 'service', grant_types: ['client_credentials'] });
    const firstSecret = registerClient.clientSecret!;
    expect(await tokenWith(clientId!, firstSecret)).toBe(200);

    const { updateClient } = await t.run(member(ORG), UpdateClientDocument, {
      input: { id: registerClient.client!.id, name: 'Billing web', grantTypes: ['authorization_code'], redirectUris: ['https://billing.example.com/cb'] },
    });
    expect(updateClient).toMatchObject({ changedInProvider: true, userErrors: [] });
    expect(okta.clients.get(clientId!)).toMatchObject({ client_name: 'Billing web', application_type: 'web' });
    // Okta's answer carried no secret: the one we hold stays.
    expect(updateClient.client!.hasClientSecret).toBe(true);

    const { rotateClientSecret } = await t.run(member(ORG), RotateClientSecretDocument, { input: { id: registerClient.client!.id } });
    expect(rotateClientSecret.userErrors).toEqual([]);
    const newSecret = rotateClientSecret.clientSecret!;
    expect(newSecret).not.toBe(firstSecret);
    expect(await tokenWith(clientId!, newSecret)).toBe(200);
    // A second secret beside the first (the credentials API), which stays valid for the grace period.
    expect(await tokenWith(clientId!, firstSecret)).toBe(200);
    expect(okta.requests).toContain(`POST /api/v1/apps/${clientId}/credentials/secrets`);
    expect(okta.requests).not.toContain(`POST /oauth2/v1/clients/${clientId}/lifecycle/newSecret`);

    const { deleteClient } = await t.run(member(ORG), DeleteClientDocument, { input: { id: registerClient.client!.id } });
    expect(deleteClient).toEqual({ deletedId: registerClient.client!.id, deletedInProvider: true, userErrors: [] });
    expect(okta.clientIds()).not.toContain(clientId);
  });

  it('rotates with an overlap: the replaced secret works until previousSecretExpiresAt, then is deactivated and deleted in Okta by itself, retried with backoff', async () => {
    const { registerClient } = await t.run(member(ORG), RegisterClientDocument, { input: { environmentId, name: 'Overlapped' } });
    const client = registerClient.client!;
    const clientId = client.clientId!;
    const firstSecret = registerClient.clientSecret!;
    const [replaced] = okta.secrets.get(clientId)!;
    const rotatedAt = t.clock.now();
    const { rotateClientSecret } = await t.run(member(ORG), RotateClientSecretDocument, { input: { id: client.id } });
    expect(rotateClientSecret.userErrors).toEqual([]);
    const newSecret = rotateClientSecret.clientSecret!;
    const until = new Date(rotateClientSecret.client!.previousSecretExpiresAt as string).getTime();
    // CLIENT_SECRET_ROTATION_GRACE_SECONDS is 3600 in the tests.
    expect(until).toBeGreaterThanOrEqual(rotatedAt + 3_600_000);
    expect(until).toBeLessThanOrEqual(t.clock.now() + 3_600_000);
    const row = async () => t.app.orm.em.fork().findOneOrFail(Client, { clientId });
    expect(await row()).toMatchObject({ retiringSecretId: replaced!.id, secretRetirementAttempts: 0 });
    expect(await tokenWith(clientId, firstSecret)).toBe(200);
    expect(await tokenWith(clientId, newSecret)).toBe(200);

    // Within the window nothing is retired.
    t.clock.advance(3_500_000);
    expect(await t.app.secretRetirements.runOnce()).toBe(0);
    expect(await tokenWith(clientId, firstSecret)).toBe(200);

    // Past it, Okta fails to deactivate it (every attempt of the pass): kept, with the message, and tried again later.
    let refused = 0;
    let refusing = true;
    okta.interpose((req, res) => {
      if (!refusing || !req.url?.endsWith(`/credentials/secrets/${replaced!.id}/lifecycle/deactivate`)) return false;
      refused++;
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errorCode: 'E0000009', errorSummary: 'Internal Server Error' }));
      return true;
    });
    t.clock.advance(200_000);
    expect(await t.app.secretRetirements.runOnce()).toBe(0);
    expect(refused).toBeGreaterThan(0);
    refusing = false;
    const failed = await row();
    expect(failed).toMatchObject({ retiringSecretId: replaced!.id, secretRetirementAttempts: 1, lastProviderError: expect.stringContaining('Internal Server Error') });
    expect(failed.nextSecretRetirementAt!.getTime()).toBeGreaterThan(t.clock.now());
    expect(await tokenWith(clientId, firstSecret)).toBe(200);
    expect(await t.app.secretRetirements.runOnce()).toBe(0); // not before its backoff

    t.clock.advance(failed.nextSecretRetirementAt!.getTime() - t.clock.now() + 1);
    expect(await t.app.secretRetirements.runOnce()).toBe(1);
    expect(await tokenWith(clientId, firstSecret)).toBe(401);
    expect(await tokenWith(clientId, newSecret)).toBe(200);
    expect(okta.secrets.get(clientId)!.map((secret) => secret.id)).not.toContain(replaced!.id);
    expect(okta.requests).toContain(`DELETE /api/v1/apps/${clientId}/credentials/secrets/${replaced!.id}`);
    expect(await row()).toMatchObject({ retiringSecretId: null, nextSecretRetirementAt: null, previousSecretExpiresAt: null, lastProviderError: null });

    // In the audit trail, by the background pass, without a secret.
    const events = await t.app.orm.em.fork().find(AuditEvent, { targetId: client.id, action: 'client.retire_secret' }, { orderBy: { occurredAt: 'asc' } });
    expect(events.map((event) => [event.actor, event.outcome])).toEqual([
      ['system:secret-retirement', 'FAILURE'],
      ['system:secret-retirement', 'SUCCESS'],
    ]);
    expect(JSON.stringify(events)).not.toContain(firstSecret);
    expect(JSON.stringify(events)).not.toContain(newSecret);
    // Nor in clear text in the rows the rotation and the retirement wrote.
    const connection = t.app.orm.em.fork().getConnection();
    const stored = JSON.stringify(await Promise.all(['client', 'idp_intent', 'audit_event'].map((table) => connection.execute(`select * from ${table}`))));
    expect(stored).toContain(clientId);
    for (const secret of [firstSecret, newSecret]) expect(stored).not.toContain(secret);
  });

  it('retires the last rotation’s replaced secret first when rotating again within its window, and refuses while Okta holds two secrets already', async () => {
    const { registerClient } = await t.run(member(ORG), RegisterClientDocument, { input: { environmentId, name: 'Twice' } });
    const client = registerClient.client!;
    const clientId = client.clientId!;
    const first = registerClient.clientSecret!;
    const rotate = async () => (await t.run(member(ORG), RotateClientSecretDocument, { input: { id: client.id } })).rotateClientSecret;
    const second = (await rotate()).clientSecret!;
    const [firstId, secondId] = okta.secrets.get(clientId)!.map((secret) => secret.id);
    const again = await rotate();
    expect(again.userErrors).toEqual([]);
    const third = again.clientSecret!;
    expect([await tokenWith(clientId, first), await tokenWith(clientId, second), await tokenWith(clientId, third)]).toEqual([401, 200, 200]);
    expect(okta.secrets.get(clientId)!.map((secret) => secret.id)).not.toContain(firstId);
    const row = await t.app.orm.em.fork().findOneOrFail(Client, { clientId });
    expect(row.retiringSecretId).toBe(secondId);
    const retired = await t.app.orm.em.fork().find(AuditEvent, { targetId: client.id, action: 'client.retire_secret' });
    expect(retired.map((event) => [event.actor, event.outcome])).toEqual([[`member@${ORG}`, 'SUCCESS']]);

    // A second secret made in Okta behind the platform's back: which one is in use is not known here.
    const { registerClient: other } = await t.run(member(ORG), RegisterClientDocument, { input: { environmentId, name: 'Two secrets' } });
    const otherId = other.client!.clientId!;
    const made = await fetch(`${okta.issuer}/api/v1/apps/${otherId}/credentials/secrets`, {
      method: 'POST',
      headers: { authorization: `SSWS ${okta.apiToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(made.status).toBe(201);
    const refused = (await t.run(member(ORG), RotateClientSecretDocument, { input: { id: other.client!.id } })).rotateClientSecret;
    expect(refused).toMatchObject({ clientSecret: null, userErrors: [{ code: 'PROVIDER_OPERATION_UNSUPPORTED', message: expect.stringContaining('deactivate and delete') }] });
    expect(okta.secrets.get(otherId)).toHaveLength(2);
    expect(await t.app.orm.em.fork().findOneOrFail(Client, { clientId: otherId })).toMatchObject({ retiringSecretId: null });
    expect(await tokenWith(otherId, other.clientSecret!)).toBe(200);
  });

  it('waits for X-Rate-Limit-Reset on a 429 and then succeeds', async () => {
    const from = okta.requests.length;
    okta.rateLimitNext(1);
    const started = Date.now();
    const { registerClient } = await t.run(member(ORG), RegisterClientDocument, { input: { environmentId, name: 'Patient' } });
    expect(registerClient.userErrors).toEqual([]);
    // The fake answers 429 until the reset it named: a retry sent earlier would have been refused
    // again, so the refused call sent exactly twice means the retry waited for the reset.
    const sent = okta.requests.slice(from);
    expect(sent[1]).toBe(sent[0]);
    expect(sent.filter((r) => r === sent[0])).toHaveLength(2);
    expect(sent).toContain('POST /oauth2/v1/clients');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(okta.clientIds()).toContain(registerClient.client!.clientId);
  });

  it('passes Okta’s own error summary on, and tests the connection', async () => {
    const good = await t.run(admin(ORG), TestClientProviderDocument, { input: { id: providerId } });
    expect(good.testClientProvider.checks.slice(0, 2).map((c) => [c.name, c.ok])).toEqual([
      ['discovery', true],
      ['registration_authorization', true],
    ]);
    await t.run(admin(ORG), UpdateClientProviderDocument, { input: { id: providerId, registrationAuthorization: 'SSWS revoked' } });
    const { registerClient } = await t.run(member(ORG), RegisterClientDocument, { input: { environmentId, name: 'Refused' } });
    expect(registerClient.userErrors).toEqual([
      { code: 'PROVIDER_REJECTED_CREDENTIALS', field: ['input', 'clientProviderId'], message: expect.stringContaining('Invalid token provided') },
    ]);
    const bad = await t.run(admin(ORG), TestClientProviderDocument, { input: { id: providerId } });
    expect(bad.testClientProvider.checks[1]).toMatchObject({ name: 'registration_authorization', ok: false });
    await t.run(admin(ORG), UpdateClientProviderDocument, { input: { id: providerId, registrationAuthorization: `SSWS ${okta.apiToken}` } });
  });
});
