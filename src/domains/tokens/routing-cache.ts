import { LRUCache } from 'lru-cache';
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
 */
export class RoutingCache {
  private readonly routes: LRUCache<string, Routing>;
  private readonly clients: LRUCache<string, KnownClient>;
  private trusted: () => boolean = () => true;

  constructor(
    ttlMs: number,
    maxEntries: number,
    private readonly observe: CacheObserver = () => {},
  ) {
    this.routes = new LRUCache({ max: Math.min(maxEntries, 10_000), ttl: ttlMs });
    this.clients = new LRUCache({ max: maxEntries, ttl: ttlMs });
  }

  async route(org: string, environmentId: string, load: () => Promise<Routing | null>): Promise<Routing | null> {
    const key = `${org}\0${environmentId}`;
    const cached = this.trusted() ? this.routes.get(key) : undefined;
    this.observe('token_routing', cached !== undefined);
    if (cached) return cached;
    const loaded = await load();
    if (loaded) this.routes.set(key, loaded);
    return loaded;
  }

  async client(providerId: string, clientId: string, load: () => Promise<KnownClient>): Promise<KnownClient> {
    const key = `${providerId}\0${clientId}`;
    const cached = this.trusted() ? this.clients.get(key) : undefined;
    this.observe('client_routing', cached !== undefined);
    if (cached) return cached;
    const known = await load();
    this.clients.set(key, known);
    return known;
  }

  /** Entries are served only while `trusted` says so. */
  trustWhile(trusted: () => boolean): void {
    this.trusted = trusted;
  }

  /** Links, providers or environments changed. */
  dropRoutes(): void {
    this.routes.clear();
  }

  /** A client was registered, imported, changed or deleted. */
  dropClient(providerId: string, clientId: string): void {
    this.clients.delete(`${providerId}\0${clientId}`);
  }
}
