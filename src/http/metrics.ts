import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CacheInvalidation, CacheObserver, IntentObserver, IntentOutcome, InvalidationObserver, ProviderCallLabels, ProviderCallObserver } from '../core/ports.js';
import type { InvalidationState } from '../store/invalidations.js';


/** Distinct operation names kept as labels; later names share one label so a caller cannot grow the series without bound. */
const MAX_OPERATION_NAMES = 200;
const OTHER = '__other';

/**
 * Prometheus metrics of one running app (a registry of its own, so several apps in one process
 * never share series): GraphQL requests, errors by code, IdP calls, cache look-ups, and Node's own.
 */
export class Metrics implements ProviderCallObserver, InvalidationObserver, IntentObserver {
  readonly registry = new Registry();
  private readonly requests: Counter<'operation' | 'type' | 'outcome'>;
  private readonly requestSeconds: Histogram<'operation' | 'type'>;
  private readonly errors: Counter<'code'>;
  private readonly idpRequests: Counter<'provider' | 'vendor' | 'operation' | 'outcome'>;
  private readonly idpSeconds: Histogram<'provider' | 'vendor' | 'operation'>;
  private readonly invalidations: Counter<'kind' | 'source'>;
  private readonly intentsRecovered: Counter<'operation' | 'outcome'>;
  private readonly operationsCompiled: Counter;
  private readonly rememberedAnswers: Counter;
  private secretsExpiring: () => Promise<number> = async () => 0;
  private invalidationState: () => InvalidationState = () => ({ mode: 'in-process', listening: false, lagSeconds: 0, inSync: true });
  private readonly operationNames = new Set<string>();
  /**
   * Counted in plain numbers on the hot path and handed to prom-client when scraped: a cached token
   * check makes three cache look-ups, and prom-client hashes and checks the labels of every call.
   */
  private readonly lookupsSinceScrape = new Map<Parameters<CacheObserver>[0], { hit: number; miss: number }>();
  private preparedSinceScrape = 0;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL requests by operation name (authenticated requests; anonymous otherwise), operation type and outcome (ok, or error when any top-level error or HTTP error status was returned)',
      labelNames: ['operation', 'type', 'outcome'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL request to sending its response, by operation name and type',
      labelNames: ['operation', 'type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.errors = new Counter({
      name: 'graphql_errors_total',
      help: 'Top-level GraphQL errors and refused HTTP requests by code (userErrors in payloads are answers, not errors, and are not counted)',
      labelNames: ['code'],
      registers,
    });
    this.operationsCompiled = new Counter({
      name: 'graphql_operations_compiled_total',
      help: 'Operations compiled by graphql-jit (GRAPHQL_COMPILE_AFTER_RUNS); steadily rising, callers send ever new documents',
      registers,
    });
    const takePrepared = () => {
      const count = this.preparedSinceScrape;
      this.preparedSinceScrape = 0;
      return count;
    };
    new Counter({
      name: 'graphql_prepared_answers_total',
      help: 'GraphQL requests answered by a query already prepared (run compiled before, sent again with the same text), without Apollo Server\'s per-request pipeline',
      registers,
      collect() {
        const count = takePrepared();
        if (count > 0) this.inc(count);
      },
    });
    this.rememberedAnswers = new Counter({
      name: 'graphql_remembered_answers_total',
      help: 'Prepared reads of the console\'s kind (REMEMBERED_ANSWERS_MAX_BYTES), by result: remembered (answered with the bytes of the same caller\'s same request, remembered or being computed, the organization\'s data unchanged since) or computed',
      labelNames: ['result'],
      registers,
    });
    this.intentsRecovered = new Counter({
      name: 'idp_intents_recovered_total',
      help: 'IdP operations a crash (or a lost answer) interrupted, resolved by recovery, by operation (REGISTER, UPDATE, ROTATE, DELETE) and outcome (adopted, not_made, deleted_in_idp: found without its secret and handed to the deletion retries, unresolved: an UNRESOLVED client for an administrator, matched, finished, gone_in_idp, token_refused, refused, failed: tried again later)',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.idpRequests = new Counter({
      name: 'idp_requests_total',
      help: 'HTTP attempts made to identity providers, by provider ID, vendor, call and outcome (ok, or the failure code such as PROVIDER_UNAVAILABLE)',
      labelNames: ['provider', 'vendor', 'operation', 'outcome'],
      registers,
    });
    this.idpSeconds = new Histogram({
      name: 'idp_request_duration_seconds',
      help: 'Duration of HTTP attempts made to identity providers, by provider ID, vendor and call',
      labelNames: ['provider', 'vendor', 'operation'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    const lookups = this.lookupsSinceScrape;
    new Counter({
      name: 'cache_lookups_total',
      help: 'In-memory cache look-ups by cache and result (hit or miss)',
      labelNames: ['cache', 'result'],
      registers,
      collect() {
        for (const [cache, counts] of lookups) {
          if (counts.hit > 0) this.inc({ cache, result: 'hit' }, counts.hit);
          if (counts.miss > 0) this.inc({ cache, result: 'miss' }, counts.miss);
          counts.hit = counts.miss = 0;
        }
      },
    });
    this.invalidations = new Counter({
      name: 'cache_invalidations_total',
      help: 'Cache invalidations applied on this replica, by kind (client, provider, routes) and source (local: made here; notification: LISTEN/NOTIFY; feed: read from the change feed)',
      labelNames: ['kind', 'source'],
      registers,
    });
    const expiring = () => this.secretsExpiring();
    new Gauge({
      name: 'client_secrets_expiring',
      help: 'Clients whose secret, as their identity provider says, has expired or expires within SECRET_EXPIRY_WARNING_DAYS (counted in the store when scraped)',
      registers,
      async collect() {
        // A store that cannot answer now leaves the last count standing rather than failing the scrape.
        const count = await expiring().catch(() => null);
        if (count !== null) this.set(count);
      },
    });
    const state = () => this.invalidationState();
    new Gauge({
      name: 'cache_invalidation_lag_seconds',
      help: 'Seconds since this replica last confirmed it had every change (a successful read of the feed; 0 on the embedded store)',
      registers,
      collect() {
        this.set(state().lagSeconds);
      },
    });
    new Gauge({
      name: 'cache_invalidation_listener_up',
      help: '1 while the LISTEN connection for invalidations is up (0 on the embedded store, which needs none)',
      registers,
      collect() {
        this.set(state().listening ? 1 : 0);
      },
    });
    new Gauge({
      name: 'cache_invalidation_in_sync',
      help: '1 while positive cached answers may be served; 0 when the feed lags past CACHE_INVALIDATION_MAX_LAG_SECONDS and every token is asked of its IdP',
      registers,
      collect() {
        this.set(state().inSync ? 1 : 0);
      },
    });
  }

  /**
   * A GraphQL request finished. Only authenticated requests name their operation (others count as
   * anonymous), so callers without a token cannot use up the operation labels.
   */
  request(operationName: string | null | undefined, type: string | undefined, seconds: number, errorCodes: string[]): void {
    const labels = { operation: this.operationLabel(operationName), type: type ?? 'unknown' };
    this.requests.inc({ ...labels, outcome: errorCodes.length ? 'error' : 'ok' });
    this.requestSeconds.observe(labels, seconds);
    for (const code of errorCodes) this.errors.inc({ code });
  }

  observe(labels: ProviderCallLabels | undefined, operation: string, seconds: number, failure: string | undefined): void {
    const base = { provider: labels?.provider ?? 'unknown', vendor: labels?.vendor ?? 'unknown', operation };
    this.idpRequests.inc({ ...base, outcome: failure ?? 'ok' });
    this.idpSeconds.observe(base, seconds);
  }

  applied(kind: CacheInvalidation['kind'], source: 'local' | 'notification' | 'feed'): void {
    this.invalidations.inc({ kind, source });
  }

  /** Where the invalidation gauges read their state. */
  watchInvalidations(state: () => InvalidationState): void {
    this.invalidationState = state;
  }

  /** Where the client_secrets_expiring gauge counts, once per scrape. */
  watchSecretExpiry(count: () => Promise<number>): void {
    this.secretsExpiring = count;
  }

  /** graphql-jit compiled an operation. */
  operationCompiled(): void {
    this.operationsCompiled.inc();
  }

  /** A request was answered by a prepared query. */
  preparedAnswer(): void {
    this.preparedSinceScrape++;
  }

  /** A prepared read of the console's kind was answered: from memory, or computed. */
  rememberedAnswer(remembered: boolean): void {
    this.rememberedAnswers.inc({ result: remembered ? 'remembered' : 'computed' });
  }

  recovered(operation: string, outcome: IntentOutcome): void {
    this.intentsRecovered.inc({ operation, outcome });
  }

  readonly cacheLookup: CacheObserver = (cache, hit) => {
    let counts = this.lookupsSinceScrape.get(cache);
    if (!counts) this.lookupsSinceScrape.set(cache, (counts = { hit: 0, miss: 0 }));
    if (hit) counts.hit++;
    else counts.miss++;
  };

  private operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    const label = name.slice(0, 100);
    if (this.operationNames.has(label)) return label;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return OTHER;
    this.operationNames.add(label);
    return label;
  }
}
