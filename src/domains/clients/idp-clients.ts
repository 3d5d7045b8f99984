import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import { ClientStatus } from '../../core/model.js';
import type { Clock } from '../../core/ports.js';
import { Client } from '../../store/entities/client.entity.js';
import { IdpIntent } from '../../store/entities/idp-intent.entity.js';
import { insertRow, rowExists } from '../../store/statements.js';
import type { Transactions } from '../../store/transaction.js';
import type { ClientProvider } from '../../store/entities/client-provider.entity.js';
import type { SealedColumns } from '../../store/sealed-columns.js';
import type { IdpClient, IdpClientRef, VendorAdapter } from '../../vendors/adapter.js';
import type { AuditActor } from '../../core/audit.js';
import { clientEvent, clientState } from '../audit-events.js';

/** The platform side of a client that lives in an external IdP: the handle to manage it by, and what to keep of the IdP's answers. */
export class IdpClients {
  constructor(private readonly deps: { sealed: SealedColumns; logger: Logger; transactions: Transactions; clock: Clock }) {}

  /** Only for a client whose client_id is known (never a REGISTERING placeholder). */
  refOf(client: Client): IdpClientRef {
    if (client.clientId === null) throw new Error(`client ${client.id} has no client_id yet`);
    return {
      clientId: client.clientId,
      registrationClientUri: client.registrationClientUri,
      registrationAccessToken: this.deps.sealed.registrationAccessToken.get(client),
    };
  }

  /**
   * Keeps what the IdP answered besides the secret (which callers store their way): a rotated
   * registration token, the URI, when the secret expires, what was sent.
   */
  remember(client: Client, answer: IdpClient, sent: Record<string, unknown>, { secretReplaced }: { secretReplaced: boolean }): void {
    if (answer.registrationAccessToken) this.deps.sealed.registrationAccessToken.set(client, answer.registrationAccessToken);
    client.registrationClientUri = answer.registrationClientUri ?? client.registrationClientUri;
    // An answer that does not say keeps the expiry of the secret it left alone (an echo of the
    // stored secret included); a new secret without one never expires.
    if (answer.secretExpiresAt !== undefined || secretReplaced) client.secretExpiresAt = expiryOf(answer);
    client.providerMetadata = sent;
  }

  /** RFC 7592 answers an unknown client with 401, as it answers a revoked registration token: worth a line. */
  logGone(client: Client): void {
    this.deps.logger.warn(
      { clientId: client.clientId, providerId: client.provider.id },
      'the identity provider no longer knows the client (or refused its registration token); counted as deleted',
    );
  }

  /** A client the IdP registered but the store could not keep is deleted again; false when that failed too. */
  async undoRegistration(adapter: VendorAdapter, registered: IdpClient, provider: ClientProvider): Promise<boolean> {
    try {
      await adapter.delete(registered);
      this.deps.logger.warn({ providerId: provider.id, clientId: registered.clientId }, 'deleted the IdP client of a registration the store could not keep');
      return true;
    } catch (error) {
      this.deps.logger.error(
        { providerId: provider.id, orgId: provider.orgId, clientId: registered.clientId, err: error },
        'orphaned client in identity provider: registered there, not stored here, and deleting it failed; kept as ORPHANED and retried',
      );
      return false;
    }
  }

  /**
   * The registration's placeholder becomes ORPHANED with the IdP's client_id: visible to
   * administrators, its tokens refused, and deleted in the background like a DELETING client. Its
   * idempotency key is given back (the registration failed). Where the placeholder is no longer
   * there to take it (recovery resolved the registration without this client; `intentId` null), a
   * row of its own is written. If the store cannot take even this, the intent (where there still
   * is one) stays and recovery resolves it. False, and nothing written, when a row holds the
   * client already (recovery adopted it, or a late answer stored it): one row per IdP client.
   */
  async keepOrphan(em: EntityManager, actor: AuditActor, placeholder: Client, intentId: string | null, registered: IdpClient, why = NOT_STORED): Promise<boolean> {
    return this.deps.transactions.run(em.fork(), async ({ em: tx, invalidate, audit }) => {
      // The intent first, as every transaction that ends one: whoever ended it before has committed
      // by the time this delete returns, and what it stored is seen below.
      if (intentId) await tx.nativeDelete(IdpIntent, { id: intentId });
      if (await rowExists(tx, Client, { provider: placeholder.provider, clientId: registered.clientId })) return false;
      const row = await tx.findOne(Client, { id: placeholder.id, clientId: null });
      const { orgId, ownerSub, environment, provider, name, description, redirectUris, grantTypes, scopes } = placeholder;
      const now = new Date(this.deps.clock());
      const orphan = row ?? Object.assign(new Client(), { orgId, ownerSub, environment, provider, name, description, redirectUris, grantTypes, scopes, createdAt: now, updatedAt: now });
      const before = row ? clientState(row) : null;
      Object.assign(orphan, {
        clientId: registered.clientId,
        status: ClientStatus.ORPHANED,
        idempotencyKey: null,
        idempotencyFingerprint: null,
        nextDeletionAttemptAt: now,
        statusMessage: why,
      });
      if (registered.registrationAccessToken) this.deps.sealed.registrationAccessToken.set(orphan, registered.registrationAccessToken);
      orphan.registrationClientUri = registered.registrationClientUri;
      if (!row) await insertRow(tx, orphan);
      invalidate({ kind: 'client', providerId: provider.id, clientId: registered.clientId });
      audit(clientEvent(actor, 'mark_orphaned', orphan, { summary: `${name} (${registered.clientId}): ${why}` }, before, clientState(orphan)));
      return true;
    });
  }
}

// The store's error is logged (undoRegistration), not shown: it may quote the statement.
const NOT_STORED =
  'Registered in the identity provider, but the platform could not store it and the identity provider refused to delete it again; ' +
  'deleting it there is retried in the background (where the provider offers no deletion, remove it in the IdP)';

/** The IdP's client_secret_expires_at as a date; null for never (or not said). */
export const expiryOf = (answer: Pick<IdpClient, 'secretExpiresAt'>): Date | null => (answer.secretExpiresAt == null ? null : new Date(answer.secretExpiresAt));
