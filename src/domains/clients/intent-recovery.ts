import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import { ClientStatus, IdpOperation } from '../../core/model.js';
import type { Clock, IntentObserver, IntentOutcome } from '../../core/ports.js';
import { ClientProvider } from '../../store/entities/client-provider.entity.js';
import { Client } from '../../store/entities/client.entity.js';
import { DeletedClient } from '../../store/entities/deleted-client.entity.js';
import { IdpIntent } from '../../store/entities/idp-intent.entity.js';
import type { Orm } from '../../store/orm.js';
import type { SealedColumns } from '../../store/sealed-columns.js';
import type { Transactions } from '../../store/transaction.js';
import { toRegistrationMetadata, type ClientRegistrationMetadata, type IdpClientState } from '../../vendors/adapter.js';
import type { ProviderAdapters } from '../client-providers/provider-adapters.js';
import { Periodic } from '../periodic.js';
import { ClientDeletion, retryDelayMs } from './client-deletion.js';
import { expiryOf, type IdpClients } from './idp-clients.js';
import { messageOf, type Intents } from './intents.js';
import { systemActor } from '../../core/audit.js';
import { clientEvent, clientState } from '../audit-events.js';

const BATCH = 20;
/** How long a replica's claim on an intent it is resolving lasts without renewal. */
const CLAIM_MS = 30_000;
/** An IdP client issued up to this long before its intent was written still counts (the IdP's clock against ours). */
const CLOCK_SKEW_MS = 60_000;

export interface RecoveryDeps {
  adapters: ProviderAdapters;
  intents: Intents;
  idpClients: IdpClients;
  deletion: ClientDeletion;
  sealed: SealedColumns;
  transactions: Transactions;
  logger: Logger;
  clock: Clock;
  /** The overlap a rotation's replaced secret keeps where the IdP holds several (retiringSecretId). */
  rotationGraceMs: number;
  observer?: IntentObserver;
}

/**
 * Resolves the intents whose process died on the way (their lease ran out), on start and then
 * periodically, each claimed by one replica with a compare-and-set on its lease. Nothing is
 * dropped: an intent that cannot be resolved now (the IdP is down) is tried again with backoff.
 *
 * - A registration: where the IdP can be searched (Okta), its client is found by name, metadata
 *   and issue time among those the platform does not know, and adopted (with its secret) or, if
 *   the IdP does not return the secret, handed to the deletion retries as ORPHANED; none found means
 *   it was never made. Where it cannot (plain RFC 7591), the placeholder becomes UNRESOLVED for an
 *   administrator. Each outcome is written only while the intent is still there to delete: an
 *   answer that arrived late and was stored meanwhile wins.
 * - An update or rotation: the client is read back and the stored state made to match.
 * - A deletion: finished, through the same path as deleteClient (DELETING and retried if the IdP
 *   cannot take it now).
 */
export class IntentRecovery extends Periodic<number> {
  constructor(
    private readonly orm: Orm,
    private readonly deps: RecoveryDeps,
    intervalMs: number,
  ) {
    super('intent recovery', intervalMs, deps.logger);
  }

  protected async pass(stopped: () => boolean): Promise<number> {
    const { clock, logger } = this.deps;
    const em = this.orm.em.fork() as EntityManager;
    const due = await em.find(IdpIntent, { leaseUntil: { $lte: new Date(clock()) } }, { limit: BATCH, orderBy: { leaseUntil: 'asc' } });
    let resolved = 0;
    for (const intent of due) {
      if (stopped()) break;
      const attempts = intent.attempts + 1;
      let held = new Date(clock() + CLAIM_MS);
      const claimed = await em.fork().nativeUpdate(IdpIntent, { id: intent.id, leaseUntil: intent.leaseUntil }, { leaseUntil: held, attempts });
      if (claimed !== 1) continue;
      // Renewed while the resolution runs (searches, a deletion), so no other replica joins in; if
      // this process dies, the claim runs out within CLAIM_MS.
      const heartbeat = setInterval(() => {
        const next = new Date(clock() + CLAIM_MS);
        void em
          .fork()
          .nativeUpdate(IdpIntent, { id: intent.id, leaseUntil: held }, { leaseUntil: next })
          .then((renewed) => void (renewed === 1 && (held = next)))
          .catch(() => undefined);
      }, CLAIM_MS / 3);
      const context = { intentId: intent.id, operation: intent.operation, providerId: intent.providerId, clientRowId: intent.clientRowId, attempts };
      try {
        const outcome = await this.resolve(em.fork(), intent);
        resolved++;
        this.deps.observer?.recovered(intent.operation, outcome);
        const level = outcome === 'unresolved' || outcome === 'deleted_in_idp' || outcome === 'gone_in_idp' ? 'warn' : 'info';
        logger[level]({ ...context, outcome }, 'recovered an interrupted identity provider operation');
      } catch (error) {
        this.deps.observer?.recovered(intent.operation, 'failed');
        await em.fork().nativeUpdate(IdpIntent, { id: intent.id }, { lastError: messageOf(error), leaseUntil: new Date(clock() + retryDelayMs(attempts)) });
        logger.warn({ ...context, err: error }, 'recovering an interrupted identity provider operation failed; will retry');
      } finally {
        clearInterval(heartbeat);
      }
    }
    return resolved;
  }

  private async resolve(em: EntityManager, intent: IdpIntent): Promise<IntentOutcome> {
    const client = await em.findOne(Client, intent.clientRowId, { populate: ['provider'] });
    if (!client) {
      // The operation's own transaction got as far as removing the client (or nothing was made).
      await this.deps.intents.drop(em, intent);
      return 'finished';
    }
    switch (intent.operation) {
      case IdpOperation.REGISTER:
        return this.registration(em, intent, client);
      case IdpOperation.UPDATE:
      case IdpOperation.ROTATE:
        return this.change(em, intent, client);
      case IdpOperation.DELETE:
        return this.deletion(em, intent, client);
    }
  }

  private async registration(em: EntityManager, intent: IdpIntent, client: Client): Promise<IntentOutcome> {
    if (client.status !== ClientStatus.REGISTERING) {
      await this.deps.intents.drop(em, intent);
      return 'finished';
    }
    // Another registration of the same name still under way could be the one that made a namesake: wait for it.
    const live = await em.count(IdpIntent, {
      providerId: intent.providerId,
      operation: IdpOperation.REGISTER,
      clientName: intent.clientName,
      id: { $ne: intent.id },
      leaseUntil: { $gt: new Date(this.deps.clock()) },
    });
    if (live > 0) throw new Error('another registration with this name is under way; resolved after it');
    const adapter = this.deps.adapters.for(client.provider);
    const namesakes = await adapter.search(intent.clientName);
    if (namesakes === null) return this.unresolved(em, intent, client);
    // Intents written before this version carry no metadata: the placeholder's stands for it.
    const sent = (intent.sent ?? { redirect_uris: client.redirectUris, grant_types: client.grantTypes }) as Partial<ClientRegistrationMetadata>;
    const made = await this.unknownTo(em, client.provider, namesakes.filter((candidate) => this.couldBe(candidate, intent, sent)));
    const found = made.sort((a, b) => (a.issuedAt ?? 0) - (b.issuedAt ?? 0))[0];
    if (!found) {
      // The IdP never made it: the placeholder goes, and its idempotency key is free again.
      await this.deps.intents.abandonRegistration(em, client.id, intent.id);
      return 'not_made';
    }
    if (!found.clientSecret && sent.token_endpoint_auth_method !== 'none') {
      // Without its secret the client is of no use to its owner: taken back in the IdP, by the
      // deletion retries, to which the placeholder is handed as ORPHANED with its client_id (retried
      // with backoff until the IdP takes it). Only while the intent is still unresolved: a late
      // answer, which has the secret, may have stored the client meanwhile.
      const why =
        'An interrupted registration made this client in the identity provider, which does not return its secret: it is of no use without it, ' +
        'and is deleted there in the background (where the provider offers no deletion, remove it in the IdP)';
      return (await this.deps.idpClients.keepOrphan(em, systemActor('recovery', client.orgId), client, intent.id, found, why)) ? 'deleted_in_idp' : 'finished';
    }
    const adopted = await this.deps.transactions.run(em, async ({ em: tx, invalidate, audit }) => {
      // The intent first, then the client, as the registration's own answer takes them: if that
      // answer was stored meanwhile (the process was slow, not dead), the intent is gone and the
      // client is its, not recovery's.
      if (!(await this.deps.intents.complete(tx, intent))) return false;
      const row = await tx.findOne(Client, { id: client.id, status: ClientStatus.REGISTERING });
      if (!row) return false;
      const before = clientState(row);
      Object.assign(row, { clientId: found.clientId, status: ClientStatus.ACTIVE });
      if (found.clientSecret) this.deps.sealed.clientSecret.set(row, found.clientSecret);
      this.deps.idpClients.remember(row, found, intent.sent ?? {}, { secretReplaced: found.clientSecret !== null });
      invalidate({ kind: 'client', providerId: client.provider.id, clientId: found.clientId });
      const summary = `An interrupted registration of ${row.name} was found in the identity provider as ${found.clientId} and adopted`;
      audit(clientEvent(systemActor('recovery', row.orgId), 'register', row, { summary }, before, clientState(row)));
      return true;
    });
    return adopted ? 'adopted' : 'finished';
  }

  /** Same name (searched), same redirect URIs and grant types, issued after the intent was written. */
  private couldBe(candidate: IdpClientState, intent: IdpIntent, sent: Partial<ClientRegistrationMetadata>): boolean {
    const same = (a: string[], b: string[] | undefined) => a.length === (b ?? []).length && a.every((value) => (b ?? []).includes(value));
    const issuedInTime = candidate.issuedAt === null || candidate.issuedAt >= intent.createdAt.getTime() - CLOCK_SKEW_MS;
    return candidate.clientName === intent.clientName && same(candidate.redirectUris, sent.redirect_uris) && same(candidate.grantTypes, sent.grant_types) && issuedInTime;
  }

  /**
   * Those of the IdP's clients the platform neither holds nor deleted, under any of the
   * organization's providers for the same IdP (issuer).
   */
  private async unknownTo(em: EntityManager, provider: ClientProvider, candidates: IdpClientState[]): Promise<IdpClientState[]> {
    if (candidates.length === 0) return [];
    const ids = candidates.map((candidate) => candidate.clientId);
    const sameIdp = (await em.find(ClientProvider, { orgId: provider.orgId, issuer: provider.issuer }, { fields: ['id'] })).map((p) => p.id);
    const held = await em.find(Client, { provider: { $in: sameIdp }, clientId: { $in: ids } }, { fields: ['clientId'] });
    const deleted = await em.find(DeletedClient, { providerId: { $in: sameIdp }, clientId: { $in: ids } }, { fields: ['clientId'] });
    const known = new Set([...held.map((row) => row.clientId), ...deleted.map((row) => row.clientId)]);
    return candidates.filter((candidate) => !known.has(candidate.clientId));
  }

  private async unresolved(em: EntityManager, intent: IdpIntent, client: Client): Promise<IntentOutcome> {
    const since = intent.createdAt.toISOString();
    const message =
      `The platform stopped while registering "${intent.clientName}" (${since}), and this identity provider cannot be searched. ` +
      `Look there for a client named "${intent.clientName}" created from ${since} on; link it with importClient (resolves: this client's id), ` +
      'or remove this one with dismissUnresolvedClient if the IdP holds none.';
    const marked = await this.deps.transactions.run(em, async ({ em: tx, audit }) => {
      // The intent first (the answer's order): gone means the registration's answer was stored meanwhile.
      if (!(await this.deps.intents.complete(tx, intent))) return false;
      if ((await tx.nativeUpdate(Client, { id: client.id, status: ClientStatus.REGISTERING }, { status: ClientStatus.UNRESOLVED, statusMessage: message })) !== 1) return false;
      const before = clientState(client);
      audit(clientEvent(systemActor('recovery', client.orgId), 'mark_unresolved', client, { summary: message }, before, { ...before, status: ClientStatus.UNRESOLVED }));
      return true;
    });
    return marked ? 'unresolved' : 'finished';
  }

  /** An interrupted update or rotation: the IdP's state, read back, becomes the stored one. */
  private async change(em: EntityManager, intent: IdpIntent, client: Client): Promise<IntentOutcome> {
    if (client.clientId === null) {
      await this.deps.intents.drop(em, intent);
      return 'finished';
    }
    const state = await this.deps.adapters.for(client.provider).read(this.deps.idpClients.refOf(client));
    if (state === 'gone') {
      await this.deps.transactions.run(em, async ({ em: tx, invalidate, audit }) => {
        await this.deps.intents.complete(tx, intent);
        await tx.nativeUpdate(Client, { id: client.id }, { status: ClientStatus.DELETED_IN_PROVIDER, statusMessage: 'The identity provider no longer knows this client' });
        invalidate({ kind: 'client', providerId: client.provider.id, clientId: client.clientId! });
        const before = clientState(client);
        const summary = `Recovering an interrupted change of ${client.name}: the identity provider no longer knows it; DELETED_IN_PROVIDER`;
        audit(clientEvent(systemActor('recovery', client.orgId), 'mark_deleted_in_provider', client, { summary }, before, { ...before, status: ClientStatus.DELETED_IN_PROVIDER }));
      });
      return 'gone_in_idp';
    }
    await this.deps.transactions.run(em, async ({ em: tx, invalidate, audit }) => {
      const row = await tx.findOneOrFail(Client, client.id);
      const before = clientState(row);
      if (state === 'token_refused') {
        row.statusMessage =
          `An interrupted ${intent.operation === IdpOperation.UPDATE ? 'update' : 'rotation'} may have replaced the registration access token, and the identity provider refuses the stored one: ` +
          'the client can no longer be managed there from the platform; check it in the IdP';
      } else if (intent.operation === IdpOperation.UPDATE) {
        // What the IdP holds, whether or not the update took effect there.
        Object.assign(row, { name: state.clientName?.slice(0, 100) || row.name, redirectUris: state.redirectUris, grantTypes: state.grantTypes });
        if (state.scopes !== null) row.scopes = state.scopes;
        // An update does not replace the secret (the IdP's read echoes the one it holds).
        this.deps.idpClients.remember(row, state, toRegistrationMetadata(row), { secretReplaced: false });
      } else if (state.clientSecret) {
        const rotated = state.clientSecret !== this.deps.sealed.clientSecret.get(row);
        this.deps.sealed.clientSecret.set(row, state.clientSecret);
        row.previousSecretSealed = null;
        row.previousSecretExpiresAt = null;
        row.secretExpiresAt = expiryOf(state);
        if (row.retiringSecretId !== null && row.nextSecretRetirementAt === null) {
          // A rotation with an overlap, announced before the IdP was asked: where the IdP made the
          // new secret, the replaced one keeps its window and is retired after it; else it stays the one.
          const until = rotated ? new Date(this.deps.clock() + this.deps.rotationGraceMs) : null;
          Object.assign(row, { previousSecretExpiresAt: until, nextSecretRetirementAt: until, retiringSecretId: rotated ? row.retiringSecretId : null });
        }
      } else {
        row.statusMessage = 'An interrupted rotation may have replaced the secret in the identity provider, which does not return it: rotate it again';
      }
      await this.deps.intents.complete(tx, intent);
      invalidate({ kind: 'client', providerId: row.provider.id, clientId: row.clientId! });
      const what = intent.operation === IdpOperation.UPDATE ? 'update' : 'rotate_secret';
      const summary = `Recovered an interrupted ${what === 'update' ? 'update' : 'rotation'} of ${row.name}: stored as the identity provider holds it${row.statusMessage ? ` (${row.statusMessage})` : ''}`;
      audit(clientEvent(systemActor('recovery', row.orgId), what, row, { summary }, before, clientState(row)));
    });
    return state === 'token_refused' ? 'token_refused' : 'matched';
  }

  /** An interrupted deletion is finished (or left DELETING, retried, where the IdP cannot take it now). */
  private async deletion(em: EntityManager, intent: IdpIntent, client: Client): Promise<IntentOutcome> {
    try {
      await this.deps.deletion.inIdp(client);
    } catch (error) {
      if (!ClientDeletion.retryable(error)) {
        // The IdP refuses it for good (e.g. it offers no deletion): said on the client, which stays.
        await this.deps.transactions.run(em, async ({ em: tx }) => {
          await this.deps.intents.complete(tx, intent);
          await tx.nativeUpdate(Client, { id: client.id }, { statusMessage: `An interrupted deletion could not be finished: ${messageOf(error)}` });
        });
        return 'refused';
      }
      await this.deps.deletion.retryLater(em, client, error, client.deletionAttempts + 1, systemActor('recovery', client.orgId), intent.id);
      return 'finished';
    }
    await this.deps.deletion.forget(em, client, systemActor('recovery', client.orgId), { intentId: intent.id, inIdp: true });
    return 'finished';
  }
}
