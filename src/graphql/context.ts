import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { SecretBox } from '../store/secret-box.js';
import type { ProviderHttp } from '../vendors/http.js';
import type { DeletionRetrier } from '../domains/clients/deletion-retrier.js';
import type { IntrospectionCache } from '../domains/tokens/introspection-cache.js';
import type { RoutingCache } from '../domains/tokens/routing-cache.js';
import type { JwtValidator } from '../domains/tokens/jwt-validator.js';
import type { BuiltInProviders } from '../domains/client-providers/built-in-providers.js';
import { requireAdmin, requireGatewayOrAdmin, requireMember, type Principal } from '../http/auth.js';
import { Loaders } from './loaders.js';
import type { Metrics } from '../http/metrics.js';
import type { RequestRecord } from '../http/request-log.js';

/** Long-lived parts shared by every request. */
export interface AppServices {
  config: Config;
  secrets: SecretBox;
  builtInProviders: BuiltInProviders;
  providerHttp: ProviderHttp;
  deletions: DeletionRetrier;
  tokenCache: IntrospectionCache;
  tokenRouting: RoutingCache;
  jwtValidator: JwtValidator;
  logger: Logger;
  metrics: Metrics;
}

/** What a resolver sees: the caller, a request-scoped entity manager and batch loaders. */
export class RequestContext {
  private loadersInstance?: Loaders;
  private tokenLoadersInstance?: Loaders;

  constructor(
    readonly em: EntityManager,
    readonly principal: Principal | null,
    readonly app: AppServices,
    /** What this request's log line will say. */
    readonly record: RequestRecord,
  ) {}

  get requestId(): string {
    return this.record.requestId;
  }

  member(): Principal {
    return requireMember(this.principal);
  }

  admin(): Principal {
    return requireAdmin(this.principal);
  }

  gatewayOrAdmin(): Principal {
    return requireGatewayOrAdmin(this.principal);
  }

  /** Loaders scoped to the caller's organization; requires a member. */
  get loaders(): Loaders {
    this.loadersInstance ??= new Loaders(this.em, this.member());
    return this.loadersInstance;
  }

  /** Loaders for token authorization, which gateways call too. */
  tokenLoaders(): Loaders {
    this.tokenLoadersInstance ??= new Loaders(this.em, this.gatewayOrAdmin());
    return this.tokenLoadersInstance;
  }

  /** After a write: forget what this request had read, so the payload shows the new state. */
  afterWrite(): void {
    this.em.clear();
    this.loadersInstance?.clearAll();
  }
}
