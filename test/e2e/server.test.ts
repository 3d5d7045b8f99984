import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../support/database.js';
import { npmToken, serverEnv, startServer, stopServers, type ServerProcess } from '../support/process.js';

/**
 * The real server process, started the way `npm start` starts it (the compiled build; `npm test`
 * builds first), with tokens from `npm run token`, spoken to over HTTP.
 */
let env: NodeJS.ProcessEnv;
let server: ServerProcess;
let url: string;

async function graphql(bearer: string | null, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

beforeAll(async () => {
  env = await serverEnv();
  server = await startServer(env);
  url = server.url;
}, 60_000);

afterAll(stopServers);

describe('the server process', () => {
  it('starts on the configured store and warns when it generated development secrets', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    const warned = server.logs.some((line) => String(line.msg).includes('development secrets'));
    expect(warned).toBe(TEST_DB === 'sqlite');
    if (TEST_DB === 'sqlite') expect(existsSync(join(env.DATA_DIR!, 'client-providers.sqlite3'))).toBe(true);
  });

  it('serves GraphQL to a token from `npm run token`, and refuses requests without one', async () => {
    const adminToken = await npmToken(env, 'e2e', 'organization_admin', 'alice');
    expect(adminToken.split('.')).toHaveLength(3);

    const created = await graphql(adminToken, 'mutation($i: CreateEnvironmentInput!) { createEnvironment(input: $i) { environment { id name } userErrors { code } } }', {
      i: { name: 'Production', type: 'PRODUCTION' },
    });
    expect(created.status).toBe(200);
    expect(created.body.data.createEnvironment).toMatchObject({ environment: { name: 'Production' }, userErrors: [] });

    const memberToken = await npmToken(env, 'e2e', 'developer', 'bob');
    const registered = await graphql(memberToken, 'mutation($i: RegisterClientInput!) { registerClient(input: $i) { client { clientId } clientSecret userErrors { code } } }', {
      i: { environmentId: created.body.data.createEnvironment.environment.id, name: 'app' },
    });
    expect(registered.body.data.registerClient.clientSecret).toEqual(expect.any(String));

    // No token: an error on the field, with HTTP 200 so a gateway keeps the rest of the answer.
    const anonymous = await graphql(null, '{ environments { totalCount } }');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await graphql(`${adminToken.slice(0, -4)}AAAA`, '{ environments { totalCount } }');
    expect(forged.status).toBe(401);
    expect(JSON.stringify(forged.body)).not.toMatch(/stack|at .*\.js/);
  });

  it('answers federation and health probes', async () => {
    const service = await graphql(null, '{ _service { sdl } }');
    expect(service.body.data._service.sdl).toContain('type Environment implements Node');
    expect((await fetch(url.replace('/graphql', '/health/live'))).status).toBe(200);
    const ready = await fetch(url.replace('/graphql', '/health/ready'));
    expect(await ready.json()).toEqual({ status: 'ok', pending: 0, invalidations: expect.objectContaining({ inSync: true }) });
  });

  it('stops cleanly on SIGTERM', async () => {
    server.child.kill('SIGTERM');
    expect(await server.closed).toEqual({ code: 0, signal: null });
  });
});
