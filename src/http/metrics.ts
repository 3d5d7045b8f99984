import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { CacheObserver, ProviderCallLabels, ProviderCallObserver } from '../core/ports.js';


/** Distinct operation names kept as labels; later names share one label so a caller cannot grow the series without bound. */
const MAX_OPERATION_NAMES = 200;
const OTHER = '__other';

/**
 * Prometheus metrics of one running app (a registry of its own, so several apps in one process
 * never share series): GraphQL requests, errors by code, IdP calls, cache look-ups, and Node's own.
 */
export class Metrics implements ProviderCallObserver {
  readonly registry = new Registry();
  private readonly requests: Counter<'operation' | 'type' | 'outcome'>;
  private readonly requestSeconds: Histogram<'operation' | 'type'>;
  private readonly errors: Counter<'code'>;
  private readonly idpRequests: Counter<'provider' | 'vendor' | 'operation' | 'outcome'>;
  private readonly idpSeconds: Histogram<'provider' | 'vendor' | 'operation'>;
  private readonly cacheLookups: Counter<'cache' | 'result'>;
  private readonly operationNames = new Set<string>();

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
    this.cacheLookups = new Counter({
      name: 'cache_lookups_total',
      help: 'In-memory cache look-ups by cache and result (hit or miss)',
      labelNames: ['cache', 'result'],
      registers,
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

  readonly cacheLookup: CacheObserver = (cache, hit) => {
    this.cacheLookups.inc({ cache, result: hit ? 'hit' : 'miss' });
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
