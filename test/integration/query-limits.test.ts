import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getIntrospectionQuery, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATIONS } from '../../src/http/playground.js';
import { EnvironmentsWithEverythingDocument } from '../generated/graphql.js';
import { admin, startTestApp, type TestApp } from '../support/app.js';
import { seedEnvironment, seedProvider } from '../support/seed.js';
import { DEFAULT_QUERY_LIMITS } from '../../src/graphql/query-limits.js';

/**
 * Query limits: what callers need passes (the playground's examples, introspection, the console's
 * page — batching.test.ts runs it and `_entities` with 100 representations under the same
 * defaults), and oversized queries are refused with HTTP 400 and QUERY_TOO_COMPLEX before any
 * resolver runs, counted and logged.
 */
const ORG = 'limits';
let t: TestApp;
let quiet: TestApp; // introspection off, as in production

beforeAll(async () => {
  t = await startTestApp();
  quiet = await startTestApp({ http: { corsOrigins: [], playground: false, introspection: false, metrics: true, shutdownGraceMs: 1000 } });
  await seedEnvironment(t, admin(ORG), 'Production');
});

afterAll(async () => {
  await t?.close();
  await quiet?.close();
});

async function send(app: TestApp, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(app.app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await app.token(admin(ORG))}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string; limit?: string } }[] } };
}

/** Sends a query that must be refused for `limit`, and proves no statement reached the store. */
async function refused(query: string, limit: string) {
  t.statements.length = 0;
  const { status, body } = await send(t, query);
  expect(status).toBe(400);
  expect(body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit }) })]);
  expect(body.data).toBeUndefined();
  expect(t.statements).toEqual([]); // no resolver ran
  return body.errors![0]!.message;
}

const nested = (levels: number) => `query Deep { environments(first: 1) { edges { node { ${'clientProviders { environments { '.repeat(levels)} id ${'} } '.repeat(levels)} } } } }`;

describe('query limits', () => {
  it('let the playground’s example operations, introspection and the console page through', async () => {
    const queries = parse(EXAMPLE_OPERATIONS).definitions.flatMap((d) => (d.kind === 'OperationDefinition' && d.operation === 'query' && d.name ? [d.name.value] : []));
    expect(queries.length).toBeGreaterThanOrEqual(3);
    for (const name of queries) {
      const response = await fetch(t.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token(admin(ORG))}` },
        body: JSON.stringify({ query: EXAMPLE_OPERATIONS, operationName: name }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      expect(body.errors, `${name}: ${JSON.stringify(body.errors)}`).toBeUndefined();
    }
    const introspection = await send(t, getIntrospectionQuery());
    expect(introspection.body.errors, JSON.stringify(introspection.body.errors)).toBeUndefined();
    const page = await t.request(admin(ORG), EnvironmentsWithEverythingDocument, { first: 50, clientsFirst: 10 });
    expect(page.errors).toBeUndefined();
    // The console's page with its clients' lists of plain values (`npm run bench` sends it).
    const consolePage = `query Console { environments(first: 50) { totalCount edges { cursor node { id name type createdAt
      clientProviders { id name vendor builtIn } defaultClientProvider { id name }
      clients(first: 10) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name clientId status redirectUris grantTypes scopes createdAt } } } } } } }`;
    const served = await send(t, consolePage);
    expect(served.body.errors, JSON.stringify(served.body.errors)).toBeUndefined();
  });

  it('refuses more aliases than allowed, and thousands of them already as too many tokens', async () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: environments(first: 100) { totalCount }`).join(' ');
    expect(await refused(`query Aliased { ${aliases(100)} }`, 'aliases')).toMatch(/alias/i);
    expect(await refused(`query Aliased { ${aliases(2000)} }`, 'tokens')).toMatch(/tokens/);
  });

  it('refuses a query nested deeper than allowed', async () => {
    expect(await refused(nested(15), 'depth')).toMatch(/depth/i);
  });

  it('refuses a query that would fetch too much, counting every list’s page size', async () => {
    const costly = 'query Costly { environments(first: 100) { edges { node { clients(first: 100) { edges { node { provider { clients(first: 100) { totalCount } } } } } } } } }';
    expect(await refused(costly, 'cost')).toMatch(/costs \d+, more than the 25000 allowed/);
    // The same shape with small pages passes.
    const { body } = await send(t, 'query Modest { environments(first: 5) { edges { node { clients(first: 5) { edges { node { provider { clients(first: 5) { totalCount } } } } } } } } }');
    expect(body.errors).toBeUndefined();
  });

  it('judges one document anew for page sizes given as variables', async () => {
    const sized = 'query Sized($n: Int) { environments(first: $n) { edges { node { clients(first: $n) { edges { node { provider { clients(first: $n) { totalCount } } } } } } } } }';
    for (const [n, allowed] of [[5, true], [100, false], [5, true], [100, false]] as const) {
      t.statements.length = 0;
      const { status, body } = await send(t, sized, { n });
      if (allowed) {
        expect(body.errors, `first: ${n}`).toBeUndefined();
      } else {
        expect(status, `first: ${n}`).toBe(400);
        expect(body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' }) })]);
        expect(t.statements).toEqual([]);
      }
    }
  });

  it('counts last like first, given as a literal or as a variable', async () => {
    const costly = 'query CostlyBackward { environments(last: 100) { edges { node { clients(last: 100) { edges { node { provider { clients(last: 100) { totalCount } } } } } } } } }';
    expect(await refused(costly, 'cost')).toMatch(/costs \d+, more than the 25000 allowed/);
    const sized = 'query SizedBackward($n: Int) { environments(last: $n) { edges { node { clients(last: $n) { edges { node { provider { clients(last: $n) { totalCount } } } } } } } } }';
    for (const [n, allowed] of [[5, true], [100, false], [5, true], [100, false]] as const) {
      t.statements.length = 0;
      const { status, body } = await send(t, sized, { n });
      if (allowed) {
        expect(body.errors, `last: ${n}`).toBeUndefined();
      } else {
        expect(status, `last: ${n}`).toBe(400);
        expect(body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' }) })]);
        expect(t.statements).toEqual([]);
      }
    }
  });

  // What a caller could send to have a costly part run uncounted: the same nest of pages as above.
  const COSTLY_PART = 'environments(first: 100) { edges { node { clients(first: 100) { edges { node { provider { clients(first: 100) { totalCount } } } } } } } }';

  it('refuses a query whose fragments, spread over and over, select more than can be counted', async () => {
    // Each fragment spreads the one before twice: 2^14 selections, in a few hundred tokens.
    const fragments = ['fragment F0 on Query { __typename }', ...Array.from({ length: 14 }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`)];
    expect(await refused(`query Doubled { ...F14 ${COSTLY_PART} } ${fragments.join(' ')}`, 'cost')).toMatch(/more than 10000 fields/);
  });

  it('refuses, rather than runs uncounted, a query with an argument the count cannot read', async () => {
    // A null for a required argument: execution would refuse only that field and run the rest.
    t.statements.length = 0;
    const { status, body } = await send(t, `query Nulled($id: ID = "x") { node(id: $id) { id } ${COSTLY_PART} }`, { id: null });
    expect(status).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/cost cannot be counted.*must not be null/), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    expect(body.data).toBeUndefined();
    expect(t.statements).toEqual([]);
    // Variables of the wrong type are still execution's to refuse, as before.
    const wrong = await send(t, 'query Sized($n: Int) { environments(first: $n) { totalCount } }', { n: 'many' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('judges one document anew for the variables of @skip and @include', async () => {
    const skipped = `query Skipped($s: Boolean!, $i: Boolean!) { a: ${COSTLY_PART.replace('environments(first: 100)', 'environments(first: 100) @skip(if: $s)')} b: ${COSTLY_PART.replace('environments(first: 100)', 'environments(first: 100) @include(if: $i)')} }`;
    for (const [s, i, allowed] of [[true, false, true], [false, false, false], [true, false, true], [true, true, false]] as const) {
      t.statements.length = 0;
      const { status, body } = await send(t, skipped, { s, i });
      if (allowed) {
        expect(body.errors, `skip ${s}, include ${i}`).toBeUndefined();
      } else {
        expect(status, `skip ${s}, include ${i}`).toBe(400);
        expect(body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' }) })]);
        expect(t.statements).toEqual([]);
      }
    }
  });

  it('refuses too many directives and too many tokens', async () => {
    expect(await refused(`query Directed { environments(first: 1) { ${'... @include(if: true) { totalCount } '.repeat(40)} } }`, 'directives')).toMatch(/directive/i);
    const tokens = `query Long { environments(first: 1) { ${'totalCount '.repeat(12_000)} } }`;
    expect(await refused(tokens, 'tokens')).toMatch(/tokens/);
  });

  it('refuses batched HTTP requests', async () => {
    const response = await fetch(t.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token(admin(ORG))}` },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBe(400);
  });

  it('counts and logs a refused query with its operation name', async () => {
    const before = t.logs.length;
    await refused(nested(20), 'depth');
    const line = t.logs.slice(before).map((entry) => JSON.parse(entry) as Record<string, unknown>).find((entry) => entry.msg === 'graphql request');
    expect(line).toMatchObject({ operationName: 'Deep', status: 400, errorCodes: ['QUERY_TOO_COMPLEX'] });
    expect(await (await fetch(t.app.metricsUrl)).text()).toMatch(/^graphql_errors_total\{code="QUERY_TOO_COMPLEX"\} [1-9]/m);
  });

  it('suggests no field names when introspection is off', async () => {
    const open = await send(t, '{ environmentz { totalCount } }');
    expect(open.body.errors?.[0]?.message).toMatch(/Did you mean/);
    const closed = await send(quiet, '{ environmentz { totalCount } }');
    expect(closed.status).toBe(400);
    expect(closed.body.errors?.[0]?.message).toBe('Cannot query field "environmentz" on type "Query".');
  });
});

describe('heavy operations over HTTP', () => {
  it('answers one more heavy operation than may wait with 503, SERVER_BUSY and Retry-After, running nothing', async () => {
    // One turn, no waiting: an IdP call that never answers holds the turn (every operation costing 2 or more is heavy here).
    const busy = await startTestApp({ queryLimits: { ...DEFAULT_QUERY_LIMITS, heavyCost: 2, heavyConcurrency: 1, heavyMaxWaiting: 0 } });
    const silent = createServer(() => {});
    const reached = new Promise<void>((resolve) => silent.once('connection', () => resolve()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const provider = await seedProvider(busy, admin(ORG), { name: 'Silent', vendor: 'GENERIC_OIDC', issuer: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, requestTimeoutMs: 2000, discover: false });
      const holding = send(busy, 'mutation Probe($id: ID!) { testClientProvider(input: { id: $id }) { ok } }', { id: provider.id });
      await reached;
      busy.statements.length = 0;
      const response = await fetch(busy.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await busy.token(admin(ORG))}` },
        body: JSON.stringify({ query: '{ environments(first: 5) { totalCount } }' }),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
      expect(body.errors.map((e) => e.extensions.code)).toEqual(['SERVER_BUSY']);
      expect(body.data).toBeUndefined();
      expect(busy.statements).toEqual([]);
      // A light operation is not refused while the turn is held.
      expect((await send(busy, '{ __typename }')).status).toBe(200);
      await holding; // the IdP's time-out ends the turn
      expect((await send(busy, '{ environments(first: 5) { totalCount } }')).status).toBe(200);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
      await busy.close();
    }
  });
});
