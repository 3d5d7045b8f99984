import type { Logger } from 'pino';
import type { Clock, FaultPoints } from '../../core/ports.js';
import type { SealedColumns } from '../../store/sealed-columns.js';
import type { Transactions } from '../../store/transaction.js';
import type { ProviderAdapters } from '../client-providers/provider-adapters.js';
import type { ClientDeletion } from './client-deletion.js';
import type { IdpClients } from './idp-clients.js';
import type { Intents } from './intents.js';
import type { SecretRetirements } from './secret-retirement.js';

/** What the client services need besides the caller and an entity manager. */
export interface ClientDeps {
  sealed: SealedColumns;
  adapters: ProviderAdapters;
  idpClients: IdpClients;
  deletion: ClientDeletion;
  secretRetirements: SecretRetirements;
  intents: Intents;
  /** Where a test may make the process die on the way of an IdP side effect. */
  faults: FaultPoints;
  transactions: Transactions;
  logger: Logger;
  clock: Clock;
  /** How long a replaced secret stays valid after a rotation (built-in, and IdPs that keep several secrets). */
  rotationGraceMs: number;
}

/** The plaintext secret travels with its client for the one answer that may carry it. */
export interface IssuedClient<TClient> {
  client: TClient;
  clientSecret: string | null;
}
