import { hash } from 'node:crypto';
import type { LRUCache } from 'lru-cache';
import { boundedCache } from '../../core/bounded-cache.js';
import { systemClock, type CacheObserver, type Clock } from '../../core/ports.js';
import { SharedReads } from './shared-reads.js';

export interface Introspection {
  active: boolean;
  claims: Record<string, unknown>;
}

export interface IntrospectionCacheSettings {
  maxEntries: number;
  /** The longest a positive answer is kept, even when the token lives longer (bounds revocation lag). */
  maxPositiveTtlMs: number;
  negativeTtlMs: number;
}

interface Entry {
  result: Introspection;
  /** Never served after this instant; for an active token, never after its `exp`. */
  until: number;
  providerId: string;
  clientId: string | null;
}

/**
 * The hot path's cache of introspection answers: keyed by a hash of provider and token (never the
 * token itself), bounded in size (LRU), positive answers kept until the earlier of the token's `exp`
 * and a maximum, negative ones briefly, concurrent identical look-ups sharing one IdP call, and
 * entries dropped when their client or provider changes.
 */
export class IntrospectionCache {
  private readonly entries: LRUCache<string, Entry>;
  /** IdP calls under way; one made before a client or provider was dropped is not kept (it may be of that client or provider). */
  private readonly calls = new SharedReads<Introspection>();
  private positivesTrusted: () => boolean = () => true;

  constructor(
    private readonly settings: IntrospectionCacheSettings,
    private readonly observe: CacheObserver = () => {},
    private readonly now: Clock = systemClock,
  ) {
    this.entries = boundedCache<string, Entry>(settings.maxEntries);
  }

  async get(providerId: string, token: string, introspect: () => Promise<Introspection>): Promise<Introspection> {
    const now = this.now;
    // One-shot (no Hash object): the same digest as update(providerId), update('\0'), update(token).
    const key = hash('sha256', `${providerId}\0${token}`, 'base64url');
    const entry = this.entries.get(key);
    if (entry && entry.until > now() && (!entry.result.active || this.positivesTrusted())) {
      this.observe('introspection', true);
      return entry.result;
    }
    if (entry) this.entries.delete(key);
    const pending = this.calls.pending(key);
    // A look-up that joins one in flight makes no IdP call of its own: a hit.
    this.observe('introspection', pending !== undefined);
    return (
      pending ??
      this.calls.start(key, introspect, (result) => {
        const until = this.keepUntil(result, now());
        if (until <= now()) return;
        const clientId = typeof result.claims.client_id === 'string' ? result.claims.client_id : null;
        this.entries.set(key, { result, until, providerId, clientId });
      })
    );
  }

  /** Positive answers are served from memory only while `trusted` says so (negative ones always). */
  trustPositivesWhile(trusted: () => boolean): void {
    this.positivesTrusted = trusted;
  }

  private keepUntil(result: Introspection, now: number): number {
    if (!result.active) return now + this.settings.negativeTtlMs;
    const cap = now + this.settings.maxPositiveTtlMs;
    const exp = typeof result.claims.exp === 'number' ? result.claims.exp * 1000 : undefined;
    return exp === undefined ? cap : Math.min(cap, exp);
  }

  /** After a client is deleted or its secret rotated. */
  dropClient(providerId: string, clientId: string): void {
    this.calls.drop();
    for (const [key, entry] of this.entries.entries()) {
      if (entry.providerId === providerId && entry.clientId === clientId) this.entries.delete(key);
    }
  }

  /** After a provider is changed or deleted. */
  dropProvider(providerId: string): void {
    this.calls.drop();
    for (const [key, entry] of this.entries.entries()) {
      if (entry.providerId === providerId) this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
