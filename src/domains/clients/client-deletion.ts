import type { EntityManager } from '@mikro-orm/knex';
import { ProviderErrorCode, ProviderError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { ClientStatus } from '../../core/model.js';
import type { Clock } from '../../core/ports.js';
import { Client } from '../../store/entities/client.entity.js';
import { DeletedClient } from '../../store/entities/deleted-client.entity.js';
import { IdpIntent } from '../../store/entities/idp-intent.entity.js';
import type { Transactions } from '../../store/transaction.js';
import type { ProviderAdapters } from '../client-providers/provider-adapters.js';
import type { IdpClients } from './idp-clients.js';
import type { AuditActor } from '../../core/audit.js';
import { clientEvent, clientState, failedIdpCall } from '../audit-events.js';

const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

/** 30 s, 1 min, 2 min … capped at an hour. */
export const retryDelayMs = (attempts: number) => Math.min(BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);

/**
 * The one way a client is deleted, for a caller's deleteClient and for the background retries
 * alike: the IdP first, then the row; an IdP that cannot take it now leaves it DELETING with the
 * next attempt scheduled. Either way its tokens stop being vouched for once the row has changed.
 */
export class ClientDeletion {
  constructor(
    private readonly deps: { adapters: ProviderAdapters; idpClients: IdpClients; transactions: Transactions; clock: Clock },
  ) {}

  /** Resolves once the IdP no longer holds the client (deleted now, or gone already). */
  async inIdp(client: Client): Promise<void> {
    const outcome = await this.deps.adapters.for(client.provider).delete(this.deps.idpClients.refOf(client));
    if (outcome === 'gone') this.deps.idpClients.logGone(client);
  }

  /** A failure the IdP may recover from; anything else (an unsupported operation, a fault) is not retried. */
  static retryable(error: unknown): error is ProviderError {
    return error instanceof ProviderError && error.code !== ProviderErrorCode.PROVIDER_OPERATION_UNSUPPORTED;
  }

  /**
   * The platform forgets the client, but remembers that it deleted it: its tokens stay refused.
   * `inIdp`: the IdP deleted it first (said so in the audit trail).
   */
  async forget(em: EntityManager, client: Client, actor: AuditActor, { intentId, inIdp }: { intentId?: string; inIdp: boolean }): Promise<void> {
    await this.deps.transactions.run(em, async ({ em: tx, invalidate, audit }) => {
      // The intent first, then the client, as every transaction that ends an intent.
      if (intentId) await tx.nativeDelete(IdpIntent, { id: intentId });
      await tx.nativeDelete(Client, { id: client.id });
      const tombstone = { orgId: client.orgId, providerId: client.provider.id, clientId: client.clientId! };
      await tx.nativeDelete(DeletedClient, { providerId: tombstone.providerId, clientId: tombstone.clientId });
      await tx.insert(DeletedClient, { id: newId(), ...tombstone, deletedAt: new Date(this.deps.clock()) });
      invalidate(changed(client));
      const where = inIdp ? 'in its identity provider and in the platform' : 'in the platform';
      audit(clientEvent(actor, 'delete', client, { summary: `Client ${client.name} (${client.clientId}) deleted ${where}` }, clientState(client), null));
    });
  }

  /**
   * The IdP could not delete it: DELETING (its tokens refused from now on; an ORPHANED client stays
   * ORPHANED), with its `attempts`th failure recorded and the next attempt scheduled. No next
   * attempt when the IdP cannot delete it at all (it offers no deletion, or this client has no
   * address to delete it at: no retry would change that); the client then says so, for an
   * administrator to delete it in the IdP by hand.
   */
  async retryLater(em: EntityManager, client: Client, error: unknown, attempts: number, actor: AuditActor, intentId?: string): Promise<void> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    const never = error instanceof ProviderError && error.code === ProviderErrorCode.PROVIDER_OPERATION_UNSUPPORTED;
    await this.deps.transactions.run(em.fork(), async ({ em: tx, invalidate, audit }) => {
      if (intentId) await tx.nativeDelete(IdpIntent, { id: intentId });
      await tx.nativeUpdate(
        Client,
        { id: client.id },
        {
          status: client.status === ClientStatus.ORPHANED ? ClientStatus.ORPHANED : ClientStatus.DELETING,
          deletionAttempts: attempts,
          nextDeletionAttemptAt: never ? null : new Date(this.deps.clock() + retryDelayMs(attempts)),
          lastProviderError: message,
          ...(never ? { statusMessage: `The identity provider cannot delete this client, so it is no longer tried: ${message}`.slice(0, 1000) } : {}),
        },
      );
      invalidate(changed(client));
      const failed = failedIdpCall(actor, 'delete', client, error);
      const next = never ? 'is not retried: delete the client in the identity provider by hand' : 'is retried';
      audit({ ...failed, summary: `${failed.summary}; the deletion (attempt ${attempts}) ${next}` });
    });
  }
}

/** Only clients with a client_id (never a REGISTERING or UNRESOLVED placeholder) can be deleted. */
const changed = (client: Client) => ({ kind: 'client' as const, providerId: client.provider.id, clientId: client.clientId! });
