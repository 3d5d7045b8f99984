import type { LRUCache } from 'lru-cache';
import { boundedCache } from '../../core/bounded-cache.js';
import type { ClientProvider } from '../../store/entities/client-provider.entity.js';
import type { ClientRow } from '../../store/rows.js';
import type { CacheObserver } from '../../core/ports.js';

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
 *
 * Concurrent misses of one key share one read (as the introspection cache shares one IdP call):
 * when an entry expires under load, the gateways' requests waiting on it make one read, not one
 * each. A read that was under way when a change dropped entries is answered to those who waited
 * on it but not kept, so what it read before the change is not served after it.
 */
export class RoutingCache {
  private readonly routes: LRUCache<string, Routing>;
  private readonly clients: LRUCache<string, KnownClient>;
  /** Reads under way, and the drops so far (a read started before a drop of its kind is not kept). */
  private readonly routeReads: Reads<Routing | null> = { loading: new Map(), drops: 0 };
  private readonly clientReads: Reads<KnownClient> = { loading: new Map(), drops: 0 };
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
    return this.read('token_routing', this.routeReads, key, load, (loaded) => loaded && this.routes.set(key, loaded));
  }

  client(providerId: string, clientId: string, load: () => Promise<KnownClient>): Promise<KnownClient> {
    const key = `${providerId}\0${clientId}`;
    const cached = this.trusted() ? this.clients.get(key) : undefined;
    if (cached) {
      this.observe('client_routing', true);
      return Promise.resolve(cached);
    }
    return this.read('client_routing', this.clientReads, key, load, (known) => this.clients.set(key, known));
  }

  /** The read under way for `key`, or a new one, kept when it ends unless a drop came meanwhile. */
  private read<V>(cache: 'token_routing' | 'client_routing', reads: Reads<V>, key: string, load: () => Promise<V>, keep: (value: V) => unknown): Promise<V> {
    const { loading } = reads;
    const pending = loading.get(key);
    // A look-up that joins a read under way makes no read of its own: a hit.
    this.observe(cache, pending !== undefined);
    if (pending) return pending;
    const drops = reads.drops;
    const call = load()
      .then((value) => {
        if (drops === reads.drops) keep(value);
        return value;
      })
      .finally(() => {
        if (loading.get(key) === call) loading.delete(key);
      });
    loading.set(key, call);
    return call;
  }

  /** Entries are served only while `trusted` says so. */
  trustWhile(trusted: () => boolean): void {
    this.trusted = trusted;
  }

  /** Links, providers or environments changed. */
  dropRoutes(): void {
    this.routeReads.drops++;
    this.routes.clear();
    this.routeReads.loading.clear();
  }

  /** A client was registered, imported, changed or deleted. */
  dropClient(providerId: string, clientId: string): void {
    this.clientReads.drops++;
    const key = `${providerId}\0${clientId}`;
    this.clients.delete(key);
    this.clientReads.loading.delete(key);
  }
}

interface Reads<V> {
  loading: Map<string, Promise<V>>;
  drops: number;
}
