import type { LRUCache } from 'lru-cache';
import { boundedCache } from '../../core/bounded-cache.js';
import type { ClientProvider } from '../../store/entities/client-provider.entity.js';
import type { ClientRow } from '../../store/rows.js';
import type { CacheObserver } from '../../core/ports.js';
import { SharedReads } from './shared-reads.js';

/** What the platform knows of a token's client_id at a provider: its registered client (a row, no entity), or that it deleted one. */
export interface KnownClient {
  client: ClientRow | null;
  deleted: boolean;
}

export interface Routing {
  defaultProviderId: string;
  /** Linked external providers that can introspect. */
  providers: ClientProvider[];
}

/**
 * What the hot path would otherwise read from the store on every call: which providers an
 * environment asks, and which registered client a token's client_id names. Kept briefly (a few
 * seconds, which bounds what another replica's change takes to show) and dropped at once when
 * this replica changes links, providers or clients.
 * Concurrent misses of one key share one read (SharedReads, as the introspection cache shares one
 * IdP call).
 */
export class RoutingCache {
  private readonly routes: LRUCache<string, Routing>;
  private readonly clients: LRUCache<string, KnownClient>;
  private readonly routeReads = new SharedReads<Routing | null>();
  private readonly clientReads = new SharedReads<KnownClient>();
  private trusted: () => boolean = () => true;

  constructor(
    ttlMs: number,
    maxEntries: number,
    private readonly observe: CacheObserver = () => {},
  ) {
    this.routes = boundedCache(Math.min(maxEntries, 10_000), { ttl: ttlMs });
    this.clients = boundedCache(maxEntries, { ttl: ttlMs });
  }

  route(org: string, environmentId: string, load: () => Promise<Routing | null>): Promise<Routing | null> {
    const key = `${org}\0${environmentId}`;
    const cached = this.trusted() ? this.routes.get(key) : undefined;
    if (cached) {
      this.observe('token_routing', true);
      return Promise.resolve(cached);
    }
    return this.read('token_routing', this.routeReads, key, load, (loaded) => void (loaded && this.routes.set(key, loaded)));
  }

  client(providerId: string, clientId: string, load: () => Promise<KnownClient>): Promise<KnownClient> {
    const key = `${providerId}\0${clientId}`;
    const cached = this.trusted() ? this.clients.get(key) : undefined;
    if (cached) {
      this.observe('client_routing', true);
      return Promise.resolve(cached);
    }
    return this.read('client_routing', this.clientReads, key, load, (known) => void this.clients.set(key, known));
  }

  /** The read under way for `key`, or a new one. */
  private read<V>(cache: 'token_routing' | 'client_routing', reads: SharedReads<V>, key: string, load: () => Promise<V>, keep: (value: V) => void): Promise<V> {
    const pending = reads.pending(key);
    // A look-up that joins a read under way makes no read of its own: a hit.
    this.observe(cache, pending !== undefined);
    return pending ?? reads.start(key, load, keep);
  }

  /** Entries are served only while `trusted` says so. */
  trustWhile(trusted: () => boolean): void {
    this.trusted = trusted;
  }

  /** Links, providers or environments changed. */
  dropRoutes(): void {
    this.routeReads.drop();
    this.routes.clear();
  }

  /** A client was registered, imported, changed or deleted. */
  dropClient(providerId: string, clientId: string): void {
    const key = `${providerId}\0${clientId}`;
    this.clientReads.drop(key);
    this.clients.delete(key);
  }
}
