import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateEnvironmentDocument, EnvironmentsDocument } from '../generated/graphql.js';
import { admin, startTestApp, type TestApp } from '../support/app.js';
import { seedEnvironment } from '../support/seed.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('faults', () => {
  it('answers a store failure with a bare INTERNAL_SERVER_ERROR and logs the cause with the request id', async () => {
    await seedEnvironment(t, admin('faults'), 'Before', 'SANDBOX');
    // Break the store under the running server: the next query fails inside the resolver.
    await t.app.orm.em.getConnection().execute('drop table provider_link');

    const response = await t.request(admin('faults'), CreateEnvironmentDocument, { input: { name: 'After', type: 'SANDBOX' } });
    expect(response.errors).toHaveLength(1);
    const [error] = response.errors!;
    expect(error).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(response)).not.toMatch(/provider_link|stack|select|insert/i);

    const logged = t.logs.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'request failed');
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged.err)).toMatch(/provider_link/);
    expect(logged.requestId).toEqual(expect.any(String));

    // The refused write left nothing behind.
    const { environments } = await t.run(admin('faults'), EnvironmentsDocument, {});
    expect(environments.edges.map((e) => e.node.name)).toEqual(['Before']);
  });
});
