import type { EntityManager } from '@mikro-orm/knex';
import type { Principal } from '../core/caller.js';
import type { CallerServices, Domain } from '../domains/services.js';
import type { ReadTime } from './clients/client.type.js';
import { tokenRequired } from './errors.js';
import { Loaders } from './loaders.js';

/** What a resolver sees: the caller, a request-scoped entity manager, batch loaders and the domain's services. */
export class GraphQLContext {
  private loadersInstance?: Loaders;
  private servicesInstance?: CallerServices;
  private emInstance?: EntityManager;
  /** The first moment at which something this request showed changes by time alone (ms; Infinity: none). */
  changesAt = Infinity;

  /** `openEm` gives the request its entity manager, on the first use (a cached token check needs none). */
  constructor(
    private readonly openEm: () => EntityManager,
    readonly caller: Principal | null,
    readonly domain: Domain,
  ) {}

  /** The request's own entity manager. */
  get em(): EntityManager {
    this.emInstance ??= this.openEm();
    return this.emInstance;
  }

  /** The caller of a field that @Authorized has let through. */
  get principal(): Principal {
    if (!this.caller) throw tokenRequired();
    return this.caller;
  }

  /** Loaders scoped to the caller's organization (and a member's own clients). */
  get loaders(): Loaders {
    this.loadersInstance ??= new Loaders(this.em, this.principal);
    return this.loadersInstance;
  }

  get services(): CallerServices {
    this.servicesInstance ??= this.domain.forCaller(this.principal, this.em);
    return this.servicesInstance;
  }

  /** The domain's clock for what the request shows; the moments noted change `changesAt`. */
  readTime(): ReadTime {
    return {
      now: this.domain.clock(),
      changesAt: (moment) => {
        if (moment < this.changesAt) this.changesAt = moment;
      },
    };
  }

  /** After a write: forget what this request had read, so the payload shows the new state. */
  afterWrite(): void {
    this.emInstance?.clear();
    this.loadersInstance?.clearAll();
  }
}
