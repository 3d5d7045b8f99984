import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import type { Principal } from '../core/caller.js';
import type { Clock, FaultPoints, IntentObserver } from '../core/ports.js';
import type { Orm } from '../store/orm.js';
import type { SealedColumns } from '../store/sealed-columns.js';
import type { Transactions } from '../store/transaction.js';
import type { AddressPolicy } from '../vendors/address-policy.js';
import type { ProviderHttp } from '../vendors/http.js';
import { BuiltInProviders } from './client-providers/built-in-providers.js';
import { ClientProviderService } from './client-providers/client-provider.service.js';
import { ConnectionTest } from './client-providers/connection-test.js';
import { ProviderAdapters } from './client-providers/provider-adapters.js';
import { Reconciliation, ReconciliationService, ReconciliationSweep, type ReconciliationSettings } from './client-providers/reconciliation.js';
import { ClientChangesService } from './clients/client-changes.service.js';
import { ClientCredentials } from './clients/client-credentials.js';
import type { ClientDeps } from './clients/client-deps.js';
import { ClientDeletion } from './clients/client-deletion.js';
import { DeletionRetrier } from './clients/deletion-retrier.js';
import { IdpClients } from './clients/idp-clients.js';
import { IntentRecovery } from './clients/intent-recovery.js';
import { Intents, type IntentSettings } from './clients/intents.js';
import { RegistrationService } from './clients/registration.service.js';
import { SecretRetirements, SecretRetirer } from './clients/secret-retirement.js';
import { EnvironmentService } from './environments/environment.service.js';
import { TokenAuthorizer } from './tokens/token-authorizer.js';
import type { TokenCaches } from './tokens/token-caches.js';

export interface DomainDeps {
  logger: Logger;
  sealed: SealedColumns;
  providerHttp: ProviderHttp;
  /** Where IdPs may be: provider URLs with a refused literal address are refused as they are given. */
  addresses: AddressPolicy;
  tokenCaches: TokenCaches;
  transactions: Transactions;
  clock: Clock;
  /** How long a replaced secret stays valid after a rotation (built-in, and IdPs that keep several secrets). */
  rotationGraceMs: number;
  intents: IntentSettings;
  reconciliation: ReconciliationSettings;
  /** Told how interrupted IdP operations were resolved. */
  intentObserver?: IntentObserver;
  /** Where a test may make the process die on the way of an IdP side effect (a no-op otherwise). */
  faults: FaultPoints;
}

/** The services one caller's request uses, each on the request's entity manager. */
export interface CallerServices {
  environments: EnvironmentService;
  clientProviders: ClientProviderService;
  connectionTest: ConnectionTest;
  registrations: RegistrationService;
  clientChanges: ClientChangesService;
  clientCredentials: ClientCredentials;
  reconciliations: ReconciliationService;
}

/**
 * Where the domain is put together: its long-lived parts are built once, and each request gets
 * services for its caller and entity manager. Nothing here knows of HTTP or GraphQL.
 */
export class Domain {
  readonly builtInProviders = new BuiltInProviders();
  readonly tokens: TokenAuthorizer;
  private readonly clientDeps: ClientDeps;
  private readonly reconciliation: Reconciliation;

  /** The time the rules are applied at (injected, so tests move it on instead of waiting). */
  get clock(): Clock {
    return this.deps.clock;
  }

  constructor(private readonly deps: DomainDeps) {
    const { sealed, logger, clock, tokenCaches, transactions } = deps;
    const adapters = new ProviderAdapters(sealed, deps.providerHttp, tokenCaches.registration);
    const idpClients = new IdpClients({ sealed, logger, transactions, clock });
    const deletion = new ClientDeletion({ adapters, idpClients, transactions, clock });
    const secretRetirements = new SecretRetirements({ adapters, idpClients, transactions, clock });
    const intents = new Intents({ transactions, clock, longestCallMs: (timeoutMs) => deps.providerHttp.longestCallMs(timeoutMs) }, deps.intents);
    this.clientDeps = { sealed, adapters, idpClients, deletion, secretRetirements, intents, faults: deps.faults, transactions, logger, clock, rotationGraceMs: deps.rotationGraceMs };
    this.tokens = new TokenAuthorizer({ adapters, caches: tokenCaches, clock });
    this.reconciliation = new Reconciliation({ adapters, idpClients, transactions, clock, logger }, deps.reconciliation);
  }

  forCaller(caller: Principal, em: EntityManager): CallerServices {
    const { sealed, transactions, logger, clock, addresses } = this.deps;
    const builtInProviders = this.builtInProviders;
    return {
      environments: new EnvironmentService(caller, em, { builtInProviders, transactions }),
      clientProviders: new ClientProviderService(caller, em, { sealed, builtInProviders, transactions, addresses, adapters: this.clientDeps.adapters }),
      connectionTest: new ConnectionTest(caller, em, { adapters: this.clientDeps.adapters, logger }),
      registrations: new RegistrationService(caller, em, this.clientDeps),
      clientChanges: new ClientChangesService(caller, em, this.clientDeps),
      clientCredentials: new ClientCredentials(caller, em, { sealed, clock }),
      reconciliations: new ReconciliationService(caller, em, this.reconciliation),
    };
  }

  /** The recovery of IdP operations a crash interrupted (on start, then periodically; one replica per intent). */
  intentRecovery(orm: Orm, intervalMs: number): IntentRecovery {
    const { adapters, intents, idpClients, deletion, sealed, transactions, logger, clock, rotationGraceMs } = this.clientDeps;
    return new IntentRecovery(orm, { adapters, intents, idpClients, deletion, sealed, transactions, logger, clock, rotationGraceMs, observer: this.deps.intentObserver }, intervalMs);
  }

  /** The background reconciliation of every provider's clients with its IdP (RECONCILE_INTERVAL_SECONDS). */
  reconciliationSweep(orm: Orm, intervalMs: number): ReconciliationSweep {
    return new ReconciliationSweep(orm, this.reconciliation, { clock: this.deps.clock, logger: this.deps.logger }, intervalMs);
  }

  /** The background retirement, in their IdP, of the secrets rotations replaced, once their overlap has passed (one per replica). */
  secretRetirer(orm: Orm, intervalMs: number): SecretRetirer {
    return new SecretRetirer(orm, { retirements: this.clientDeps.secretRetirements, logger: this.deps.logger, clock: this.deps.clock }, intervalMs);
  }

  /** The background retries of deletions the IdP could not take at once (one per replica). */
  deletionRetrier(orm: Orm, intervalMs: number): DeletionRetrier {
    return new DeletionRetrier(orm, { deletion: this.clientDeps.deletion, logger: this.deps.logger, clock: this.deps.clock }, intervalMs);
  }
}
