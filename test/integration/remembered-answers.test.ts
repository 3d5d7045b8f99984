import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateClientProviderDocument,
  CreateEnvironmentDocument,
  DeleteClientDocument,
  LinkClientProviderDocument,
  RegisterClientDocument,
  RotateClientSecretDocument,
  UpdateClientDocument,
  UpdateEnvironmentDocument,
} from '../generated/graphql.js';
import { admin, member, startTestApp, TEST_HTTP, type Caller, type TestApp } from '../support/app.js';
import { seedClient, seedEnvironment } from '../support/seed.js';

/**
 * Remembered answers (graphql/remembered-answers.ts): a console page sent again by the same caller
 * is answered with the bytes of its last answer while the organization's data version (raised by
 * triggers on every write) is unchanged, and computed again after any write, by whoever made it.
 * Every answer here is compared with the one Apollo computes for the same request at that moment.
 */
const ORG = 'remembered';
const OTHER = 'remembered-other';
let t: TestApp;
let environmentId: string;

/** The console's page; an administrator's shows the audit trail too (only administrators may read it). */
const consoleFor = (caller: Caller) => `query Console($first: Int) { environments(first: $first) { totalCount
  edges { node { id name type updatedAt clientProviders { id name vendor } defaultClientProvider { id name }
    clients(first: 10) { totalCount edges { node { id name clientId status redirectUris hasClientSecret previousSecretExpiresAt updatedAt } } } } } }
  clientProviders(first: 20) { totalCount edges { node { id name environments { id name } } } }
  ${caller.roles?.includes('organization_admin') ? 'auditEvents(first: 5) { totalCount edges { node { action actor targetId } } }' : ''} }`;

beforeAll(async () => {
  t = await startTestApp();
  environmentId = (await seedEnvironment(t, admin(ORG), 'Production')).id;
  await seedClient(t, member(ORG), { environmentId, name: 'Member app', redirectUris: ['https://app.example.com/cb'] });
});
afterAll(() => t?.close());

interface Answer {
  status: number;
  type: string | null;
  body: string;
}

/** A plain JSON POST, as the console sends: the prepared path, where answers are remembered. */
async function page(app: TestApp, caller: Caller, variables: Record<string, unknown> = { first: 20 }, extra: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(app.app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await app.token(caller)}` },
    body: JSON.stringify({ query: consoleFor(caller), variables, ...extra }),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

/** The same request with `extensions`: Apollo's pipeline, computed now, never remembered. */
const computed = (app: TestApp, caller: Caller, variables?: Record<string, unknown>) => page(app, caller, variables, { extensions: {} });

async function counted(app: TestApp): Promise<{ remembered: number; computed: number }> {
  const text = await (await fetch(app.app.metricsUrl)).text();
  const of = (result: string) => Number(new RegExp(`^graphql_remembered_answers_total\\{result="${result}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { remembered: of('remembered'), computed: of('computed') };
}

/** The page as the caller sees it now, checked against Apollo's answer, and remembered: sent again, it comes from memory. */
async function remembered(app: TestApp, caller: Caller): Promise<string> {
  const truth = await computed(app, caller);
  expect(truth.status).toBe(200);
  expect(JSON.parse(truth.body).errors).toBeUndefined();
  const first = await page(app, caller); // prepared (computed, or remembered from before)
  expect(first).toEqual(truth);
  const before = await counted(app);
  expect(await page(app, caller)).toEqual(truth);
  expect((await counted(app)).remembered).toBe(before.remembered + 1);
  return truth.body;
}

/** After each write, the caller's page differs from the one before it, and is Apollo's answer (then remembered). */
async function showsEach(caller: Caller, writes: [what: string, write: () => Promise<unknown>][], before?: string): Promise<void> {
  let shown = before ?? (await remembered(t, caller));
  for (const [what, write] of writes) {
    await write();
    const now = await remembered(t, caller);
    expect(now, what).not.toEqual(shown);
    shown = now;
  }
}

describe('remembered answers', () => {
  it('answers a page sent again from memory: the same status, headers and bytes, after one statement (the data version)', async () => {
    await remembered(t, admin(ORG));
    t.statements.length = 0;
    const again = await page(t, admin(ORG));
    expect(again).toEqual(await computed(t, admin(ORG)));
    expect(t.statements.slice(0, 1)).toEqual([expect.stringMatching(/^select version from data_version where org_id = /)]);
    // And it was the only statement the remembered answer made (the second request's are Apollo's).
    const computedAlone = t.statements.length - 1;
    t.statements.length = 0;
    await computed(t, admin(ORG));
    expect(t.statements).toHaveLength(computedAlone);
    expect(computedAlone).toBeGreaterThan(1);
    // After a write, computed on the prepared path: the page's statements and one read of the version.
    await t.run(admin(ORG), CreateEnvironmentDocument, { input: { name: 'Counted', type: 'DESIGN' } });
    t.statements.length = 0;
    await computed(t, admin(ORG));
    const page1 = t.statements.length;
    t.statements.length = 0;
    await page(t, admin(ORG));
    expect(t.statements.filter((sql) => /data_version/.test(sql))).toHaveLength(1);
    expect(t.statements).toHaveLength(page1 + 1);
  });

  it('shows every write at once, whichever kind of row it changes', async () => {
    const caller = admin(ORG);
    const shown = await remembered(t, caller);
    const registered = await t.run(member(ORG), RegisterClientDocument, { input: { environmentId, name: 'Second app', redirectUris: ['https://two.example.com/cb'] } });
    const clientId = registered.registerClient.client!.id;
    const writes: [string, () => Promise<unknown>][] = [
      ['a client registered', async () => undefined],
      ['an environment created', () => t.run(caller, CreateEnvironmentDocument, { input: { name: 'Sandbox', type: 'SANDBOX' } })],
      ['an environment renamed', () => t.run(caller, UpdateEnvironmentDocument, { input: { id: environmentId, name: 'Production EU' } })],
      ['a client updated', () => t.run(member(ORG), UpdateClientDocument, { input: { id: clientId, name: 'Second app, renamed' } })],
      ['a client secret rotated', () => t.run(member(ORG), RotateClientSecretDocument, { input: { id: clientId } })],
      [
        'a provider created and linked',
        async () => {
          const { createClientProvider } = await t.run(caller, CreateClientProviderDocument, {
            input: { name: 'Okta', vendor: 'OKTA', issuer: 'https://example.okta.com', registrationUrl: 'https://example.okta.com/oauth2/v1/clients', discover: false },
          });
          await t.run(caller, LinkClientProviderDocument, { input: { environmentId, clientProviderId: createClientProvider.clientProvider!.id } });
        },
      ],
      ['a client deleted', () => t.run(member(ORG), DeleteClientDocument, { input: { id: clientId } })],
      ['an environment renamed in the database by hand', () => t.app.orm.em.fork().getConnection().execute(`update environment set name = 'Renamed by hand' where id = (select id from environment where org_id = ? and type = 'PRODUCTION')`, [ORG])],
    ];
    await showsEach(caller, writes, shown);
  });

  it('shows a write made in the database by hand to any table the page reads, at once', async () => {
    const caller = admin(ORG);
    const { createClientProvider } = await t.run(caller, CreateClientProviderDocument, {
      input: { name: 'Hand-linked', vendor: 'OKTA', issuer: 'https://hand.okta.com', registrationUrl: 'https://hand.okta.com/oauth2/v1/clients', discover: false },
    });
    await t.run(caller, LinkClientProviderDocument, { input: { environmentId, clientProviderId: createClientProvider.clientProvider!.id } });
    const sql = (text: string) => () => t.app.orm.em.fork().getConnection().execute(text, [ORG]);
    const writes: [string, () => Promise<unknown>][] = [
      ['client', sql(`update client set name = 'Renamed by hand' where org_id = ? and name = 'Member app'`)],
      ['client_provider', sql(`update client_provider set name = 'Built-in, renamed by hand' where built_in_org_id = ?`)],
      ['provider_link', sql(`delete from provider_link where provider_id = (select id from client_provider where org_id = ? and name = 'Hand-linked')`)],
      ['audit_event', sql(`delete from audit_event where org_id = ?`)],
    ];
    await showsEach(caller, writes);
  });

  it('never gives one caller the answer remembered for another', async () => {
    const other = member(ORG, 'someone-else@remembered');
    await seedClient(t, other, { environmentId, name: 'Someone else’s app', redirectUris: ['https://else.example.com/cb'] });
    await seedEnvironment(t, admin(OTHER), 'Other organization');
    const answers = new Set<string>();
    // Each caller's page is checked against Apollo's answer for that caller, then remembered.
    for (const caller of [admin(ORG), member(ORG), other, { ...member(ORG), roles: ['developer', 'auditor'] }, admin(OTHER)]) answers.add(await remembered(t, caller));
    for (const caller of [admin(ORG), member(ORG), other, admin(OTHER)]) expect(await page(t, caller)).toEqual(await computed(t, caller));
    // The admin, the two members and the other organization see different pages.
    expect(answers.size).toBeGreaterThanOrEqual(4);
    // Other variables are another answer.
    const small = await page(t, admin(ORG), { first: 1 });
    expect(small).toEqual(await computed(t, admin(ORG), { first: 1 }));
    expect(JSON.parse(small.body).data.environments.edges).toHaveLength(1);
  });

  it('drops a rotated-out secret’s overlap from a remembered page when it ends, with no write', async () => {
    const caller = member(ORG);
    const { client } = await seedClient(t, caller, { environmentId, name: 'Rotating app', redirectUris: ['https://rotating.example.com/cb'] });
    const { rotateClientSecret } = await t.run(caller, RotateClientSecretDocument, { input: { id: client.id } });
    const until = Date.parse(rotateClientSecret.client!.previousSecretExpiresAt!);
    const during = await remembered(t, caller);
    expect(during).toContain(rotateClientSecret.client!.previousSecretExpiresAt!);
    t.clock.advance(until - t.clock.now() + 1);
    const after = await remembered(t, caller);
    expect(after).not.toContain(rotateClientSecret.client!.previousSecretExpiresAt!);
  });

  it('remembers nothing with REMEMBERED_ANSWERS_MAX_BYTES=0: no data version read', async () => {
    const off = await startTestApp({ http: { ...TEST_HTTP, rememberedAnswersMaxBytes: 0 } }, { replicaOf: t });
    try {
      for (let i = 0; i < 3; i++) expect(await page(off, admin(ORG))).toEqual(await computed(off, admin(ORG)));
      expect(off.statements.filter((sql) => /data_version/.test(sql))).toEqual([]);
      expect(await counted(off)).toEqual({ remembered: 0, computed: 0 });
    } finally {
      await off.close();
    }
  });
});
