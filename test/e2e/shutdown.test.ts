import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmToken, serverEnv, sleep, startServer, stopServers, waitFor, within, type LogLine } from '../support/process.js';

/**
 * The compiled server process stops cleanly on SIGTERM and SIGINT: it stops accepting connections,
 * lets the request in flight finish (here one waiting on a slow identity provider), closes the
 * store, says so in the log, and exits 0.
 */
const IDP_DELAY_MS = 4000;

async function graphql(url: string, bearer: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

/** One request on a new connection (no keep-alive pool): its status, or the error that stopped it. */
function onNewConnection(url: string, timeoutMs = 3000): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode }));
      res.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })));
    req.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    req.end();
  });
}

/**
 * An OpenID provider on loopback that takes its time over discovery: the document (for its own
 * issuer) comes IDP_DELAY_MS after the request. Registration answers as an IdP that accepted the
 * authorization but refused the metadata, introspection as one that knows no such token.
 */
interface SlowIdp {
  issuer: string;
  registrationAuthorization: string;
  introspectionClient: { clientId: string; clientSecret: string };
  requests: string[];
  discoveryRequested: Promise<void>;
  close(): Promise<void>;
}

async function startSlowIdp(): Promise<SlowIdp> {
  const registrationAuthorization = `Bearer ${randomBytes(24).toString('base64url')}`;
  const introspectionClient = { clientId: 'slow-introspector', clientSecret: randomBytes(24).toString('base64url') };
  const requests: string[] = [];
  let discovered!: () => void;
  const discoveryRequested = new Promise<void>((resolve) => (discovered = resolve));
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const path = (req.url ?? '/').split('?')[0];
    requests.push(`${req.method} ${path}`);
    const send = (status: number, json: unknown) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (req.method === 'GET' && path === '/.well-known/openid-configuration') {
      discovered();
      setTimeout(
        () =>
          send(200, {
            issuer,
            authorization_endpoint: `${issuer}/authorize`,
            token_endpoint: `${issuer}/token`,
            introspection_endpoint: `${issuer}/introspect`,
            registration_endpoint: `${issuer}/register`,
            jwks_uri: `${issuer}/jwks`,
            response_types_supported: ['code'],
            subject_types_supported: ['public'],
            id_token_signing_alg_values_supported: ['RS256'],
          }),
        IDP_DELAY_MS,
      );
      return;
    }
    if (req.method === 'POST' && path === '/register') {
      if (req.headers.authorization !== registrationAuthorization) return send(401, { error: 'invalid_token', error_description: 'unknown initial access token' });
      return send(400, { error: 'invalid_redirect_uri', error_description: 'redirect_uris must be absolute URLs' });
    }
    if (req.method === 'POST' && path === '/introspect') {
      const expected = `Basic ${Buffer.from(`${introspectionClient.clientId}:${introspectionClient.clientSecret}`).toString('base64')}`;
      if (req.headers.authorization !== expected || !new URLSearchParams(body).get('token')) return send(401, { error: 'invalid_client' });
      return send(200, { active: false });
    }
    return send(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    registrationAuthorization,
    introspectionClient,
    requests,
    discoveryRequested,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** 'shutting down' (for the signal), then 'stopped' as the very last line: nothing is logged after the store is closed. */
function expectOrderlyShutdownLog(logs: LogLine[], signal: string) {
  const shuttingDown = logs.findIndex((line) => line.msg === 'shutting down');
  const stopped = logs.findIndex((line) => line.msg === 'stopped');
  const messages = logs.map((line) => line.msg);
  expect(shuttingDown, `a 'shutting down' line in ${JSON.stringify(messages)}`).toBeGreaterThanOrEqual(0);
  expect(logs[shuttingDown]!.signal).toBe(signal);
  expect(stopped, `a 'stopped' line after 'shutting down' in ${JSON.stringify(messages)}`).toBeGreaterThan(shuttingDown);
  expect(stopped, `'stopped' is the last line in ${JSON.stringify(messages)}`).toBe(logs.length - 1);
  expect(logs[stopped]!.time as number).toBeGreaterThanOrEqual(logs[shuttingDown]!.time as number);
  expect(logs.filter((line) => line.msg === 'shutting down' || line.msg === 'stopped')).toHaveLength(2);
  expect(logs.slice(shuttingDown).filter((line) => (line.level as number) >= 50), 'no error lines while stopping').toEqual([]);
  return { shuttingDown, stopped };
}

let idp: SlowIdp;

beforeAll(async () => {
  idp = await startSlowIdp();
});

afterAll(async () => {
  await stopServers();
  await idp?.close();
});

describe('stopping the server process', () => {
  it('on SIGTERM: stops accepting, finishes the request in flight, closes the store, logs it and exits 0', { timeout: 90_000 }, async () => {
    const env = await serverEnv();
    const server = await startServer(env);
    const bearer = await npmToken(env, 'shutdown', 'organization_admin', 'alice');

    const created = await graphql(
      server.url,
      bearer,
      'mutation CreateSlowProvider($input: CreateClientProviderInput!) { createClientProvider(input: $input) { clientProvider { id } userErrors { code message } } }',
      {
        input: {
          name: 'Slow IdP',
          vendor: 'GENERIC_OIDC',
          issuer: idp.issuer,
          registrationAuthorization: idp.registrationAuthorization,
          introspectionClientId: idp.introspectionClient.clientId,
          introspectionClientSecret: idp.introspectionClient.clientSecret,
          requestTimeoutMs: 10_000,
          // The slow IdP's delay belongs to the call held in flight, not to saving the provider.
          discover: false,
        },
      },
    );
    expect(created.status).toBe(200);
    expect(created.body.data?.createClientProvider.userErrors).toEqual([]);
    const providerId = created.body.data.createClientProvider.clientProvider.id as string;

    // The connection test waits on the slow discovery document: a request in flight.
    let settled = false;
    const inFlight = graphql(
      server.url,
      bearer,
      'mutation TestSlowProvider($input: TestClientProviderInput!) { testClientProvider(input: $input) { ok checks { name ok message } userErrors { code message } } }',
      { input: { id: providerId } },
    ).finally(() => (settled = true));
    inFlight.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
    await within(10_000, 'the IdP to receive the discovery request', idp.discoveryRequested);
    expect(settled).toBe(false);

    server.child.kill('SIGTERM');
    await waitFor("the 'shutting down' line", () => server.logs.some((line) => line.msg === 'shutting down'), 5000);
    await sleep(300);

    // A new connection now finds nobody listening, while the request in flight is still being served.
    const attempt = await onNewConnection(server.url.replace('/graphql', '/health/live'));
    expect(['ECONNREFUSED', 'ECONNRESET'], `a new connection after SIGTERM got ${attempt.error ?? `HTTP ${attempt.status}`}`).toContain(attempt.error);
    expect(settled, 'the request in flight was still being served when the new connection was refused').toBe(false);

    const answer = await within(20_000, 'the request in flight to complete', inFlight);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.testClientProvider).toEqual({
      ok: true,
      checks: [
        { name: 'discovery', ok: true, message: expect.any(String) },
        { name: 'registration_authorization', ok: true, message: expect.any(String) },
        { name: 'introspection_client', ok: true, message: expect.any(String) },
      ],
      userErrors: [],
    });
    expect(idp.requests).toEqual(['GET /.well-known/openid-configuration', 'POST /register', 'POST /introspect']);

    const exit = await within(20_000, 'the process to exit', server.closed);
    expect(exit, `stderr: ${server.stderr()}`).toEqual({ code: 0, signal: null });

    const { shuttingDown, stopped } = expectOrderlyShutdownLog(server.logs, 'SIGTERM');
    // The request finished while the server drained: its request line is between the two.
    const requestLine = server.logs.findIndex((line) => line.msg === 'graphql request' && line.operationName === 'TestSlowProvider');
    expect(requestLine).toBeGreaterThan(shuttingDown);
    expect(requestLine).toBeLessThan(stopped);
  });

  it('on SIGINT: exits 0 with the same lines', { timeout: 60_000 }, async () => {
    const env = await serverEnv();
    const server = await startServer(env);
    expect((await fetch(server.url.replace('/graphql', '/health/live'))).status).toBe(200);

    server.child.kill('SIGINT');
    const exit = await within(20_000, 'the process to exit', server.closed);
    expect(exit, `stderr: ${server.stderr()}`).toEqual({ code: 0, signal: null });
    expectOrderlyShutdownLog(server.logs, 'SIGINT');
  });

  it('on a second signal while draining: exits 1 at once, saying so', { timeout: 60_000 }, async () => {
    const slow = await startSlowIdp();
    try {
      const env = await serverEnv();
      const server = await startServer(env);
      const bearer = await npmToken(env, 'impatient', 'organization_admin', 'carol');
      const created = await graphql(
        server.url,
        bearer,
        'mutation CreateSlowProvider($input: CreateClientProviderInput!) { createClientProvider(input: $input) { clientProvider { id } userErrors { code } } }',
        { input: { name: 'Slow IdP', vendor: 'GENERIC_OIDC', issuer: slow.issuer, requestTimeoutMs: 10_000, discover: false } },
      );
      const inFlight = graphql(server.url, bearer, 'mutation TestSlowProvider($id: ID!) { testClientProvider(input: { id: $id }) { ok } }', {
        id: created.body.data.createClientProvider.clientProvider.id,
      });
      inFlight.catch(() => undefined); // the process goes away under it
      await within(10_000, 'the IdP to receive the discovery request', slow.discoveryRequested);

      server.child.kill('SIGTERM');
      await waitFor("the 'shutting down' line", () => server.logs.some((line) => line.msg === 'shutting down'), 5000);
      server.child.kill('SIGINT');
      const exit = await within(5000, 'the process to exit', server.closed);
      expect(exit).toEqual({ code: 1, signal: null });
      expect(server.logs.some((line) => line.msg === 'second signal while shutting down: exiting without waiting' && line.signal === 'SIGINT')).toBe(true);
      expect(server.logs.some((line) => line.msg === 'stopped')).toBe(false);
    } finally {
      await slow.close();
    }
  });
});
