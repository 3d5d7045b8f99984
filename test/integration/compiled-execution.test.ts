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

  it('compiles a long document within the token limit, and answers it as graphql-js does', async () => {
    // A few thousand tokens: a deep copy that followed the tokens' links overflowed the stack.
    const query = `query Long { clients(first: 1, status: [${'ACTIVE '.repeat(3000)}]) { totalCount } }`;
    const expected = await send(reference, ORG, 'admin', query);
    expect(JSON.parse(expected.body).errors).toBeUndefined();
    const before = await compiledCount(compiled);
    for (let run = 0; run < 2; run++) expect(await send(compiled, ORG, 'admin', query)).toEqual(expected);
    expect(await compiledCount(compiled)).toBe(before + 1);
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

/** Requests answered by a prepared query, without Apollo's pipeline, as /metrics counts them. */
async function preparedCount(app: TestApp): Promise<number> {
  const text = await (await fetch(app.app.metricsUrl)).text();
  return Number(/^graphql_prepared_answers_total (\d+)/m.exec(text)?.[1]);
}

/** One POST as a caller sends it; the answer's status, headers (but its request ID, date and connection) and exact bytes. */
async function exchange(app: TestApp, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(app.app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(app)}`, ...headers },
    body: JSON.stringify(body),
  });
  const kept = [...response.headers].filter(([name]) => !['x-request-id', 'date', 'connection', 'keep-alive'].includes(name));
  return { status: response.status, headers: kept.sort(), body: await response.text() };
}

/** The app's log lines for GraphQL requests, but what differs from request to request (ID, duration). */
function requestLines(app: TestApp, from: number): Record<string, unknown>[] {
  return app.logs
    .slice(from)
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === 'graphql request')
    .map(({ requestId: _id, durationMs: _duration, time: _time, pid: _pid, hostname: _host, ...entry }) => entry);
}

describe('prepared queries', () => {
  it('answers a query sent again without Apollo’s pipeline: the same status, headers, bytes and log line as Apollo’s', async () => {
    const query = `query Prepared($first: Int) { environments(first: $first) { totalCount edges { node { id name clients(first: 2) { totalCount edges { node { name scopes } } } } } } }`;
    const body = { query, variables: { first: 10 } };
    const expected = await exchange(reference, body);
    expect(JSON.parse(expected.body).data.environments.totalCount).toBe(2);
    const before = await preparedCount(compiled);
    const logged = compiled.logs.length;
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await exchange(compiled, body));
    for (const answer of answers) expect(answer).toEqual(expected);
    // The first was Apollo's (compiled, then prepared); the two after it were not.
    expect(await preparedCount(compiled)).toBe(before + 2);
    const lines = requestLines(compiled, logged);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toEqual({ level: 30, service: 'client-providers', msg: 'graphql request', operationName: 'Prepared', operationType: 'query', org: ORG, status: 200 });
    // Another page size is judged and answered anew, still without Apollo; the document's own name is kept when the request names it.
    const other = await exchange(compiled, { ...body, variables: { first: 1 }, operationName: 'Prepared' });
    expect(other).toEqual(await exchange(reference, { ...body, variables: { first: 1 }, operationName: 'Prepared' }));
    expect(await preparedCount(compiled)).toBe(before + 2); // a new operation name requested: Apollo's, once
    await exchange(compiled, { ...body, variables: { first: 1 }, operationName: 'Prepared' });
    expect(await preparedCount(compiled)).toBe(before + 3);
  });

  it('leaves to Apollo what only it answers: other Accept headers, extensions, inline traces, batches, mutations, malformed fields', async () => {
    const query = `query Left { environments(first: 1) { totalCount } }`;
    await exchange(compiled, { query });
    const before = await preparedCount(compiled);
    const cases: [unknown, Record<string, string>?][] = [
      [{ query }, { accept: 'application/graphql-response+json' }],
      [{ query }, { accept: 'text/html' }], // 406 from Apollo
      [{ query, extensions: { persistedQuery: { version: 1, sha256Hash: 'nope' } } }],
      [{ query }, { 'apollo-federation-include-trace': 'ftv1' }],
      [[{ query }]],
      [{ query, variables: [1] }], // 400 from Apollo
      [{ query, operationName: 7 }],
      [{ query, operationName: '' }], // names no operation, unlike a request that names none
      [{ query, operationName: 'Other' }],
    ];
    for (const [body, headers] of cases) {
      const [answer, expected] = [await exchange(compiled, body, headers), await exchange(reference, body, headers)];
      if (!headers?.['apollo-federation-include-trace']) expect(answer, JSON.stringify([body, headers])).toEqual(expected);
    }
    expect(await preparedCount(compiled)).toBe(before);
    // A mutation is never prepared, however often it is sent.
    const mutation = `mutation Rename($id: ID!) { updateEnvironment(input: { id: $id, name: "Production" }) { environment { name } } }`;
    for (let i = 0; i < 3; i++) await exchange(compiled, { query: mutation, variables: { id: environmentId } });
    expect(await preparedCount(compiled)).toBe(before);
  });

  it('hands a run that raised errors to Apollo without running it again: its errors formatted, counted and logged once', async () => {
    const em = reference.app.orm.em.fork();
    const query = `query Faulty { environments(first: 1) { totalCount } auditEvents(first: 1) { totalCount } }`;
    await em.getConnection().execute('alter table audit_event rename to audit_event_away');
    try {
      reference.statements.length = 0;
      const expected = await exchange(reference, { query });
      expect(JSON.parse(expected.body).errors).toEqual([expect.objectContaining({ message: 'Internal server error', path: ['auditEvents'] })]);
      const once = reference.statements.filter((sql) => !/secret_expires_at/.test(sql)).sort();
      expect(once.filter((sql) => /audit_event/.test(sql)).length).toBeGreaterThan(0);
      await exchange(compiled, { query }); // Apollo's run: compiled and prepared
      const before = await preparedCount(compiled);
      compiled.statements.length = 0;
      const logged = compiled.logs.length;
      expect(await exchange(compiled, { query })).toEqual(expected);
      expect(await preparedCount(compiled)).toBe(before);
      // Run once: the audit trail's failing reads of one run, and no statement twice (nor the data
      // version read to remember the answer, which is then not remembered). The environments' count
      // may or may not have started when the root error ended either run, so it is not compared.
      const ran = compiled.statements.filter((sql) => !/secret_expires_at|data_version/.test(sql));
      const ofAudit = (statements: string[]) => statements.filter((sql) => /audit_event/.test(sql)).sort();
      expect(ofAudit(ran)).toEqual(ofAudit(once));
      expect(new Set(ran).size).toBe(ran.length);
      expect(ran.filter((sql) => !once.includes(sql)).every((sql) => /^select count\(\*\) as .count. from .environment./.test(sql))).toBe(true);
      expect(requestLines(compiled, logged)).toEqual([expect.objectContaining({ operationName: 'Faulty', status: 200, errorCodes: ['INTERNAL_SERVER_ERROR'] })]);
      const faults = compiled.logs.slice(logged).filter((line) => line.includes('"msg":"request failed"'));
      expect(faults).toHaveLength(1);
    } finally {
      await em.getConnection().execute('alter table audit_event_away rename to audit_event');
    }
  });

  it('refuses a bad bearer token, a too costly page size and refused variables as Apollo does, recording each once', async () => {
    const query = `query Sized($first: Int) { environments(first: $first) { edges { node { clients(first: 100) { edges { node { name } } } } } } }`;
    await exchange(compiled, { query, variables: { first: 1 } });
    const before = await preparedCount(compiled);
    const logged = compiled.logs.length;
    const refusals: [unknown, Record<string, string>][] = [
      [{ query, variables: { first: 1 } }, { authorization: 'Bearer not.a.token' }],
      [{ query, variables: { first: 100 } }, {}],
      [{ query, variables: { first: 'many' } }, {}],
    ];
    for (const [body, headers] of refusals) {
      const answer = await exchange(compiled, body, headers);
      expect(answer).toEqual(await exchange(reference, body, headers));
      expect(answer.status).toBeGreaterThanOrEqual(400);
    }
    expect(await preparedCount(compiled)).toBe(before);
    expect(requestLines(compiled, logged).map((line) => line.errorCodes)).toEqual([['UNAUTHENTICATED'], ['QUERY_TOO_COMPLEX'], ['BAD_USER_INPUT']]);
  });
});
