import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpSettings } from '../../src/http/http.js';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * The playground's sign-in endpoint (POST /playground/dev-token): what it signs is accepted at
 * /graphql; what it refuses, it refuses in JSON; and where it is not offered, it does not exist.
 * Which configurations offer it is config.ts's decision (test/unit/config.test.ts, and the real
 * server in test/e2e/playground.test.ts).
 */
const http = (settings: Partial<HttpSettings>): HttpSettings => ({ corsOrigins: [], playground: true, introspection: true, metrics: true, shutdownGraceMs: 1000, ...settings });
let on: TestApp;
let off: TestApp;
let noPlayground: TestApp;

beforeAll(async () => {
  [on, off, noPlayground] = await Promise.all([
    startTestApp({ http: http({ playgroundSignIn: true }) }),
    startTestApp({ http: http({ playgroundSignIn: false }) }),
    startTestApp({ http: http({ playground: false, playgroundSignIn: true }) }),
  ]);
});

afterAll(async () => {
  await Promise.all([on?.close(), off?.close(), noPlayground?.close()]);
});

const signInUrl = (t: TestApp) => new URL('/playground/dev-token', t.app.url).href;

async function signIn(t: TestApp, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await fetch(signInUrl(t), { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** A request with a Host header of its own choosing (fetch keeps the URL's). */
function postWithHost(t: TestApp, host: string): Promise<{ status: number; body: string }> {
  const url = new URL(signInUrl(t));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { host, 'content-type': 'application/json' } },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ org: 'acme', roles: ['organization_admin'] }));
  });
}

describe('the playground sign-in endpoint', () => {
  it('signs a short-lived token that /graphql accepts for the organization and roles asked for, and never logs it', async () => {
    const before = Math.floor(Date.now() / 1000);
    const answer = await signIn(on, { org: 'sign-in-org', roles: ['organization_admin'], sub: 'alice' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.json).toMatchObject({ tokenType: 'Bearer', org: 'sign-in-org', roles: ['organization_admin'], sub: 'alice' });
    const token = answer.json!.token as string;
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'alice', org: 'sign-in-org', roles: ['organization_admin'], iss: on.config.auth.issuer, aud: on.config.auth.audience });
    expect(claims.exp! - before).toBeGreaterThan(3500);
    expect(claims.exp! - before).toBeLessThanOrEqual(3601);
    expect(Date.parse(answer.json!.expiresAt as string) / 1000).toBe(claims.exp);

    const created = await fetch(on.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'mutation { createEnvironment(input: {name: "Signed in", type: SANDBOX}) { environment { name } userErrors { code } } }' }),
    });
    expect(await created.json()).toEqual({ data: { createEnvironment: { environment: { name: 'Signed in' }, userErrors: [] } } });

    // A member by default role list, with the default subject.
    const member = await signIn(on, { org: 'sign-in-org' });
    expect(member.status).toBe(200);
    expect(decodeJwt(member.json!.token as string)).toMatchObject({ sub: 'dev-user', roles: [] });

    const logs = on.logs.join('\n');
    expect(logs).toContain('playground sign-in: development token issued');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(member.json!.token as string);
  });

  it('takes JSON only, so a cross-site form or a simple request cannot use it', async () => {
    const form = await signIn(on, 'org=acme&roles=organization_admin', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(form.json).toEqual({ error: 'unsupported_media_type', message: 'Send the request as JSON (Content-Type: application/json)' });
    expect((await signIn(on, JSON.stringify({ org: 'acme' }), { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await signIn(on, '--x\r\n', { 'content-type': 'multipart/form-data; boundary=x' })).status).toBe(415);
    expect((await signIn(on, JSON.stringify({ org: 'acme' }), {})).status).toBe(415);
    // A JSON request from another site needs a CORS preflight, which nothing here answers.
    const preflight = await fetch(signInUrl(on), {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers only to localhost or an IP address, so a rebound host name of another site gets nothing', async () => {
    const rebound = await postWithHost(on, 'attacker.example:4000');
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ error: 'forbidden' });
    expect(rebound.body).not.toMatch(/eyJ/);
    for (const host of ['localhost:4000', 'app.localhost', '127.0.0.1:4000', '[::1]:4000', '192.168.1.20']) {
      expect([host, (await postWithHost(on, host)).status]).toEqual([host, 200]);
    }
  });

  it('refuses a request that names no host, in JSON and without a stack', async () => {
    const url = new URL(signInUrl(on));
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        const body = JSON.stringify({ org: 'acme', roles: ['organization_admin'] });
        socket.end(`POST ${url.pathname} HTTP/1.0\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
      });
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.\d 403/);
    expect(answer).toContain('"error":"forbidden"');
    expect(answer).not.toMatch(/at .*\.(ts|js):\d+|eyJ/);
  });

  it('refuses bad input with 400 and says what is wrong, field by field', async () => {
    const blank = await signIn(on, { org: ' ', roles: ['organization admin'], sub: 'a\u0000b' });
    expect(blank.status).toBe(400);
    expect(blank.json).toMatchObject({ error: 'invalid_request' });
    expect((blank.json!.problems as { field: string }[]).map((p) => p.field)).toEqual(['org', 'sub', 'roles']);
    expect(blank.json!.message).toMatch(/^org must not be blank; sub must not contain control .*; "organization admin" is not a role name/);

    expect((await signIn(on, { org: 'acme', roles: 'organization_admin' })).json).toMatchObject({ problems: [{ field: 'roles' }] });
    expect((await signIn(on, { org: 'acme', exp: 99999999999 })).json).toMatchObject({ problems: [{ field: 'exp' }] });
    expect((await signIn(on, ['acme'])).status).toBe(400);
    expect((await signIn(on, 'null')).status).toBe(400);
    const malformed = await signIn(on, '{"org": ');
    expect([malformed.status, malformed.json]).toEqual([400, { error: 'invalid_request', message: 'The request body is not valid JSON' }]);
    const large = await signIn(on, { org: 'acme', sub: 'x'.repeat(5000) });
    expect([large.status, large.json]).toEqual([413, { error: 'invalid_request', message: 'The request body is too large' }]);
    expect(on.logs.join('\n')).not.toMatch(/"stack"|at .*\.ts:\d+/);
  });

  it('does not exist where it is not offered: without sign-in, without the playground, or for other methods', async () => {
    for (const t of [off, noPlayground]) {
      const answer = await signIn(t, { org: 'acme', roles: ['organization_admin'] });
      expect(answer.status).toBe(404);
      expect(answer.text).not.toMatch(/eyJ/);
    }
    expect((await fetch(signInUrl(on))).status).toBe(404);
  });

  it('puts the form on the page only where it is offered', async () => {
    const page = (t: TestApp) => fetch(t.app.url, { headers: { accept: 'text/html' } }).then((r) => r.text());
    const withForm = await page(on);
    expect(withForm).toContain('<form id="sign-in"');
    expect(withForm).toContain('"signInUrl":"playground/dev-token"');
    expect(withForm).toContain('# 1. Sign in above');
    expect(withForm).not.toContain('npm run -s token');
    const without = await page(off);
    expect(without).toContain('id="graphiql"');
    expect(without).not.toContain('sign-in');
    expect(without).toContain('"signInUrl":null');
    expect(without).toContain('npm run -s token');
  });
});
