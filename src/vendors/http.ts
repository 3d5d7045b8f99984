import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import pRetry, { AbortError } from 'p-retry';
import type { Logger } from 'pino';
import type { Agent, Dispatcher } from 'undici';
import { mayHaveApplied, mayHaveAppliedError, ProviderErrorCode, ProviderError } from '../core/errors.js';
import type { ProviderCallLabels, ProviderCallObserver } from '../core/ports.js';
import { AddressPolicy } from './address-policy.js';
import { providerErrorFromNetwork, providerErrorFromResponse } from './provider-error.js';

/**
 * undici, loaded on the first IdP call rather than at start (start to ready is measured in `npm run
 * bench`). It is CommonJS: Node's import gives its exports by name and as `default`; the bundle's
 * chunk (scripts/bundle.ts) only as `default`, so that is what is read when there is one.
 */
type Undici = typeof import('undici');
let undici: Promise<Undici> | undefined;
const loadUndici = () => (undici ??= import('undici').then((loaded) => (loaded as Undici & { default?: Undici }).default ?? loaded));

export interface ProviderCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  /** What the call does, in words an administrator reads in an error ("client registration"). */
  what: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /** Safe to send again after a failure that may have reached the IdP (not a registration). */
  idempotent: boolean;
  /** Statuses that are answers, not failures (e.g. 404 for "already gone"). */
  accept?: number[];
  /** The call names one client, so a 404 means the IdP does not know it (not a wrong URL). */
  aboutClient?: boolean;
  /** How long a 429 asks to wait, for vendors that say it other than with Retry-After. */
  retryAfter?: (headers: ProviderAnswer['headers']) => number | undefined;
}

export interface ProviderAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface ProviderHttpSettings {
  timeoutMs: number;
  disableServerCertificateValidation: boolean;
  /** Which provider the calls are for, in metrics. */
  labels?: ProviderCallLabels;
}

export interface RetryPolicy {
  retries: number;
  minDelayMs: number;
  /** The longest Retry-After honoured; a longer wait is answered as PROVIDER_RATE_LIMITED at once. */
  maxRetryAfterMs: number;
}

const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 2, minDelayMs: 200, maxRetryAfterMs: 5000 };

/**
 * The largest answer read from an IdP by default (IDP_MAX_RESPONSE_BYTES): far above any discovery
 * document, key set, client or page of Okta's clients (200 a page), far below what would strain the
 * heap. Every answer is read whole before it is parsed; a larger one is refused as it arrives.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/**
 * The one way to talk to an identity provider: only to addresses the AddressPolicy allows (checked
 * on the address connected to; redirects are never followed), a connection pool per certificate
 * policy, a time limit on every call, answers no larger than `maxResponseBytes`, retries with backoff for idempotent calls and for 429s
 * (honouring Retry-After), and every failure mapped to a ProviderError.
 */
export class ProviderHttp {
  /** By certificate policy and connect time limit (whole seconds). */
  private readonly agents = new Map<string, Agent>();

  constructor(
    private readonly addresses: AddressPolicy,
    private readonly retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY,
    private readonly observer?: ProviderCallObserver,
    private readonly logger?: Logger,
    private readonly maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES,
  ) {}

  /** The longest one call may take with its retries and waits: how long an intent's process may still be on it. */
  longestCallMs(timeoutMs: number): number {
    const { retries, maxRetryAfterMs } = this.retryPolicy;
    return (retries + 1) * timeoutMs + retries * maxRetryAfterMs;
  }

  async call(settings: ProviderHttpSettings, call: ProviderCall): Promise<ProviderAnswer> {
    // The last attempt's failure, and whether any attempt's may have been carried out.
    let last: unknown;
    let applied = false;
    return pRetry(
      async () => {
        try {
          return await this.observed(settings, call);
        } catch (error) {
          last = error;
          applied ||= mayHaveApplied(error);
          if (error instanceof ProviderError && this.retryable(error, call)) throw error;
          throw new AbortError(error as Error); // not retried
        }
      },
      {
        retries: this.retryPolicy.retries,
        minTimeout: this.retryPolicy.minDelayMs,
        factor: 2,
        randomize: true,
        // A 429 says how long to wait; wait that long, and only when another attempt follows.
        onFailedAttempt: async (error) => {
          const wait = error instanceof ProviderError ? error.retryAfterMs : undefined;
          if (wait && error.retriesLeft > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        },
      },
    ).catch((error: unknown) => {
      // Once the retries are spent, p-retry rejects with the message seen most often (retry's
      // mainError), not the last one: an earlier attempt's, and one that may not say the call may
      // have been carried out when a later attempt's does.
      const failure = last ?? error;
      throw failure instanceof ProviderError && applied ? mayHaveAppliedError(failure) : failure;
    });
  }

  private retryable(error: ProviderError, call: ProviderCall): boolean {
    if (error.code === ProviderErrorCode.PROVIDER_RATE_LIMITED) return error.retryAfterMs !== undefined;
    // A registration that failed on the way might have been made: sending it again could make two.
    // A 4xx (a 404 maps to PROVIDER_UNAVAILABLE too) is the IdP's answer, not a passing fault.
    const answered4xx = error.httpStatus !== undefined && error.httpStatus < 500;
    return call.idempotent && error.code === ProviderErrorCode.PROVIDER_UNAVAILABLE && !answered4xx;
  }

  /** One attempt, counted and timed for metrics. */
  private async observed(settings: ProviderHttpSettings, call: ProviderCall): Promise<ProviderAnswer> {
    if (!this.observer) return this.once(settings, call);
    const started = performance.now();
    try {
      const answer = await this.once(settings, call);
      this.observer.observe(settings.labels, call.what, (performance.now() - started) / 1000, undefined);
      return answer;
    } catch (error) {
      const code = error instanceof ProviderError ? error.code : 'INTERNAL';
      this.observer.observe(settings.labels, call.what, (performance.now() - started) / 1000, code);
      throw error;
    }
  }

  private async once(settings: ProviderHttpSettings, call: ProviderCall): Promise<ProviderAnswer> {
    this.assertLiteralAllowed(settings, call.url);
    const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
    let body: string | undefined;
    if (call.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.json);
    } else if (call.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(call.form).toString();
    }
    let response: Dispatcher.ResponseData;
    const { request, Agent } = await loadUndici();
    try {
      response = await request(call.url, {
        method: call.method,
        headers,
        body,
        dispatcher: this.agent(Agent, settings),
        signal: AbortSignal.timeout(settings.timeoutMs),
        headersTimeout: settings.timeoutMs,
        bodyTimeout: settings.timeoutMs,
      });
    } catch (error) {
      throw providerErrorFromNetwork(error, call.what, settings.timeoutMs, this.maxResponseBytes);
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      throw providerErrorFromNetwork(error, call.what, settings.timeoutMs, this.maxResponseBytes);
    }
    const parsed = parseJson(text);
    const { statusCode: status } = response;
    if (status >= 300 && status < 400) {
      // Not followed: a redirect could point anywhere, the registration header along with it.
      throw new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, `The identity provider answered ${call.what} with a redirect (HTTP ${status}), which is not followed; configure the URL it redirects to`);
    }
    if (status >= 400 && !call.accept?.includes(status)) {
      const error = providerErrorFromResponse(status, parsed.ok ? parsed.value : undefined, call);
      if (status === 429) {
        const retryAfterMs = parseRetryAfter(response.headers['retry-after']) ?? call.retryAfter?.(response.headers);
        if (retryAfterMs !== undefined && retryAfterMs <= this.retryPolicy.maxRetryAfterMs) error.retryAfterMs = retryAfterMs;
      }
      throw error;
    }
    if (text !== '' && !parsed.ok) {
      throw mayHaveAppliedError(new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, `The identity provider's answer to ${call.what} is not valid JSON`));
    }
    return { status, body: parsed.ok ? parsed.value : null, headers: response.headers };
  }

  /**
   * The pool for a provider's settings. Certificate checks are switched off only for the providers
   * that ask for it. The call's time limit covers the connection too (the look-up, TCP and TLS):
   * undici heeds the call's abort signal only once connected, and its own connect limit is 10 s;
   * rounded up to whole seconds, so that at most 60 limits make pools (a provider's limit is 0.1 to
   * 60 s). undici refuses a larger answer once the bytes read pass the limit.
   */
  private agent(AgentClass: typeof Agent, settings: ProviderHttpSettings): Agent {
    const insecure = settings.disableServerCertificateValidation;
    const connectMs = Math.ceil(settings.timeoutMs / 1000) * 1000;
    const key = `${insecure}:${connectMs}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new AgentClass({ connect: { rejectUnauthorized: !insecure, lookup: this.checkedLookup, timeout: connectMs }, keepAliveTimeout: 10_000, maxResponseSize: this.maxResponseBytes });
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** A host given as an address is connected to without a look-up: checked here, before anything is sent. */
  private assertLiteralAllowed(settings: ProviderHttpSettings, url: string): void {
    const refused = this.addresses.literalRefusal(url);
    if (refused) throw this.refused(settings.labels, refused.address, refused.address, refused.reason);
  }

  /** DNS answers are checked before connecting: a name resolving inward (or rebinding to it) is refused. */
  private readonly checkedLookup: LookupFunction = (hostName, options, callback) => {
    dnsLookup(hostName, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      for (const { address } of addresses) {
        const reason = this.addresses.refusal(address, hostName);
        if (reason) return callback(this.refused(undefined, hostName, address, reason), '', 0);
      }
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };

  private refused(labels: ProviderCallLabels | undefined, hostName: string, address: string, reason: string): ProviderError {
    this.logger?.warn({ provider: labels?.provider, host: hostName.slice(0, 255), address, reason }, 'refused a call to an identity provider at a disallowed address');
    return new ProviderError(ProviderErrorCode.PROVIDER_ADDRESS_NOT_ALLOWED, AddressPolicy.message(address, reason));
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => agent.close()));
    this.agents.clear();
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  // An HTTP-date begins with the day's name (IMF-fixdate, RFC 850, asctime); anything else is no wait we understand.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)/i.test(header.trim())) return undefined;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
