import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { BuiltInProviders } from './domains/client-providers/built-in-providers.js';
import type { Config } from './config.js';
import { createHttpApp, createMetricsServer } from './http/http.js';
import { Metrics } from './http/metrics.js';
import { openStore, type OpenStoreOptions, type Orm } from './store/orm.js';
import { SecretBox } from './store/secret-box.js';
import { ProviderHttp } from './vendors/http.js';
import { DeletionRetrier } from './domains/clients/deletion-retrier.js';
import { IntrospectionCache } from './domains/tokens/introspection-cache.js';
import { RoutingCache } from './domains/tokens/routing-cache.js';
import { JwtValidator } from './domains/tokens/jwt-validator.js';

/** How long another replica's change to links or clients may take to reach token authorization here. */
const ROUTING_TTL_MS = 5000;

export interface RunningApp {
  url: string;
  orm: Orm;
  deletions: DeletionRetrier;
  /** Where /metrics is served (the API's port unless METRICS_PORT is set). */
  metricsUrl: string;
  close(): Promise<void>;
}

/** Wires config → store → schema → HTTP server and starts listening. */
export async function startApp(config: Config, logger: Logger, storeOptions: OpenStoreOptions = {}): Promise<RunningApp> {
  const orm = await openStore(config.store, { ...storeOptions, logger });
  const metrics = new Metrics();
  const providerHttp = new ProviderHttp(undefined, metrics);
  const secrets = new SecretBox(config.secretsKey);
  const deletions = new DeletionRetrier(orm, { secrets, providerHttp, logger }, config.deletionRetryIntervalSeconds * 1000);
  const tokenCache = new IntrospectionCache(config.tokenCache, metrics.cacheLookup);
  const tokenRouting = new RoutingCache(ROUTING_TTL_MS, config.tokenCache.maxEntries, metrics.cacheLookup);
  const jwtValidator = new JwtValidator(metrics.cacheLookup);
  const services = { config, logger, secrets, builtInProviders: new BuiltInProviders(), providerHttp, deletions, tokenCache, tokenRouting, jwtValidator, metrics };
  const { server, apollo, markStopping } = await createHttpApp(orm, services);
  const listen = (target: Server, port: number) =>
    new Promise<void>((resolve, reject) => {
      target.once('error', reject);
      target.listen(port, config.host, () => resolve());
    });
  await listen(server, config.port);
  const metricsServer = config.http.metrics && config.http.metricsPort !== undefined ? createMetricsServer(metrics) : undefined;
  if (metricsServer) await listen(metricsServer, config.http.metricsPort!);
  deletions.start();
  const origin = (target: Server) =>
    `http://${config.host && config.host !== '0.0.0.0' && config.host !== '::' ? config.host : 'localhost'}:${(target.address() as AddressInfo).port}`;
  const url = `${origin(server)}/graphql`;
  let closing: Promise<void> | undefined;
  return {
    url,
    orm,
    deletions,
    metricsUrl: `${origin(metricsServer ?? server)}/metrics`,
    close() {
      // Readiness answers 503 at once; the listener closes and in-flight requests finish (Apollo's
      // drain plugin, up to the grace period) while the deletion retrier stops; then the store and
      // the IdP connection pools close.
      markStopping();
      closing ??= Promise.all([apollo.stop(), deletions.stop()])
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
