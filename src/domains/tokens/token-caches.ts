import type { TokenCacheEvents } from '../../core/ports.js';
import type { IntrospectionCache } from './introspection-cache.js';
import type { JwtValidator } from './jwt-validator.js';
import type { RoutingCache } from './routing-cache.js';

/** The one place that knows which cache entries each change makes stale (this replica's caches). */
export class TokenCaches implements TokenCacheEvents {
  constructor(
    readonly introspection: IntrospectionCache,
    readonly routing: RoutingCache,
    readonly jwt: JwtValidator,
  ) {}

  clientChanged(providerId: string, clientId: string): void {
    this.introspection.dropClient(providerId, clientId);
    this.routing.dropClient(providerId, clientId);
  }

  providerChanged(providerId: string): void {
    this.introspection.dropProvider(providerId);
    this.jwt.forget(providerId);
    this.routing.dropRoutes();
  }

  routesChanged(): void {
    this.routing.dropRoutes();
  }
}
