import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizeTokenDocument, CreateEnvironmentDocument, TestClientProviderDocument } from '../generated/graphql.js';
import { admin, gateway, member, startTestApp, type TestApp } from '../support/app.js';
import { startTestIdp, type TestIdp } from '../support/idp.js';
import { seedClient, seedLinkedEnvironment, seedProvider } from '../support/seed.js';
import { clientCredentialsToken } from '../support/tokens.js';

/** What operators and browsers see besides GraphQL: health, metrics, request ids, CORS, CSRF, the playground. */
const ORG = 'ops-org';
const FRONT_END = 'https://console.example.com';
let t: TestApp;
let idp: TestIdp;
let base: string;

beforeAll(async () => {
  [t, idp] = await Promise.all([
    startTestApp({ http: { corsOrigins: [FRONT_END], playground: true, introspection: true, metrics: true, shutdownGraceMs: 1000 } }),
    startTestIdp(),
  ]);
  base = t.app.url.replace(/\/graphql$/, '');
});
afterAll(async () => {
  await Promise.all([t?.close(), idp?.close()]);
});

/** Prometheus text format → value of the one sample with exactly these labels (0 when absent). */
async function sample(name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort();
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = match[2]!.split(/,(?=[a-z_]+=")/).sort();
    if (have.length === wanted.length && have.every((label, i) => label === wanted[i])) return Number(match[3]);
  }
  return 0;
}

describe('health', () => {
  it('is live, and ready once the store answers and every migration is applied', async () => {
    expect(await (await fetch(`${base}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', pending: 0, invalidations: expect.objectContaining({ inSync: true }) });
  });

  it('answers probes to HEAD as to GET, OPTIONS with their methods, other methods with 405, and leaves other paths to the rest of the server', async () => {
    const head = await fetch(`${base}/health/live`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await head.text()).toBe('');
    expect((await fetch(`${base}/health/ready?verbose=1`, { method: 'HEAD' })).status).toBe(200);
    // Matched as express's routes were: a trailing slash and case do not matter.
    expect((await fetch(`${base}/health/live/`)).status).toBe(200);
    expect((await fetch(`${base}/HEALTH/Ready`)).status).toBe(200);
    // OPTIONS says which methods a probe takes; another method is refused, as on METRICS_PORT.
    for (const path of ['/health/live', '/health/ready/', '/metrics']) {
      const options = await fetch(`${base}${path}`, { method: 'OPTIONS' });
      expect([path, options.status, options.headers.get('allow')]).toEqual([path, 204, 'GET, HEAD']);
      const posted = await fetch(`${base}${path}`, { method: 'POST' });
      expect([path, posted.status, posted.headers.get('allow')]).toEqual([path, 405, 'GET, HEAD']);
    }
    // Not a probe: answered by express (loaded for it), as before.
    expect((await fetch(`${base}/health/lively`)).status).toBe(404);
  });

  it('is not ready while a migration is pending, nor when the store does not answer', async () => {
    const broken = await startTestApp();
    const readiness = async () => {
      const response = await fetch(broken.app.url.replace(/\/graphql$/, '/health/ready'));
      return { status: response.status, body: await response.json() };
    };
    try {
      expect(await readiness()).toMatchObject({ status: 200, body: { status: 'ok', pending: 0 } });
      // As if this build carried a migration the database has not had yet.
      await broken.app.orm.em.getConnection().execute('delete from mikro_orm_migrations where id = (select max(id) from mikro_orm_migrations)');
      expect(await readiness()).toMatchObject({ status: 503, body: { status: 'migrations pending', pending: 1 } });
      const created = await broken.run(admin(ORG), CreateEnvironmentDocument, { input: { name: 'Before the fault', type: 'SANDBOX' } });
      const environmentId = created.createEnvironment!.environment!.id;
      await broken.app.orm.close(true);
      expect(await readiness()).toEqual({ status: 503, body: { status: 'store unreachable' } });
      // A fault off express (the RFC 7662 endpoint needs the store): a bare 500 in JSON, logged with its cause.
      const faulted = await fetch(broken.app.url.replace(/\/graphql$/, `/environments/${environmentId}/introspect`), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${await broken.token(gateway(ORG))}`, 'x-request-id': 'faulted-1' },
        body: 'token=some-opaque-token',
      });
      expect(faulted.status).toBe(500);
      expect(await faulted.json()).toEqual({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      const lines = broken.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.requestId === 'faulted-1');
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ msg: 'request failed', err: expect.anything() }),
          expect.objectContaining({ msg: 'graphql request', operationName: 'introspect', status: 500, errorCodes: ['INTERNAL_SERVER_ERROR'] }),
        ]),
      );
      expect((await fetch(broken.app.url.replace(/\/graphql$/, '/health/live'))).status).toBe(200);
    } finally {
      await broken.close();
    }
  });
});

describe('metrics', () => {
  it('counts requests per operation and errors by code', async () => {
    const before = await sample('graphql_requests_total', { operation: 'CreateEnvironment', type: 'mutation', outcome: 'ok' });
    const unauthenticated = await sample('graphql_errors_total', { code: 'UNAUTHENTICATED' });
    await t.run(admin(ORG), CreateEnvironmentDocument, { input: { name: 'Metrics', type: 'SANDBOX' } });
    await t.raw(null, 'query Anonymous { environments { totalCount } }');
    expect(await sample('graphql_requests_total', { operation: 'CreateEnvironment', type: 'mutation', outcome: 'ok' })).toBe(before + 1);
    // Without a token the operation's name is not a label (callers without one cannot add series).
    expect(await sample('graphql_requests_total', { operation: 'anonymous', type: 'query', outcome: 'error' })).toBeGreaterThanOrEqual(1);
    expect(await sample('graphql_requests_total', { operation: 'Anonymous', type: 'query', outcome: 'error' })).toBe(0);
    expect(await sample('graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(unauthenticated + 1);
    expect(await sample('graphql_request_duration_seconds_count', { operation: 'CreateEnvironment', type: 'mutation' })).toBeGreaterThanOrEqual(1);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('# TYPE graphql_request_duration_seconds histogram');
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('counts IdP calls, their latency and failures per provider and vendor, and cache hits and misses', async () => {
    const provider = (await seedProvider(t, admin(ORG), { idp, name: 'Metered IdP' })).id;
    const environmentId = (await seedLinkedEnvironment(t, admin(ORG), provider, 'Metered')).id;
    const registered = await seedClient(t, member(ORG), { environmentId, name: 'Metered app', scopes: ['read'] });
    const labels = { provider, vendor: 'GENERIC_OIDC' };
    expect(await sample('idp_requests_total', { ...labels, operation: 'client registration', outcome: 'ok' })).toBe(1);
    expect(await sample('idp_request_duration_seconds_count', { ...labels, operation: 'client registration' })).toBe(1);

    const token = await clientCredentialsToken(`${idp.issuer}/token`, registered.client.clientId!, registered.clientSecret!, 'read');
    const misses = await sample('cache_lookups_total', { cache: 'introspection', result: 'miss' });
    const hits = await sample('cache_lookups_total', { cache: 'introspection', result: 'hit' });
    for (let i = 0; i < 3; i++) {
      const { authorizeToken } = await t.run(gateway(ORG), AuthorizeTokenDocument, { environmentId, token });
      expect(authorizeToken.active).toBe(true);
    }
    expect(await sample('cache_lookups_total', { cache: 'introspection', result: 'miss' })).toBe(misses + 1);
    expect(await sample('cache_lookups_total', { cache: 'introspection', result: 'hit' })).toBe(hits + 2);
    expect(await sample('idp_requests_total', { ...labels, operation: 'token introspection', outcome: 'ok' })).toBe(1);
    expect(await sample('cache_lookups_total', { cache: 'token_routing', result: 'hit' })).toBeGreaterThanOrEqual(2);

    // A provider whose IdP does not answer: a failure under its own ID and code.
    const deadId = (
      await seedProvider(t, admin(ORG), {
        name: 'Unreachable IdP',
        vendor: 'OKTA',
        issuer: 'http://127.0.0.1:9/oauth2/default',
        registrationAuthorization: 'SSWS nothing-listens-here',
        requestTimeoutMs: 1000,
        discover: false,
      })
    ).id;
    const { testClientProvider } = await t.run(admin(ORG), TestClientProviderDocument, { input: { id: deadId } });
    expect(testClientProvider.ok).toBe(false);
    // A new provider: its series start at this call (discovery is retried: up to 3 attempts).
    const failed = await sample('idp_requests_total', { provider: deadId, vendor: 'OKTA', operation: 'discovery', outcome: 'PROVIDER_UNAVAILABLE' });
    expect(failed).toBeGreaterThanOrEqual(1);
    expect(failed).toBeLessThanOrEqual(3);
    expect(await sample('idp_requests_total', { provider: deadId, vendor: 'OKTA', operation: 'discovery', outcome: 'ok' })).toBe(0);
  });

  it('keeps operation names from growing the series without bound', async () => {
    for (let i = 0; i < 210; i++) await t.raw(member(ORG), `query Op${i} { __typename }`);
    const text = await (await fetch(`${base}/metrics`)).text();
    const names = new Set([...text.matchAll(/^graphql_requests_total\{operation="([^"]+)"/gm)].map((m) => m[1]));
    expect(names.size).toBeLessThanOrEqual(202); // 200 names, anonymous and __other
    expect(names.has('__other')).toBe(true);
    expect(names.has('Op209')).toBe(false);
  });
});

describe('request ids', () => {
  it('echoes a plain caller-sent X-Request-Id and logs it; replaces one that is not plain', async () => {
    const send = (id: string) =>
      fetch(t.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id },
        body: JSON.stringify({ query: 'query Ping { __typename }' }),
      });
    const plain = await send('req-1234.abc');
    expect(plain.headers.get('x-request-id')).toBe('req-1234.abc');
    const line = t.logs.map((l) => JSON.parse(l)).find((l) => l.requestId === 'req-1234.abc');
    expect(line).toMatchObject({ msg: 'graphql request', operationName: 'Ping', operationType: 'query', status: 200 });
    const forged = await send('x" "level":60');
    const generated = forged.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    const lines = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.requestId === generated)).toHaveLength(1);
    expect(lines.some((l) => typeof l.requestId === 'string' && l.requestId.includes('level'))).toBe(false);
  });

  it('logs and counts requests refused before GraphQL runs, answering them in JSON without a stack', async () => {
    const badRequests = await sample('graphql_errors_total', { code: 'BAD_REQUEST' });
    const malformed = await fetch(t.app.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'malformed-1' }, body: '{"query": ' });
    expect(malformed.status).toBe(400);
    const body = await malformed.text();
    expect(JSON.parse(body)).toEqual({ errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    expect(body).not.toMatch(/at |node_modules|\.js/);
    const tooLarge = await fetch(t.app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ __typename } #${'x'.repeat(1_100_000)}` }) });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const latin1 = await fetch(t.app.url, { method: 'POST', headers: { 'content-type': 'application/json; charset=latin1' }, body: '{}' });
    expect(latin1.status).toBe(415);
    expect(await latin1.json()).toEqual({ errors: [{ message: 'The request body could not be read', extensions: { code: 'BAD_REQUEST' } }] });
    expect(await sample('graphql_errors_total', { code: 'BAD_REQUEST' })).toBe(badRequests + 2);
    const line = t.logs.map((l) => JSON.parse(l)).find((l) => l.requestId === 'malformed-1');
    expect(line).toMatchObject({ msg: 'graphql request', status: 400, errorCodes: ['BAD_REQUEST'] });
  });

  it('reads a GraphQL body as express.json would, on both of its paths', async () => {
    const post = (body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
      fetch(t.app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, ...(typeof body === 'string' ? {} : { duplex: 'half' }) } as RequestInit);
    const query = JSON.stringify({ query: '{ __typename }' });
    // Taken by the GraphQL endpoint itself (JSON in UTF-8) and by express (gzip): the same answer.
    const direct = await post(query, { 'content-type': 'application/json; charset=UTF-8' });
    const { gzipSync } = await import('node:zlib');
    const viaExpress = await fetch(t.app.url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(query) });
    expect([direct.status, viaExpress.status]).toEqual([200, 200]);
    expect(await direct.text()).toBe(await viaExpress.text());
    expect(direct.headers.get('content-type')).toBe(viaExpress.headers.get('content-type'));
    // Only an object or an array; an empty body is an empty request, which Apollo refuses.
    for (const scalar of ['"{ __typename }"', '42', ' null']) {
      const refused = await post(scalar);
      expect(refused.status, scalar).toBe(400);
      expect(await refused.json(), scalar).toEqual({ errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
    }
    const empty = await post('');
    const emptyViaExpress = await fetch(t.app.url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync('') });
    expect([empty.status, emptyViaExpress.status]).toEqual([400, 400]);
    const emptyAnswer = await empty.text();
    expect(emptyAnswer).toMatch(/POST body missing/);
    expect(emptyAnswer).toBe(await emptyViaExpress.text());
    // Past the limit without a declared length (chunked): refused as soon as it is past, 413.
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const tooLarge = await post(stream);
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('logs a request whose caller went away before the answer', async () => {
    // An IdP that accepts connections and never answers keeps testClientProvider busy.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const provider = await seedProvider(t, admin(ORG), {
        name: 'Silent IdP',
        vendor: 'GENERIC_OIDC',
        issuer: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
        requestTimeoutMs: 3000,
        discover: false,
      });
      const controller = new AbortController();
      const request = fetch(t.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'gone-away-1', authorization: `Bearer ${await t.token(admin(ORG))}` },
        body: JSON.stringify({ query: 'mutation Probe($id: ID!) { testClientProvider(input: { id: $id }) { ok } }', variables: { id: provider.id } }),
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 300);
      await expect(request).rejects.toThrow();
      await expect
        .poll(() => t.logs.map((l) => JSON.parse(l)).find((l) => l.requestId === 'gone-away-1'), { timeout: 5000 })
        .toMatchObject({ msg: 'graphql request', operationName: 'Probe', org: ORG, status: 499, aborted: true, errorCodes: ['ABORTED'] });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('CORS and CSRF prevention', () => {
  it('lets a configured front end call from the browser, and no other origin', async () => {
    const preflight = (origin: string) =>
      fetch(t.app.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight(FRONT_END);
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(FRONT_END);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await preflight('https://evil.example.net');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    const actual = await fetch(t.app.url, {
      method: 'POST',
      headers: { origin: FRONT_END, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(actual.headers.get('access-control-allow-origin')).toBe(FRONT_END);
    expect(actual.headers.get('access-control-expose-headers')).toContain('x-request-id');
  });

  it('refuses requests a browser could send cross-site without a preflight', async () => {
    const simpleGet = await fetch(`${t.app.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(simpleGet.status).toBe(400);
    expect(await simpleGet.text()).toMatch(/CSRF/i);
    const simplePost = await fetch(t.app.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(simplePost.status).toBe(400);
    const withPreflightHeader = await fetch(`${t.app.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(withPreflightHeader.status).toBe(200);
  });
});

describe('the playground over HTTP', () => {
  it('serves GraphiQL to a browser at the GraphQL URL, with every asset from this server', async () => {
    const page = await fetch(t.app.url, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(5);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//); // relative to the page: same origin, no CDN
      const response = await fetch(new URL(asset, t.app.url));
      expect(response.status, asset).toBe(200);
      expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
    }
  });

  it('leaves GraphQL requests to GraphQL, also GETs from a browser', async () => {
    const json = await fetch(t.app.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(await json.json()).toEqual({ data: { __typename: 'Query' } });
    const browserGet = await fetch(`${t.app.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'text/html,*/*', 'apollo-require-preflight': 'true' } });
    expect(await browserGet.json()).toEqual({ data: { __typename: 'Query' } });
    const persistedQuery = await fetch(`${t.app.url}?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } }))}`, {
      headers: { accept: 'text/html,*/*', 'apollo-require-preflight': 'true' },
    });
    expect(persistedQuery.headers.get('content-type')).not.toMatch(/text\/html/);
  });

  it('sends a browser at /graphql/ to /graphql, relative so a proxy path prefix is kept', async () => {
    const slash = await fetch(`${t.app.url}/`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(slash.status).toBe(301);
    expect(slash.headers.get('location')).toBe('../graphql');
  });
});

describe('metrics on a port of their own', () => {
  it('serves /metrics only on METRICS_PORT when it is set', async () => {
    const separate = await startTestApp({ http: { corsOrigins: [], playground: false, introspection: false, metrics: true, metricsPort: 0, shutdownGraceMs: 1000 } });
    try {
      const apiOrigin = new URL(separate.app.url).origin;
      const metricsUrl = new URL(separate.app.metricsUrl);
      expect(metricsUrl.origin).not.toBe(apiOrigin);
      expect((await fetch(`${apiOrigin}/metrics`)).status).toBe(404);
      await separate.run(admin(ORG), CreateEnvironmentDocument, { input: { name: 'Scraped', type: 'SANDBOX' } });
      const text = await (await fetch(metricsUrl)).text();
      expect(text).toMatch(/^graphql_requests_total\{operation="CreateEnvironment",type="mutation",outcome="ok"\} 1$/m);
      expect((await fetch(`${metricsUrl.origin}/graphql`)).status).toBe(404);
      expect((await fetch(metricsUrl, { method: 'OPTIONS' })).headers.get('allow')).toBe('GET, HEAD');
      const posted = await fetch(metricsUrl, { method: 'POST' });
      expect([posted.status, posted.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    } finally {
      await separate.close();
    }
  });
});

describe('switched off for production', () => {
  it('serves no playground, no introspection, no metrics and no CORS when configured so', async () => {
    const off = await startTestApp({ http: { corsOrigins: [], playground: false, introspection: false, metrics: false, shutdownGraceMs: 1000 } });
    try {
      const offBase = off.app.url.replace(/\/graphql$/, '');
      const page = await fetch(off.app.url, { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
      expect((await fetch(`${offBase}/playground/graphiql.js`)).status).toBe(404);
      expect((await fetch(`${offBase}/metrics`)).status).toBe(404);
      const introspection = await off.raw(admin(ORG), '{ __schema { queryType { name } } }');
      expect(introspection.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const preflight = await fetch(off.app.url, { method: 'OPTIONS', headers: { origin: FRONT_END, 'access-control-request-method': 'POST' } });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      // Federation still works: the gateway reads the SDL from _service, not by introspection.
      const service = await off.raw(null, '{ _service { sdl } }');
      expect(service.data).toMatchObject({ _service: { sdl: expect.stringContaining('type ClientProvider') } });
    } finally {
      await off.close();
    }
  });
});
