import type { EntityManager } from '@mikro-orm/knex';
import { clientScope, type Principal } from '../../core/caller.js';
import { mayHaveApplied, ProviderError, UserErrorCode, UserErrors } from '../../core/errors.js';
import { ClientStatus, IdpOperation } from '../../core/model.js';
import type { IdpIntent } from '../../store/entities/idp-intent.entity.js';
import { Validator } from '../../core/validation.js';
import { Client } from '../../store/entities/client.entity.js';
import { findClient } from '../../store/lookups.js';
import { toRegistrationMetadata, type IdpClient, type IdpClientRef, type VendorAdapter } from '../../vendors/adapter.js';
import { platformCredentials } from '../../vendors/platform.js';
import { asUserErrors, propagatesToIdp, providerHoldsChanges } from '../client-providers/provider-rules.js';
import type { ClientDeps, IssuedClient } from './client-deps.js';
import { ClientDeletion } from './client-deletion.js';
import { checkClientMetadata, checkGrantsSupported } from './client-metadata.js';
import { clientEvent, clientState, recordFailedIdpCall } from '../audit-events.js';

export interface ClientChange {
  name?: string | null;
  description?: string | null;
  redirectUris?: string[] | null;
  grantTypes?: string[] | null;
  scopes?: string[] | null;
}

/**
 * Changes to registered clients, in the platform and (where the provider propagates them) in the
 * IdP first. Members change the clients they own; organization administrators every client.
 */
export class ClientChangesService {
  constructor(
    private readonly caller: Principal,
    private readonly em: EntityManager,
    private readonly deps: ClientDeps,
  ) {}

  /** With the provider's propagateClientChanges on, the IdP is changed first (a full replace), then the platform. */
  async update(clientGlobalId: string, input: ClientChange): Promise<{ client: Client; changedInProvider: boolean }> {
    const client = await findClient(this.em, clientScope(this.caller), clientGlobalId);
    const check = new Validator();
    const name = input.name !== undefined && input.name !== null ? check.name('name', input.name) : client.name;
    const description = input.description !== undefined ? check.description('description', input.description) : client.description;
    const touchesMetadata = [input.redirectUris, input.grantTypes, input.scopes].some((list) => list !== undefined && list !== null);
    const stored = { redirectUris: client.redirectUris, grantTypes: client.grantTypes, scopes: client.scopes };
    // Stored metadata stands as it is (an imported client may have none); new metadata is checked whole.
    const metadata = touchesMetadata
      ? checkClientMetadata(
          { redirectUris: input.redirectUris ?? stored.redirectUris, grantTypes: input.grantTypes ?? stored.grantTypes, scopes: input.scopes ?? stored.scopes },
          check,
        )
      : stored;
    const provider = client.provider;
    if (input.grantTypes) checkGrantsSupported(metadata.grantTypes, provider.grantTypesSupported, check);
    if (!check.ok) throw new UserErrors(check.errors);
    assertActive(client);
    const propagate = propagatesToIdp(provider);
    if (propagate && client.providerMetadata === null) {
      throw UserErrors.of(
        UserErrorCode.PROVIDER_OPERATION_UNSUPPORTED,
        'This client was imported: its metadata in the identity provider is unknown here, and a full replace would overwrite it. Change it in the IdP, or turn propagateClientChanges off',
        'id',
      );
    }
    const sent = toRegistrationMetadata({ name, ...metadata });
    const intent = propagate ? await this.deps.intents.open(this.em, IdpOperation.UPDATE, client, sent) : null;
    const answer: IdpClient | undefined = intent
      ? await this.onIdp(intent, client, 'update', () => this.deps.adapters.for(provider).update(this.deps.idpClients.refOf(client), sent))
      : undefined;
    const updated = await this.deps.transactions.run(this.em, async ({ em, invalidate, audit }) => {
      const row = await em.findOneOrFail(Client, client.id);
      const before = clientState(row);
      Object.assign(row, { name, description, ...metadata });
      // An IdP that echoes the secret it holds has not replaced it: the stored one (and its expiry) stays.
      const secretReplaced = !!answer?.clientSecret && answer.clientSecret !== this.deps.sealed.clientSecret.get(row);
      if (secretReplaced) this.deps.sealed.clientSecret.set(row, answer!.clientSecret!);
      if (answer) this.deps.idpClients.remember(row, answer, sent, { secretReplaced });
      if (intent) await this.deps.intents.complete(em, intent);
      invalidate({ kind: 'client', providerId: provider.id, clientId: row.clientId! });
      const where = intent ? 'in its identity provider and in the platform' : 'in the platform';
      audit(clientEvent(this.caller, 'update', row, { summary: `Client ${row.name} updated ${where}` }, before, clientState(row)));
      return row;
    });
    if (intent) this.deps.faults('update:after-store-write');
    return { client: updated, changedInProvider: providerHoldsChanges(provider) };
  }

  /**
   * With allowClientDeletion off, refused. With it on, the platform forgets the client; with
   * propagateClientChanges on too, the IdP deletes it first. An IdP that cannot delete it right now
   * leaves it DELETING, retried with backoff until it is gone.
   */
  async delete(clientGlobalId: string): Promise<{ deletedId: string; deletedInProvider: boolean }> {
    const client = await findClient(this.em, clientScope(this.caller), clientGlobalId);
    const provider = client.provider;
    assertActive(client);
    if (!provider.allowClientDeletion) {
      throw UserErrors.of(UserErrorCode.CLIENT_DELETION_DISABLED, 'The provider does not allow deleting clients in the platform', 'id');
    }
    const intent = propagatesToIdp(provider) ? await this.deps.intents.open(this.em, IdpOperation.DELETE, client, null) : null;
    if (intent) {
      this.deps.faults('delete:before-idp-call');
      try {
        await this.deps.deletion.inIdp(client);
      } catch (error) {
        if (!ClientDeletion.retryable(error)) {
          await this.deps.intents.drop(this.em, intent);
          await this.auditFailure('delete', client, error);
          throw asUserErrors(error, 'id');
        }
        await this.deps.deletion.retryLater(this.em, client, error, 1, this.caller, intent.id);
        throw UserErrors.of(error.code, `${error.message}. The client is now DELETING; its deletion will be retried until the provider confirms it`, 'id');
      }
      this.deps.faults('delete:after-idp-answer');
    }
    await this.deps.deletion.forget(this.em, client, this.caller, { intentId: intent?.id, inIdp: intent !== null });
    if (intent) this.deps.faults('delete:after-store-write');
    return { deletedId: clientGlobalId, deletedInProvider: providerHoldsChanges(provider) };
  }

  /**
   * A new secret. A built-in client's previous one stays valid for the configured grace period (no
   * outage); so does an IdP client's where the IdP keeps several secrets (Okta): the replaced
   * secret's id is written on the client before the IdP is asked, and once the new secret is
   * stored it is retired there after the grace period, by the background SecretRetirer. A previous
   * rotation's secret still waiting for that is retired first.
   */
  async rotateSecret(clientGlobalId: string): Promise<IssuedClient<Client>> {
    const client = await findClient(this.em, clientScope(this.caller), clientGlobalId);
    assertActive(client);
    if (client.provider.builtIn) return this.keepNewSecret(client.id, platformCredentials.newClientSecret(), null, null);
    const adapter = this.deps.adapters.for(client.provider);
    const ref = this.deps.idpClients.refOf(client);
    if (client.retiringSecretId !== null && client.nextSecretRetirementAt !== null) {
      await this.deps.secretRetirements.retire(this.em, client, this.caller).catch((error: unknown) => {
        if (!(error instanceof ProviderError)) throw error;
        throw UserErrors.of(error.code, `The secret the last rotation replaced could not be retired in the identity provider yet (${error.message}); it is retried in the background, rotate again after that`, 'id');
      });
    }
    const retiring = await this.secretToRetire(client, adapter, ref);
    const intent = await this.deps.intents.open(this.em, IdpOperation.ROTATE, client, null);
    let answer: IdpClient;
    try {
      answer = await this.onIdp(intent, client, 'rotate', () => adapter.rotateSecret(ref));
    } catch (error) {
      // Refused: nothing was made, and the current secret is not to be retired (a call that may have
      // arrived is left to recovery, which reads the secret back).
      if (retiring && !mayHaveApplied(error)) await this.em.fork().nativeUpdate(Client, { id: client.id, retiringSecretId: retiring, nextSecretRetirementAt: null }, { retiringSecretId: null });
      throw error;
    }
    const overlap = (row: Client) => {
      this.deps.idpClients.remember(row, answer, row.providerMetadata ?? {}, { secretReplaced: answer.clientSecret !== null });
      if (retiring) {
        const until = new Date(this.deps.clock() + this.deps.rotationGraceMs);
        Object.assign(row, { retiringSecretId: retiring, previousSecretExpiresAt: until, nextSecretRetirementAt: until, secretRetirementAttempts: 0 });
      }
    };
    const issued = await this.keepNewSecret(client.id, answer.clientSecret, overlap, intent);
    this.deps.faults('rotate:after-store-write');
    return issued;
  }

  /**
   * Where the IdP keeps several secrets: the one the rotation replaces (its only active one),
   * written on the client before the IdP is asked, so a crash cannot lose it. Null where a
   * rotation replaces the secret in the IdP itself.
   */
  private async secretToRetire(client: Client, adapter: VendorAdapter, ref: IdpClientRef): Promise<string | null> {
    let active: string[] | null;
    try {
      active = await adapter.activeSecretIds(ref);
    } catch (error) {
      await this.auditFailure('rotate_secret', client, error);
      throw asUserErrors(error, 'id');
    }
    if (active === null || active.length === 0) return null;
    if (active.length > 1) {
      throw UserErrors.of(
        UserErrorCode.PROVIDER_OPERATION_UNSUPPORTED,
        `The client already has ${active.length} active secrets in its identity provider, which holds at most two; deactivate and delete the one no longer in use there, then rotate again`,
        'id',
      );
    }
    await this.em.fork().nativeUpdate(Client, { id: client.id }, { retiringSecretId: active[0]!, nextSecretRetirementAt: null, secretRetirementAttempts: 0 });
    return active[0]!;
  }

  /**
   * An IdP call under an intent: a refusal completes the intent (nothing changed there); a failure
   * that may hide a change the IdP made hands it to recovery, which reads the client back.
   */
  private async onIdp<T>(intent: IdpIntent, client: Client, operation: 'update' | 'rotate', call: () => Promise<T>): Promise<T> {
    this.deps.faults(`${operation}:before-idp-call`);
    let answer: T;
    try {
      answer = await call();
    } catch (error) {
      if (mayHaveApplied(error)) await this.deps.intents.handOver(this.em, intent, error).catch(() => undefined);
      else await this.deps.intents.drop(this.em, intent).catch(() => undefined);
      await this.auditFailure(operation === 'rotate' ? 'rotate_secret' : operation, client, error);
      throw asUserErrors(error, 'id');
    }
    this.deps.faults(`${operation}:after-idp-answer`);
    return answer;
  }

  private async keepNewSecret(id: string, clientSecret: string | null, extra: ((client: Client) => void) | null, intent: IdpIntent | null): Promise<IssuedClient<Client>> {
    return this.deps.transactions.run(this.em, async ({ em, invalidate, audit }) => {
      if (intent) await this.deps.intents.complete(em, intent);
      const client = await em.findOneOrFail(Client, id);
      const before = clientState(client);
      if (clientSecret) {
        const graceMs = client.provider.builtIn ? this.deps.rotationGraceMs : 0;
        client.previousSecretSealed = graceMs > 0 ? client.clientSecretSealed : null; // one context for both columns: moved as it is
        client.previousSecretExpiresAt = graceMs > 0 ? new Date(this.deps.clock() + graceMs) : null;
        this.deps.sealed.clientSecret.set(client, clientSecret);
      }
      extra?.(client);
      invalidate({ kind: 'client', providerId: client.provider.id, clientId: client.clientId! });
      const overlap = client.previousSecretExpiresAt ? `; the previous secret stays valid until ${client.previousSecretExpiresAt.toISOString()}` : '';
      const summary = clientSecret ? `Client ${client.name} has a new secret${intent ? ' from its identity provider' : ''}${overlap}` : `Client ${client.name}: its identity provider rotated the secret without returning it`;
      audit(clientEvent(this.caller, 'rotate_secret', client, { summary }, before, clientState(client)));
      return { client, clientSecret };
    });
  }

  private auditFailure(action: string, client: Client, error: unknown): Promise<void> {
    return recordFailedIdpCall(this.deps, this.em, this.caller, action, client, error);
  }
}

function assertActive(client: Client): void {
  if (client.status === ClientStatus.ACTIVE) return;
  const message =
    client.status === ClientStatus.DELETING
      ? 'The client is being deleted in its identity provider; that is retried until it is done'
      : `The client is ${client.status}; only an ACTIVE client can be changed`;
  throw UserErrors.of(UserErrorCode.CLIENT_NOT_ACTIVE, message, 'id');
}
