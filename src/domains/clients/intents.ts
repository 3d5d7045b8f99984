import type { EntityManager } from '@mikro-orm/knex';
import { ClientStatus, type IdpOperation } from '../../core/model.js';
import type { Clock } from '../../core/ports.js';
import type { ClientProvider } from '../../store/entities/client-provider.entity.js';
import { Client } from '../../store/entities/client.entity.js';
import { IdpIntent } from '../../store/entities/idp-intent.entity.js';
import { deleteRows, insertRow } from '../../store/statements.js';
import type { Transactions } from '../../store/transaction.js';

export interface IntentSettings {
  /** Added to the longest a call may take before an intent counts as its process's no longer (replica clock skew, a slow store write). */
  graceMs: number;
}

/**
 * Every IdP side effect is announced before it is sent: an intent row, committed on its own, that
 * the transaction storing the result deletes. What a crash leaves behind is an intent whose lease
 * has run out, and recovery resolves it; nothing the IdP may hold is forgotten.
 */
export class Intents {
  constructor(
    private readonly deps: { transactions: Transactions; clock: Clock; longestCallMs: (timeoutMs: number) => number },
    private readonly settings: IntentSettings,
  ) {}

  /** Writes (and commits) the intent for an operation on a client that is already stored. */
  async open(em: EntityManager, operation: IdpOperation, client: Client, sent: Record<string, unknown> | null): Promise<IdpIntent> {
    return this.deps.transactions.run(em.fork(), async ({ em: tx }) => this.add(tx, operation, client, sent));
  }

  /** The intent inside a transaction the caller runs (a registration writes it with its placeholder row). */
  async add(tx: EntityManager, operation: IdpOperation, client: Client, sent: Record<string, unknown> | null): Promise<IdpIntent> {
    const now = this.deps.clock();
    const intent = Object.assign(new IdpIntent(), {
      orgId: client.orgId,
      providerId: client.provider.id,
      clientRowId: client.id,
      operation,
      clientName: client.name,
      idpClientId: client.clientId,
      sent,
      createdAt: new Date(now),
      leaseUntil: new Date(now + this.leaseFor(client.provider)),
    });
    await insertRow(tx, intent);
    return intent;
  }

  /** In the transaction that stores the operation's result, before the client's row; false when recovery resolved it meanwhile. */
  async complete(tx: EntityManager, intent: IdpIntent | string): Promise<boolean> {
    return (await deleteRows(tx, IdpIntent, { id: typeof intent === 'string' ? intent : intent.id })) === 1;
  }

  /**
   * Takes the intent back for this call, before the call undoes what the IdP did: a compare-and-set
   * on its lease, as recovery claims one, renewed for as long as the undo may take. False when
   * recovery has claimed (or resolved) it meanwhile: it may be adopting that very client.
   */
  async reclaim(em: EntityManager, intent: IdpIntent, provider: ClientProvider): Promise<boolean> {
    const leaseUntil = new Date(this.deps.clock() + this.leaseFor(provider));
    const claimed = await em.fork().nativeUpdate(IdpIntent, { id: intent.id, leaseUntil: intent.leaseUntil }, { leaseUntil });
    if (claimed === 1) intent.leaseUntil = leaseUntil;
    return claimed === 1;
  }

  /** On its own, when there is no result to store with it: the IdP refused the call, or the operation was done already. */
  async drop(em: EntityManager, intent: IdpIntent | string): Promise<void> {
    await em.fork().nativeDelete(IdpIntent, { id: typeof intent === 'string' ? intent : intent.id });
  }

  /** The IdP made nothing (or took it back): the placeholder and its intent go, and its idempotency key is free again. */
  async abandonRegistration(em: EntityManager, clientRowId: string, intentId: string): Promise<void> {
    await this.deps.transactions.run(em.fork(), async ({ em: tx }) => {
      // The intent first, then the client: every transaction takes the two rows in this order.
      await this.complete(tx, intentId);
      await tx.nativeDelete(Client, { id: clientRowId, status: ClientStatus.REGISTERING });
    });
  }

  /**
   * Leaves an intent to recovery: its call failed in a way that may hide a side effect the IdP did
   * (or still will) make. Its lease stands, so the IdP has had every chance to finish before
   * recovery looks.
   */
  async handOver(em: EntityManager, intent: IdpIntent, error: unknown): Promise<void> {
    await em.fork().nativeUpdate(IdpIntent, { id: intent.id }, { lastError: messageOf(error) });
  }

  /** How long an operation through this provider may take (leaseMs). */
  private leaseFor(provider: ClientProvider): number {
    return this.leaseMs(provider.requestTimeoutMs, provider.registrationClientId !== null);
  }

  /** By client credentials, an operation may take two token requests and two calls (the one retry after a 401). */
  leaseMs(timeoutMs: number, byClientCredentials = false): number {
    return this.deps.longestCallMs(timeoutMs) * (byClientCredentials ? 4 : 1) + this.settings.graceMs;
  }
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 1000);
