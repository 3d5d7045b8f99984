import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { admin, member, startTestApp, type TestApp } from '../support/app.js';
import { seedClient, seedEnvironment } from '../support/seed.js';

/**
 * graphql-jit's compiled execution (graphql/compiled-execution.ts) answers exactly as graphql-js:
 * two replicas on one database, one never compiling, one compiling every operation at once, are
 * sent the same requests and must answer byte for byte the same (data, errors, codes, paths, HTTP
 * status). The rest of the suite runs compiled (test/support sets GRAPHQL_COMPILE_AFTER_RUNS=0).
 */
const ORG = 'compiled';
const OTHER = 'compiled-other';
const http = (compileAfterRuns: number | null): Config['http'] => ({ corsOrigins: [], playground: false, introspection: true, metrics: true, shutdownGraceMs: 1000, compileAfterRuns });
let reference: TestApp; // graphql-js only
let compiled: TestApp; // graphql-jit from the first request
let environmentId: string;
let clientIds: string[];

const tokens = new Map<TestApp, string>();

beforeAll(async () => {
  reference = await startTestApp({ http: http(null) });
  compiled = await startTestApp({ http: http(0) }, { replicaOf: reference });
  for (const app of [reference, compiled]) tokens.set(app, await app.token(admin(ORG)));
  const environment = await seedEnvironment(reference, admin(ORG), 'Production');
  await seedEnvironment(reference, admin(ORG), 'Sandbox', 'SANDBOX');
  environmentId = environment.id;
  clientIds = [];
  for (const name of ['One', 'Two', 'Three']) {
    const { client } = await seedClient(reference, admin(ORG), { environmentId, name, redirectUris: ['https://app.example.com/cb'], scopes: ['read'] });
    clientIds.push(client.id);
  }
});

afterAll(async () => {
  await compiled?.close();
  await reference?.close();
});

/** The compiled operations counted on /metrics. */
async function compiledCount(app: TestApp): Promise<number> {
  const text = await (await fetch(app.app.metricsUrl)).text();
  return Number(/^graphql_operations_compiled_total (\d+)/m.exec(text)?.[1]);
}

async function send(app: TestApp, org: string, role: 'admin' | 'member', query: string, variables?: Record<string, unknown>) {
  const response = await fetch(app.app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await app.token(role === 'admin' ? admin(org) : member(org))}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.text() };
}

const CONSOLE = `query Console($first: Int) { environments(first: $first) { totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id name type createdAt updatedAt
    clientProviders { id name vendor builtIn } defaultClientProvider { id name }
    clients(first: 2) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id name clientId status redirectUris grantTypes scopes hasClientSecret previousSecretExpiresAt secretExpiresAt createdAt } } } } } } }`;

describe('compiled execution', () => {
  it('answers as graphql-js does: pages, nodes of each type, fragments, directives, nulls, refusals and faults of input', async () => {
    const cases: [string, 'admin' | 'member', string, Record<string, unknown>?][] = [
      [ORG, 'admin', CONSOLE, { first: 50 }],
      [ORG, 'member', CONSOLE, { first: 1 }],
      [OTHER, 'admin', CONSOLE, { first: 5 }],
      // The Node interface: each type, another organization's ID, an unknown one, a malformed one.
      ...[environmentId, ...clientIds, 'not-an-id'].map((id): [string, 'admin', string, Record<string, unknown>] => [
        ORG,
        'admin',
        `query N($id: ID!) { node(id: $id) { __typename id ... on Environment { name } ... on Client { name status environment { id name } } } }`,
        { id },
      ]),
      [OTHER, 'admin', `query N($id: ID!) { node(id: $id) { id } }`, { id: clientIds[0] }],
      // Named fragments, aliases, @include and @skip, __typename.
      [
        ORG,
        'admin',
        `query F($with: Boolean!) { a: environments(first: 1) { ...Page } b: environments(first: 2) @include(if: $with) { totalCount @skip(if: $with) ...Page } }
         fragment Page on EnvironmentConnection { __typename edges { node { ... on Node { id } clients(first: 1) { edges { node { name } } } } } }`,
        { with: true },
      ],
      // Refused variables (graphql-js's BAD_USER_INPUT and HTTP 400), a missing one, a bad enum value in the document.
      [ORG, 'admin', CONSOLE, { first: 'fifty' }],
      [ORG, 'admin', `query E($type: EnvironmentType!) { environments(first: 1) { totalCount } x: environment(id: "nope") { id type } t: __typename } `, { type: 'NOPE' }],
      [ORG, 'admin', `query M($id: ID!) { node(id: $id) { id } }`],
      // A field only administrators may read, as a member; a page size out of range.
      [ORG, 'member', `query A { auditEvents(first: 1) { totalCount } }`],
      [ORG, 'admin', `query P { environments(first: -1) { totalCount } }`],
    ];
    for (const [org, role, query, variables] of cases) {
      const expected = await send(reference, org, role, query, variables);
      // Twice: the first run compiles, the second runs what was compiled.
      for (let run = 0; run < 2; run++) expect(await send(compiled, org, role, query, variables), query).toEqual(expected);
    }
    // One fragment spread under different conditions, in one operation and across two operations
    // of one document (graphql-jit notes conditions on the nodes it compiles; the document is shared).
    const spread = `query One($x: Boolean!) { a: environments(first: 1) { ...E @include(if: $x) } b: environments(first: 1) { ...E } }
      query Two($x: Boolean!) { c: environments(first: 1) { ...E @skip(if: $x) } }
      fragment E on EnvironmentConnection { totalCount edges { node { name } } }`;
    for (const [operationName, x] of [['One', false], ['Two', false], ['One', true], ['Two', true]] as const) {
      const body = (app: TestApp) =>
        fetch(app.app.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(app)}` },
          body: JSON.stringify({ query: spread, operationName, variables: { x } }),
        }).then(async (response) => ({ status: response.status, body: await response.text() }));
      expect(await body(compiled), `${operationName} ${x}`).toEqual(await body(reference));
    }
    expect(await compiledCount(reference)).toBe(0);
    expect(await compiledCount(compiled)).toBeGreaterThan(0);
  });

  it('answers a fault as graphql-js does: its path and locations, behind the one internal error', async () => {
    const em = reference.app.orm.em.fork();
    const query = `query Audit { environments(first: 1) { totalCount } auditEvents(first: 1) { totalCount } }`;
    await em.getConnection().execute('alter table audit_event rename to audit_event_away');
    try {
      const expected = await send(reference, ORG, 'admin', query);
      expect(JSON.parse(expected.body).errors).toEqual([expect.objectContaining({ message: 'Internal server error', path: ['auditEvents'], locations: [expect.any(Object)], extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
      for (let run = 0; run < 2; run++) expect(await send(compiled, ORG, 'admin', query)).toEqual(expected);
    } finally {
      await em.getConnection().execute('alter table audit_event_away rename to audit_event');
    }
  });

  it('leaves a request for an inline trace to graphql-js, and compiled operations as they were', async () => {
    const traced = async (app: TestApp) => {
      const response = await fetch(app.app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(app)}`, 'apollo-federation-include-trace': 'ftv1' },
        body: JSON.stringify({ query: CONSOLE, variables: { first: 50 } }),
      });
      return (await response.json()) as { data: unknown; extensions?: { ftv1?: string } };
    };
    const [expected, answer] = [await traced(reference), await traced(compiled)];
    expect(answer.data).toEqual(expected.data);
    // A trace with a node per resolved field, as graphql-js's (timings make the bytes differ).
    expect(answer.extensions?.ftv1?.length).toBeGreaterThan(0.8 * expected.extensions!.ftv1!.length);
    expect(expected.extensions!.ftv1!.length).toBeGreaterThan(1000);
    // Operations compiled afterwards still read plain fields inline, and answer the same.
    const later = `query AfterTrace { environments(first: 3) { edges { node { id name clients(first: 2) { edges { node { name scopes } } } } } } }`;
    const before = await compiledCount(compiled);
    expect(await send(compiled, ORG, 'admin', later)).toEqual(await send(reference, ORG, 'admin', later));
    expect(await compiledCount(compiled)).toBe(before + 1);
  });

  it('runs an operation by graphql-js first and compiles it when it comes again; never with `never`', async () => {
    const later = await startTestApp({ http: http(1) }, { replicaOf: reference });
    try {
      const query = `query Later { environments(first: 10) { totalCount edges { node { id name clients(first: 3) { totalCount } } } } }`;
      const first = await send(later, ORG, 'admin', query);
      expect(await compiledCount(later)).toBe(0);
      const second = await send(later, ORG, 'admin', query);
      expect(await compiledCount(later)).toBe(1);
      await send(later, ORG, 'admin', query);
      expect(await compiledCount(later)).toBe(1); // compiled once
      expect(second).toEqual(first);
      expect(JSON.parse(first.body).data.environments.totalCount).toBe(2);
      // A new document each time (a hostile caller's habit) is never compiled.
      for (let i = 0; i < 5; i++) await send(later, ORG, 'admin', `query Once${i} { environments(first: ${i + 1}) { totalCount } }`);
      expect(await compiledCount(later)).toBe(1);
    } finally {
      await later.close();
    }
    for (let i = 0; i < 3; i++) await send(reference, ORG, 'admin', CONSOLE, { first: 50 });
    expect(await compiledCount(reference)).toBe(0);
  });
});
