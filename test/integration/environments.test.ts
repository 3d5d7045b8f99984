import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateEnvironmentDocument,
  DeleteEnvironmentDocument,
  EnvironmentDocument,
  EnvironmentsDocument,
  UpdateEnvironmentDocument,
} from '../generated/graphql.js';
import { admin, member, startTestApp, type TestApp } from '../support/app.js';
import { seedClient, seedEnvironment } from '../support/seed.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('environments', () => {
  it('creates an environment linked to the built-in provider, which is its default', async () => {
    const environment = await seedEnvironment(t, admin('env-org'), 'Sandbox', 'SANDBOX');
    expect(environment).toMatchObject({ name: 'Sandbox', type: 'SANDBOX' });
    expect(environment.clientProviders).toHaveLength(1);
    expect(environment.clientProviders[0]!.builtIn).toBe(true);
    expect(environment.defaultClientProvider.id).toBe(environment.clientProviders[0]!.id);

    const second = await seedEnvironment(t, admin('env-org'), 'Production', 'SANDBOX');
    expect(second.defaultClientProvider.id).toBe(environment.defaultClientProvider.id); // one built-in per organization
  });

  it('renames and retypes, trims names and refuses a taken or blank name', async () => {
    const environment = await seedEnvironment(t, admin('env-org-2'), 'Design', 'SANDBOX');
    await seedEnvironment(t, admin('env-org-2'), 'Taken', 'SANDBOX');
    const { updateEnvironment } = await t.run(admin('env-org-2'), UpdateEnvironmentDocument, {
      input: { id: environment.id, name: '  Design 2 ', type: 'DESIGN' },
    });
    expect(updateEnvironment.userErrors).toEqual([]);
    expect(updateEnvironment.environment).toMatchObject({ name: 'Design 2', type: 'DESIGN' });

    const taken = await t.run(admin('env-org-2'), UpdateEnvironmentDocument, { input: { id: environment.id, name: 'Taken' } });
    expect(taken.updateEnvironment.userErrors).toEqual([{ code: 'NAME_TAKEN', field: ['input', 'name'], message: expect.any(String) }]);
    const blank = await t.run(admin('env-org-2'), CreateEnvironmentDocument, { input: { name: '   ', type: 'SANDBOX' } });
    expect(blank.createEnvironment.userErrors.map((e) => e.code)).toEqual(['BLANK']);
    const long = await t.run(admin('env-org-2'), CreateEnvironmentDocument, { input: { name: 'x'.repeat(101), type: 'SANDBOX' } });
    expect(long.createEnvironment.userErrors.map((e) => e.code)).toEqual(['TOO_LONG']);

    const same = await t.run(admin('env-org-2'), UpdateEnvironmentDocument, { input: { id: environment.id, name: 'Design 2' } });
    expect(same.updateEnvironment.userErrors).toEqual([]); // keeping its own name is not a clash
  });

  it('pages with opaque keyset cursors and counts everything', async () => {
    const org = 'env-paging';
    const names = ['a', 'b', 'c', 'd', 'e'];
    for (const name of names) await seedEnvironment(t, admin(org), name, 'SANDBOX');
    const seen: string[] = [];
    let after: string | null | undefined = undefined;
    for (let page = 0; page < 5; page++) {
      const { environments }: { environments: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor?: string | null }; edges: { node: { name: string } }[] } } =
        await t.run(admin(org), EnvironmentsDocument, { first: 2, after });
      expect(environments.totalCount).toBe(5);
      seen.push(...environments.edges.map((e) => e.node.name));
      if (!environments.pageInfo.hasNextPage) break;
      after = environments.pageInfo.endCursor;
    }
    expect(seen).toEqual(names);

    const bad = await t.request(admin(org), EnvironmentsDocument, { first: 2, after: 'not-a-cursor' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await t.request(admin(org), EnvironmentsDocument, { first: 1000 });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses to delete an environment that still has clients, then deletes it once empty', async () => {
    const org = 'env-delete';
    const environment = await seedEnvironment(t, admin(org), 'Doomed', 'SANDBOX');
    const registered = await seedClient(t, member(org), { environmentId: environment.id, name: 'app' });
    const refused = await t.run(admin(org), DeleteEnvironmentDocument, { input: { id: environment.id } });
    expect(refused.deleteEnvironment).toMatchObject({ deletedId: null, userErrors: [{ code: 'ENVIRONMENT_HAS_CLIENTS' }] });
    expect((await t.run(admin(org), EnvironmentDocument, { id: environment.id })).environment?.clients.totalCount).toBe(1);

    await t.run(admin(org), /* delete the client */ (await import('../generated/graphql.js')).DeleteClientDocument, {
      input: { id: registered.client.id },
    });
    const deleted = await t.run(admin(org), DeleteEnvironmentDocument, { input: { id: environment.id } });
    expect(deleted.deleteEnvironment).toEqual({ deletedId: environment.id, userErrors: [] });
    expect((await t.run(admin(org), EnvironmentDocument, { id: environment.id })).environment).toBeNull();
    const again = await t.run(admin(org), DeleteEnvironmentDocument, { input: { id: environment.id } });
    expect(again.deleteEnvironment.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
  });

  it('lets members read but not change environments; no token is UNAUTHENTICATED', async () => {
    const environment = await seedEnvironment(t, admin('env-roles'), 'Shared', 'SANDBOX');
    const read = await t.run(member('env-roles'), EnvironmentDocument, { id: environment.id });
    expect(read.environment?.name).toBe('Shared');

    const write = await t.request(member('env-roles'), CreateEnvironmentDocument, { input: { name: 'Nope', type: 'SANDBOX' } });
    expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(write.data).toBeNull();
    const anonymous = await t.request(null, EnvironmentsDocument, {});
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const { environments } = await t.run(admin('env-roles'), EnvironmentsDocument, {});
    expect(environments.edges.map((e) => e.node.name)).toEqual(['Shared']);
  });

  it('pages through each environment’s clients with nested cursors, several environments in one request', async () => {
    const org = admin('env-pages');
    const environments = [await seedEnvironment(t, org, 'Pages A', 'SANDBOX'), await seedEnvironment(t, org, 'Pages B', 'SANDBOX')];
    const registered = new Map<string, string[]>();
    for (const [i, environment] of environments.entries()) {
      const names: string[] = [];
      for (let c = 0; c < 3 + i * 2; c++) names.push((await seedClient(t, org, { environmentId: environment.id, name: `${environment.name} ${c}` })).client.name);
      registered.set(environment.id, names);
    }
    const seen = new Map<string, string[]>(environments.map((e) => [e.id, []]));
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const response: { data?: any; errors?: unknown } = await t.raw(
        org,
        'query($after: String) { environments(first: 10) { edges { node { id clients(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } } } } }',
        { after },
      );
      expect(response.errors).toBeUndefined();
      const nodes = response.data.environments.edges.map((edge: any) => edge.node).filter((node: any) => seen.has(node.id));
      for (const node of nodes) {
        seen.get(node.id)!.push(...node.clients.edges.map((edge: any) => edge.node.name));
        expect(node.clients.totalCount).toBe(registered.get(node.id)!.length);
      }
      // The larger environment's cursor: ids are time-ordered, so it pages the smaller one past its end.
      const larger = nodes.find((node: any) => node.id === environments[1]!.id).clients;
      if (!larger.pageInfo.hasNextPage) break;
      after = larger.pageInfo.endCursor;
    }
    expect(seen.get(environments[1]!.id)).toEqual(registered.get(environments[1]!.id));
    // The smaller one's clients were all registered before the larger one's: the first page had them, no later page repeats them.
    expect(seen.get(environments[0]!.id)).toEqual(registered.get(environments[0]!.id)!.slice(0, 2));
  });
});
