import type { CacheInvalidation, InvalidationSink } from '../../core/ports.js';
import type { RegistrationTokens } from '../../vendors/registration-tokens.js';
import type { IntrospectionCache } from './introspection-cache.js';
import type { JwtValidator } from './jwt-validator.js';
import type { RoutingCache } from './routing-cache.js';

/** This replica's token caches, and the one place that knows which entries each change makes stale. */
export class TokenCaches implements InvalidationSink {
  constructor(
    readonly introspection: IntrospectionCache,
    readonly routing: RoutingCache,
    readonly jwt: JwtValidator,
    /** The providers' registration tokens (client credentials), dropped with their provider's settings. */
    readonly registration: RegistrationTokens,
  ) {}

  apply(invalidation: CacheInvalidation): void {
    switch (invalidation.kind) {
      case 'client':
        this.introspection.dropClient(invalidation.providerId, invalidation.clientId);
        this.routing.dropClient(invalidation.providerId, invalidation.clientId);
        return;
      case 'provider':
        this.introspection.dropProvider(invalidation.providerId);
        this.jwt.forget(invalidation.providerId);
        this.registration.forget(invalidation.providerId);
        this.routing.dropRoutes();
        return;
      case 'routes':
        this.routing.dropRoutes();
    }
  }

  /**
   * While this replica cannot be sure it hears every change (see store/invalidations.ts), no
   * positive answer is served from memory: tokens are asked of the IdP, routes and clients read.
   */
  trustCachedAnswersWhile(inSync: () => boolean): void {
    this.introspection.trustPositivesWhile(inSync);
    this.routing.trustWhile(inSync);
  }
}
