import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { noFaults, systemClock, type Clock, type FaultPoints } from './core/ports.js';
import type { DeletionRetrier } from './domains/clients/deletion-retrier.js';
import type { SecretRetirer } from './domains/clients/secret-retirement.js';
import type { IntentRecovery } from './domains/clients/intent-recovery.js';
import type { ReconciliationSweep } from './domains/client-providers/reconciliation.js';
import { Domain } from './domains/services.js';
import { IntrospectionCache } from './domains/tokens/introspection-cache.js';
import { JwtValidator } from './domains/tokens/jwt-validator.js';
import { RoutingCache } from './domains/tokens/routing-cache.js';
import { TokenCaches } from './domains/tokens/token-caches.js';
import { createHttpApp } from './http/http.js';
import { createMetricsServer } from './http/probes.js';
import { Metrics } from './http/metrics.js';
import { InProcessInvalidations, PostgresInvalidations, type Invalidations } from './store/invalidations.js';
import { openStore, type Orm } from './store/orm.js';
import { countSecretsExpiringBefore } from './store/client-queries.js';
import { SealedColumns } from './store/sealed-columns.js';
import { Transactions } from './store/transaction.js';
import { AddressPolicy } from './vendors/address-policy.js';
import { ProviderHttp } from './vendors/http.js';
import { RegistrationTokens } from './vendors/registration-tokens.js';
import { AuditRetention } from './domains/audit-retention.js';

/** How long another replica's change to links or clients may take to reach token authorization here. */
const ROUTING_TTL_MS = 5000;

export interface StartOptions {
  /** Called with every SQL statement sent, e.g. to count statements in tests. */
  onQuery?: (sql: string) => void;
  /** The time as the app sees it (token expiry, caches, rotation grace, deletion retries); tests move it. */
  clock?: Clock;
  /** In-process tests: what happens at each fault point (instead of FAULT_POINT's SIGKILL). */
  faults?: FaultPoints;
}

export interface RunningApp {
  url: string;
  orm: Orm;
  deletions: DeletionRetrier;
  secretRetirements: SecretRetirer;
  recovery: IntentRecovery;
  reconciliations: ReconciliationSweep;
  auditRetention: AuditRetention;
  /** Where /metrics is served (the API's port unless METRICS_PORT is set). */
  metricsUrl: string;
  close(): Promise<void>;
}

/** The composition root: config → store → domain → schema → HTTP server, then listening. */
export async function startApp(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningApp> {
  const clock = options.clock ?? systemClock;
  const orm = await openStore(config.store, { onQuery: options.onQuery, logger });
  const metrics = new Metrics();
  const addresses = AddressPolicy.allowing(config.idpAllowedNetworks);
  const providerHttp = new ProviderHttp(addresses, undefined, metrics, logger, config.idpMaxResponseBytes);
  const tokenCaches = new TokenCaches(
    new IntrospectionCache(config.tokenCache, metrics.cacheLookup, clock),
    new RoutingCache(ROUTING_TTL_MS, config.tokenCache.maxEntries, metrics.cacheLookup),
    new JwtValidator(metrics.cacheLookup),
    new RegistrationTokens(providerHttp, clock),
  );
  const invalidations: Invalidations =
    config.store.kind === 'postgresql'
      ? new PostgresInvalidations(orm, config.store.url, tokenCaches, config.invalidations, { logger, clock, observer: metrics })
      : new InProcessInvalidations(tokenCaches, metrics);
  tokenCaches.trustCachedAnswersWhile(() => invalidations.state().inSync);
  metrics.watchInvalidations(() => invalidations.state());
  metrics.watchSecretExpiry(() => countSecretsExpiringBefore(orm.em.fork() as EntityManager, new Date(clock() + config.reconciliation.secretWarningMs)));
  const domain = new Domain({
    logger,
    sealed: new SealedColumns(config.secretsKey),
    providerHttp,
    addresses,
    tokenCaches,
    transactions: new Transactions(invalidations, clock),
    clock,
    rotationGraceMs: config.clientSecretRotationGraceSeconds * 1000,
    intents: { graceMs: config.intentLeaseGraceSeconds * 1000 },
    reconciliation: config.reconciliation,
    intentObserver: metrics,
    faults: options.faults ?? faultsAt(config.faultPoint),
  });
  const deletions = domain.deletionRetrier(orm, config.deletionRetryIntervalSeconds * 1000);
  // At the deletion retries' interval: both are IdP clean-ups retried with backoff.
  const secretRetirements = domain.secretRetirer(orm, config.deletionRetryIntervalSeconds * 1000);
  // 0 means only the pass at start; the timer cannot be 0.
  const reconciliations = domain.reconciliationSweep(orm, config.reconcileIntervalSeconds * 1000);
  const auditRetention = new AuditRetention(orm, config.auditRetentionDays * 86_400_000, { clock, logger });
  const recovery = domain.intentRecovery(orm, config.recoveryIntervalSeconds > 0 ? config.recoveryIntervalSeconds * 1000 : 0);
  await invalidations.start();
  const { server, apollo, markStopping } = await createHttpApp(orm, { http: config.http, queryLimits: config.queryLimits, auth: config.auth, domain, logger, metrics, invalidations });
  const listen = (target: Server, port: number) =>
    new Promise<void>((resolve, reject) => {
      target.once('error', reject);
      target.listen(port, config.host, () => resolve());
    });
  await listen(server, config.port);
  const metricsServer = config.http.metrics && config.http.metricsPort !== undefined ? createMetricsServer(metrics, config.http.metricsToken) : undefined;
  if (metricsServer) await listen(metricsServer, config.http.metricsPort!);
  deletions.start();
  secretRetirements.start();
  reconciliations.start();
  auditRetention.start(true);
  // The first pass at once (interrupted operations of a process that died), then every interval.
  recovery.start(true);
  const origin = (target: Server) =>
    `http://${config.host && config.host !== '0.0.0.0' && config.host !== '::' ? config.host : 'localhost'}:${(target.address() as AddressInfo).port}`;
  const url = `${origin(server)}/graphql`;
  let closing: Promise<void> | undefined;
  return {
    url,
    orm,
    deletions,
    secretRetirements,
    recovery,
    reconciliations,
    auditRetention,
    metricsUrl: `${origin(metricsServer ?? server)}/metrics`,
    close() {
      // Readiness answers 503 at once; the listener closes and in-flight requests finish (Apollo's
      // drain plugin, up to the grace period) while the deletion retrier stops; then the store and
      // the IdP connection pools close.
      markStopping();
      closing ??= Promise.all([apollo.stop(), deletions.stop(), secretRetirements.stop(), recovery.stop(), reconciliations.stop(), auditRetention.stop(), invalidations.stop()])
        .then(() =>
          Promise.all([
            orm.close(),
            providerHttp.close(),
            metricsServer &&
              new Promise<void>((resolve) => {
                metricsServer.close(() => resolve());
                metricsServer.closeAllConnections(); // scrapers keep connections open
              }),
          ]),
        )
        .then(() => undefined);
      return closing;
    },
  };
}

/** The test-only crash point: the process dies there at once, as a power cut would have it. */
function faultsAt(point: string | undefined): FaultPoints {
  if (!point) return noFaults;
  return (at) => {
    if (at === point) process.kill(process.pid, 'SIGKILL');
  };
}
