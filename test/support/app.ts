import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { SignJWT } from 'jose';
import { startApp, type RunningApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { DEFAULT_QUERY_LIMITS } from '../../src/graphql/query-limits.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../src/vendors/http.js';
import { createLogger } from '../../src/http/logger.js';
import type { FaultPoint } from '../../src/core/ports.js';
import { TestClock } from './clock.js';
import { createTestDatabase, type TestDatabase } from './database.js';

/** What tests open for their IdPs on this machine. */
const LOOPBACK_NETWORKS = ['127.0.0.0/8', '::1/128'];
const ISSUER = 'test-issuer';
const AUDIENCE = 'client-providers';
const JWT_SECRET = new TextEncoder().encode(randomBytes(32).toString('hex'));

export interface Caller {
  org: string;
  roles?: string[];
  sub?: string;
}

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string } }[];
}

export interface TestApp {
  app: RunningApp;
  database: TestDatabase;
  config: Config;
  /** The app's clock: `clock.advance(ms)` moves time on for the server (caches, expiry, retries) without waiting. */
  clock: TestClock;
  /** Every log line the server wrote. */
  logs: string[];
  /** Every SQL statement sent since the last reset. */
  statements: string[];
  token(caller: Caller): Promise<string>;
  /** Sends a typed operation over HTTP as the caller (or without a token when caller is null). */
  request<TData, TVars>(caller: Caller | null, document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<GraphQLResponse<TData>>;
  /** Like request, but fails the test on any top-level error. */
  run<TData, TVars>(caller: Caller, document: TypedDocumentNode<TData, TVars>, variables?: TVars): Promise<TData>;
  raw<TData = Record<string, unknown>>(caller: Caller | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<TData>>;
  /** The next time an IdP operation passes this point, it stops there as if the process had died. */
  crashAt(point: FaultPoint): void;
  close(): Promise<void>;
}

export const admin = (org: string, sub = `admin@${org}`): Caller => ({ org, sub, roles: ['organization_admin'] });
export const member = (org: string, sub = `member@${org}`): Caller => ({ org, sub, roles: ['developer'] });
export const gateway = (org: string): Caller => ({ org, sub: `gateway@${org}`, roles: ['gateway'] });

/** The test server's HTTP settings (tests that change one spread these). */
export const TEST_HTTP: Config['http'] = { corsOrigins: [], playground: true, introspection: true, metrics: true, shutdownGraceMs: 5_000 };

/**
 * The real server on a loopback port, on a new database of the run's kind; or, as `replicaOf`
 * another test app, a second replica on that one's database and secrets (close it first: the
 * first one drops the database).
 */
export async function startTestApp(overrides: Partial<Config> = {}, { replicaOf }: { replicaOf?: TestApp } = {}): Promise<TestApp> {
  const database = replicaOf?.database ?? (await createTestDatabase());
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    logLevel: 'info',
    store: database.store,
    auth: { jwtSecret: JWT_SECRET, issuer: ISSUER, audience: AUDIENCE },
    secretsKey: replicaOf?.config.secretsKey ?? randomBytes(32),
    clientSecretRotationGraceSeconds: 3600,
    deletionRetryIntervalSeconds: 0, // tests run retries themselves (app.deletions.runOnce)
    recoveryIntervalSeconds: 0, // the pass at start only; tests run recovery themselves (app.recovery.runOnce)
    intentLeaseGraceSeconds: 30,
    faultPoint: undefined,
    reconcileIntervalSeconds: 0, // tests reconcile themselves (reconcileClientProvider, app.reconciliations.runOnce)
    reconciliation: { maxClients: 500, paceMs: 0, secretWarningMs: 14 * 86_400_000 },
    auditRetentionDays: 365,
    tokenCache: { maxEntries: 1000, maxPositiveTtlMs: 60_000, negativeTtlMs: 5_000 },
    invalidations: { pollMs: 200, maxLagMs: 5_000 },
    queryLimits: DEFAULT_QUERY_LIMITS,
    // The test IdPs listen on loopback, which the default refuses (test/integration/ssrf.test.ts).
    idpAllowedNetworks: LOOPBACK_NETWORKS,
    idpMaxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
    http: TEST_HTTP,
    ...overrides,
  };
  // Every operation compiled by graphql-jit at once, so the tests' requests (most sent once) take the path repeated ones take.
  config.http = { compileAfterRuns: 0, ...config.http };
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const statements: string[] = [];
  const clock = new TestClock();
  // The invalidation feed's own background reads (PostgreSQL, every poll) are not the test's statements.
  const background = /^(select .* from|delete from) ["`](cache_invalidation|idp_intent)["`]/;
  const onQuery = (sql: string) => void (background.test(sql) || statements.push(sql));
  let crashAt: FaultPoint | null = null;
  const faults = (point: FaultPoint) => {
    if (point !== crashAt) return;
    crashAt = null;
    // Thrown where no compensation runs: what the process leaves is what SIGKILL there would leave.
    throw new Error(`simulated crash at ${point}`);
  };
  const app = await startApp(config, createLogger(config.logLevel, sink), { onQuery, clock: clock.now, faults });

  const token = (caller: Caller) =>
    new SignJWT({ org: caller.org, roles: caller.roles ?? [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(caller.sub ?? `user@${caller.org}`)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(JWT_SECRET);

  const raw = async <TData>(caller: Caller | null, query: string, variables?: Record<string, unknown>) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (caller) headers.authorization = `Bearer ${await token(caller)}`;
    const response = await fetch(app.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as GraphQLResponse<TData>;
    return { ...body, status: response.status };
  };
  const request = <TData, TVars>(caller: Caller | null, document: TypedDocumentNode<TData, TVars>, variables?: TVars) =>
    raw<TData>(caller, print(document), variables as Record<string, unknown>);

  return {
    app,
    database,
    config,
    clock,
    logs,
    statements,
    token,
    raw,
    request,
    async run(caller, document, variables) {
      const response = await request(caller, document, variables);
      if (response.errors?.length || !response.data) {
        throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
      }
      return response.data;
    },
    crashAt(point) {
      crashAt = point;
    },
    async close() {
      await app.close();
      if (!replicaOf) await database.drop();
    },
  };
}
