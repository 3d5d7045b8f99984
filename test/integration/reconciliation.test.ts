import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdpOperation } from '../../src/core/model.js';
import { Client } from '../../src/store/entities/client.entity.js';
import { IdpIntent } from '../../src/store/entities/idp-intent.entity.js';
import { AuthorizeTokenDocument, ClientDocument, LastReconciliationDocument, ReconcileClientProviderDocument, RegisterClientDocument } from '../generated/graphql.js';
import { admin, gateway, member, startTestApp, type TestApp } from '../support/app.js';
import { startFakeOkta, type FakeOkta } from '../support/fake-okta.js';
import { startTestIdp, type TestIdp } from '../support/idp.js';
import { seedEnvironment, seedLinkedEnvironment, seedProvider } from '../support/seed.js';

/**
 * Reconciliation reads every stored client back from its IdP: gone there → DELETED_IN_PROVIDER;
 * changed there → drift with both values; an expired secret → reported; in Okta (which lists its
 * clients) a namesake the platform does not know → an orphan, deleted there when asked.
 */
let t: TestApp;
let oidc: TestIdp;
let okta: FakeOkta;
beforeAll(async () => {
  [t, oidc, okta] = await Promise.all([startTestApp(), startTestIdp(), startFakeOkta()]);
});
afterAll(async () => {
  await Promise.all([t?.close(), oidc?.close(), okta?.close()]);
});

async function connect(org: string, input: Parameters<typeof seedProvider>[2]) {
  const provider = await seedProvider(t, admin(org), input);
  const environment = await seedLinkedEnvironment(t, admin(org), provider.id, 'Prod');
  const register = async (name: string, redirectUris?: string[]) => {
    const { registerClient } = await t.run(member(org), RegisterClientDocument, { input: { environmentId: environment.id, name, redirectUris } });
    expect(registerClient.userErrors).toEqual([]);
    return { ...registerClient.client!, secret: registerClient.clientSecret };
  };
  const reconcile = async (removeOrphans?: string[]) => (await t.run(admin(org), ReconcileClientProviderDocument, { input: { id: provider.id, removeOrphans } })).reconcileClientProvider;
  return { provider, register, reconcile, environmentId: environment.id };
}

describe('reconciliation', () => {
  it('with Okta: a client deleted, one changed and one with an expired secret there, and an orphan named like ours', async () => {
    const org = 'reconcile-okta';
    const { provider, register, reconcile } = await connect(org, { name: 'Okta', vendor: 'OKTA', issuer: okta.issuer, registrationAuthorization: `SSWS ${okta.apiToken}` });
    const kept = await register('Kept');
    const gone = await register('Gone');
    const changed = await register('Changed', ['https://app.example.com/cb']);
    const expired = await register('Expired');

    // What an Okta administrator does behind the platform's back.
    okta.clients.delete(gone.clientId!);
    Object.assign(okta.clients.get(changed.clientId!)!, { client_name: 'Changed in Okta', redirect_uris: ['https://other.example.com/cb'] });
    okta.clients.get(expired.clientId!)!.client_secret_expires_at = Math.floor(Date.now() / 1000) - 60;
    const created = await fetch(`${okta.issuer}/oauth2/v1/clients`, {
      method: 'POST',
      headers: { authorization: `SSWS ${okta.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Kept', application_type: 'service', grant_types: ['client_credentials'], redirect_uris: [] }),
    });
    const orphan = ((await created.json()) as { client_id: string }).client_id;

    const { report, userErrors } = await reconcile();
    expect(userErrors).toEqual([]);
    expect(report).toMatchObject({ checked: 4, unchanged: 1, goneInProvider: 1, drifted: 1, secretsExpiring: 1, orphans: 1, orphansRemoved: 0, notChecked: 0, truncated: false, note: null });
    const findings = report!.findings;
    expect(findings.filter((f) => f.kind === 'GONE_IN_PROVIDER')).toEqual([expect.objectContaining({ clientId: gone.clientId, client: { id: gone.id, status: 'DELETED_IN_PROVIDER' } })]);
    expect(findings.filter((f) => f.kind === 'DRIFT').map((f) => [f.field, f.stored, f.inProvider])).toEqual([
      ['name', 'Changed', 'Changed in Okta'],
      ['redirectUris', 'https://app.example.com/cb', 'https://other.example.com/cb'],
    ]);
    expect(findings.filter((f) => f.kind === 'SECRET_EXPIRED')).toEqual([expect.objectContaining({ clientId: expired.clientId, field: 'secretExpiresAt' })]);
    expect(findings.filter((f) => f.kind === 'ORPHAN')).toEqual([expect.objectContaining({ clientId: orphan, name: 'Kept', client: null })]);
    expect(findings.some((f) => f.clientId === kept.clientId)).toBe(false);

    // Gone in the IdP: DELETED_IN_PROVIDER, no longer ACTIVE (so its tokens are refused), and not read again.
    expect((await t.run(admin(org), ClientDocument, { id: gone.id })).client).toMatchObject({ status: 'DELETED_IN_PROVIDER', statusMessage: expect.stringMatching(/gone/) });
    // The report stays on the provider, for administrators only.
    const stored = (await t.run(admin(org), LastReconciliationDocument, { id: provider.id })).clientProvider!.lastReconciliation;
    expect(stored).toEqual(report);
    const asMember = await t.request(member(org), LastReconciliationDocument, { id: provider.id });
    expect(asMember.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);

    // Removed in the IdP when the administrator names it.
    const again = await reconcile([orphan]);
    expect(again.report).toMatchObject({ checked: 3, goneInProvider: 0, orphans: 1, orphansRemoved: 1 });
    expect(okta.clients.has(orphan)).toBe(false);
    expect(okta.clients.has(kept.clientId!)).toBe(true);
  });

  it('with a real OpenID provider (RFC 7592 read): a client deleted there becomes DELETED_IN_PROVIDER', async () => {
    const org = 'reconcile-oidc';
    const { register, reconcile, environmentId } = await connect(org, { idp: oidc, name: 'OIDC' });
    const kept = await register('Kept');
    const gone = await register('Gone');
    const token = await oidc.clientCredentialsToken(gone.clientId!, gone.secret!);
    const verdict = async () => (await t.run(gateway(org), AuthorizeTokenDocument, { environmentId, token })).authorizeToken;
    expect(await verdict()).toMatchObject({ authorized: true });
    await oidc.forget(gone.clientId!);
    const { report } = await reconcile();
    expect(report).toMatchObject({ checked: 2, unchanged: 1, goneInProvider: 1 });
    // oidc-provider answers RFC 7592's read of a client it no longer holds with 401, as the RFC says.
    expect(report!.findings).toEqual([expect.objectContaining({ kind: 'GONE_IN_PROVIDER', clientId: gone.clientId, message: expect.stringMatching(/RFC 7592/) })]);
    expect((await t.run(admin(org), ClientDocument, { id: gone.id })).client?.status).toBe('DELETED_IN_PROVIDER');
    expect((await t.run(admin(org), ClientDocument, { id: kept.id })).client?.status).toBe('ACTIVE');
    // oidc-provider still says its token is active; the platform's answer no longer depends on that.
    expect(await verdict()).toMatchObject({ authorized: false, denial: 'CLIENT_NOT_ACTIVE' });
  });

  it('runs in the background for every provider, and refuses the built-in one', async () => {
    const org = 'reconcile-sweep';
    const { provider, register } = await connect(org, { name: 'Okta sweep', vendor: 'OKTA', issuer: okta.issuer, registrationAuthorization: `SSWS ${okta.apiToken}` });
    const client = await register('Swept');
    okta.clients.delete(client.clientId!);
    expect(await t.app.reconciliations.runOnce()).toBeGreaterThanOrEqual(1);
    const report = (await t.run(admin(org), LastReconciliationDocument, { id: provider.id })).clientProvider!.lastReconciliation;
    expect(report).toMatchObject({ checked: 1, goneInProvider: 1 });
    expect((await t.run(admin(org), ClientDocument, { id: client.id })).client?.status).toBe('DELETED_IN_PROVIDER');

    const builtIn = (await seedEnvironment(t, admin(org), 'Built-in only')).defaultClientProvider.id;
    const refused = await t.run(admin(org), ReconcileClientProviderDocument, { input: { id: builtIn } });
    expect(refused.reconcileClientProvider).toMatchObject({ report: null, userErrors: [expect.objectContaining({ code: 'PROVIDER_OPERATION_UNSUPPORTED' })] });
  });

  it('reads at most RECONCILE_MAX_CLIENTS per run and goes on where the last run stopped; leaves clients with an operation under way alone', async () => {
    const small = await startTestApp({ reconciliation: { maxClients: 2, paceMs: 0, secretWarningMs: 0 } });
    try {
      const org = 'reconcile-cursor';
      const provider = await seedProvider(small, admin(org), { name: 'Okta cursor', vendor: 'OKTA', issuer: okta.issuer, registrationAuthorization: `SSWS ${okta.apiToken}` });
      const environment = await seedLinkedEnvironment(small, admin(org), provider.id, 'Prod');
      const clients = [];
      for (const name of ['One', 'Two', 'Three']) {
        clients.push((await small.run(member(org), RegisterClientDocument, { input: { environmentId: environment.id, name } })).registerClient.client!);
      }
      const reconcile = async () => (await small.run(admin(org), ReconcileClientProviderDocument, { input: { id: provider.id } })).reconcileClientProvider.report!;
      // A deletion is under way for the third (its intent is open): reconciliation leaves it to that.
      const third = await small.app.orm.em.fork().findOneOrFail(Client, { clientId: clients[2]!.clientId });
      const writer = small.app.orm.em.fork();
      writer.create(IdpIntent, {
        orgId: third.orgId, providerId: third.provider.id, clientRowId: third.id, operation: IdpOperation.DELETE,
        clientName: third.name, createdAt: new Date(), leaseUntil: new Date(Date.now() + 60_000),
      });
      await writer.flush();
      expect(await reconcile()).toMatchObject({ checked: 2, unchanged: 2, truncated: true });
      expect(await reconcile()).toMatchObject({ checked: 0, truncated: false }); // the third, left alone
      await small.app.orm.em.fork().nativeDelete(IdpIntent, {});
      expect(await reconcile()).toMatchObject({ checked: 2, truncated: true }); // from the start again
      expect(await reconcile()).toMatchObject({ checked: 1, unchanged: 1, truncated: false, findings: [] });
    } finally {
      await small.close();
    }
  });
});

