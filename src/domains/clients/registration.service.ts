import { createHash } from 'node:crypto';
import { UniqueConstraintViolationException, type RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Principal } from '../../core/caller.js';
import { mayHaveApplied, UserErrorCode, UserErrors } from '../../core/errors.js';
import { ClientStatus, IdpOperation } from '../../core/model.js';
import { hasControlCharacters, Validator } from '../../core/validation.js';
import { ClientProvider } from '../../store/entities/client-provider.entity.js';
import { Client } from '../../store/entities/client.entity.js';
import { DeletedClient } from '../../store/entities/deleted-client.entity.js';
import type { Environment } from '../../store/entities/environment.entity.js';
import { findClient, findDefaultProvider, findEnvironment, findProvider } from '../../store/lookups.js';
import { changedProperties, insertRow, updateRow } from '../../store/statements.js';
import { toRegistrationMetadata, type IdpClient, type VendorAdapter } from '../../vendors/adapter.js';
import { platformCredentials } from '../../vendors/platform.js';
import { withEndpoints } from '../client-providers/endpoints.js';
import { asUserErrors, assertLinked } from '../client-providers/provider-rules.js';
import type { ClientDeps, IssuedClient } from './client-deps.js';
import { checkClientMetadata, checkGrantsSupported, type ClientMetadata } from './client-metadata.js';
import { clientEvent, clientState, recordFailedIdpCall } from '../audit-events.js';

export interface ClientRegistration {
  environmentId: string;
  clientProviderId?: string | null;
  name: string;
  description?: string | null;
  redirectUris?: string[] | null;
  grantTypes?: string[] | null;
  scopes?: string[] | null;
  idempotencyKey?: string | null;
}

export interface ClientImport {
  environmentId: string;
  clientProviderId: string;
  clientId: string;
  clientSecret?: string | null;
  name: string;
  description?: string | null;
  /** The UNRESOLVED client (left by an interrupted registration) that this import resolves. */
  resolves?: string | null;
}

interface RegistrationPlan {
  environment: Environment;
  provider: ClientProvider;
  name: string;
  description: string | null;
  metadata: ClientMetadata;
}

type NewClient = RequiredEntityData<Client>;

/**
 * How clients come to the platform: registered (by the built-in provider, or in the IdP, once per
 * idempotency key), or imported from an IdP that already holds them.
 */
export class RegistrationService {
  constructor(
    private readonly caller: Principal,
    private readonly em: EntityManager,
    private readonly deps: ClientDeps,
  ) {}

  async register(input: ClientRegistration): Promise<IssuedClient<Client>> {
    const idempotencyKey = input.idempotencyKey?.trim() || null;
    if (idempotencyKey) {
      // Checked before it is looked up: the store refuses some characters in a query too.
      const check = new Validator();
      check.singleLine('idempotencyKey', idempotencyKey, 255);
      if (!check.ok) throw new UserErrors(check.errors);
    }
    const fingerprint = idempotencyKey ? registrationFingerprint(input) : null;
    if (idempotencyKey) {
      const replay = await this.replay(idempotencyKey, fingerprint!);
      if (replay) return replay;
    }
    const plan = await this.plan(input, idempotencyKey);
    const base: NewClient = {
      orgId: this.caller.org,
      ownerSub: this.caller.sub,
      environment: plan.environment,
      provider: plan.provider,
      name: plan.name,
      description: plan.description,
      ...plan.metadata,
      idempotencyKey,
      idempotencyFingerprint: fingerprint,
    };
    try {
      if (plan.provider.builtIn) {
        return await this.store({ ...base, clientId: platformCredentials.newClientId() }, platformCredentials.newClientSecret(), 'register', 'issued by the built-in provider');
      }
      return await this.registerInIdp(plan, base);
    } catch (error) {
      // Two calls raced with one idempotency key: the loser answers with the winner's client.
      if (idempotencyKey && error instanceof UniqueConstraintViolationException) {
        const replay = await this.replay(idempotencyKey, fingerprint!);
        if (replay) return replay;
      }
      throw error;
    }
  }

  /**
   * The placeholder row (REGISTERING) and the intent are committed before the IdP is called, with
   * or without an idempotency key; the transaction that stores the IdP's answer completes the
   * intent. A refusal removes both again. A call that may have reached the IdP (a time-out, a lost
   * answer) hands the intent to recovery, which finds out what the IdP holds. If the store cannot
   * keep the answer, the IdP's client is deleted again, or, when even that fails, kept as ORPHANED
   * (retried for deletion in the background).
   */
  private async registerInIdp(plan: RegistrationPlan, base: NewClient): Promise<IssuedClient<Client>> {
    const { adapters, idpClients, intents, faults } = this.deps;
    const provider = await withEndpoints(this.em, adapters, plan.provider, 'clientProviderId');
    // After withEndpoints: a provider saved without discovery learns its grant types there.
    const supported = new Validator();
    checkGrantsSupported(plan.metadata.grantTypes, provider.grantTypesSupported, supported);
    if (!supported.ok) throw new UserErrors(supported.errors);
    const adapter = adapters.for(provider);
    const sent = toRegistrationMetadata({ name: plan.name, ...plan.metadata });
    const { client: placeholder, intent } = await this.deps.transactions.run(this.em.fork(), async ({ em }) => {
      const client = await this.insertClient(em, { ...base, clientId: null, status: ClientStatus.REGISTERING });
      return { client, intent: await intents.add(em, IdpOperation.REGISTER, client, sent) };
    });
    faults('register:before-idp-call');
    let registered: IdpClient;
    try {
      registered = await adapter.register(sent);
    } catch (error) {
      if (mayHaveApplied(error)) {
        // A time-out or a lost answer may hide a registration the IdP did make: recovery finds out.
        await intents.handOver(this.em, intent, error).catch(() => undefined);
        this.deps.logger.warn({ providerId: provider.id, name: plan.name, intentId: intent.id }, 'registration failed on the way; recovery will find out whether the identity provider holds the client');
      } else {
        await intents.abandonRegistration(this.em, placeholder.id, intent.id).catch(() => undefined);
      }
      await recordFailedIdpCall(this.deps, this.em, this.caller, 'register', placeholder, error);
      throw asUserErrors(error, 'clientProviderId');
    }
    faults('register:after-idp-answer');
    let issued: IssuedClient<Client>;
    try {
      issued = await this.deps.transactions.run(this.em, async ({ em, invalidate, audit }) => {
        const client = Object.assign(new Client(), placeholder, { clientId: registered.clientId, status: ClientStatus.ACTIVE });
        if (registered.clientSecret) this.deps.sealed.clientSecret.set(client, registered.clientSecret);
        idpClients.remember(client, registered, sent, { secretReplaced: registered.clientSecret !== null });
        // The intent first, then the client: recovery takes the two rows in that order too.
        await intents.complete(em, intent);
        const changed = changedProperties(em, placeholder, client);
        // Past its lease, recovery may have resolved the registration meanwhile. Where the IdP could
        // not be searched it left the placeholder UNRESOLVED: this answer is what it waits for.
        let late = false;
        if ((await updateRow(em, client, changed, { id: client.id, status: ClientStatus.REGISTERING })) !== 1) {
          late = true;
          const resolved = await updateRow(em, client, [...changed, 'statusMessage'], { id: client.id, status: ClientStatus.UNRESOLVED });
          if (resolved !== 1) throw new RecoveredMeanwhile();
        }
        invalidate({ kind: 'client', providerId: provider.id, clientId: registered.clientId });
        const summary = `Client ${client.name} registered in its identity provider as ${registered.clientId}${late ? ' (its answer came after recovery had marked the registration UNRESOLVED)' : ''}`;
        audit(clientEvent(this.caller, 'register', client, { summary }, null, clientState(client)));
        return { client, clientSecret: registered.clientSecret };
      });
    } catch (error) {
      if (error instanceof RecoveredMeanwhile) return this.answeredAfterRecovery(adapter, provider, placeholder, registered);
      // Taken back only while the intent is still this call's: recovery that claimed it meanwhile
      // may be adopting this very client, which an undo would delete under it. Then, or when the
      // store cannot even say, the client is left to recovery (it finds it, or marks it UNRESOLVED).
      if (await intents.reclaim(this.em, intent, provider).catch(() => false)) await this.takeBack(adapter, provider, placeholder, intent.id, registered);
      else this.deps.logger.warn({ providerId: provider.id, clientId: registered.clientId, intentId: intent.id }, 'the store could not keep a registration, and its intent is no longer this call’s; left to recovery');
      throw error;
    }
    faults('register:after-store-write');
    return issued;
  }

  /**
   * The IdP answered after the registration's lease had run out, and recovery had resolved it
   * already (the process looked dead). Recovery that found this very client adopted it (or an
   * administrator imported it): that is the answer. Recovery that found it without its secret
   * handed it to the deletion retries (ORPHANED): CONFLICT. Otherwise (recovery found nothing yet,
   * or another namesake) nobody holds the IdP's client, and it is taken back there, or kept as
   * ORPHANED when the IdP refuses: nothing made is lost.
   */
  private async answeredAfterRecovery(adapter: VendorAdapter, provider: ClientProvider, placeholder: Client, registered: IdpClient): Promise<IssuedClient<Client>> {
    const { logger } = this.deps;
    const row = await this.em.fork().findOne(Client, placeholder.id);
    if (row && row.clientId === registered.clientId && row.status === ClientStatus.ACTIVE) {
      // Imported by an administrator without its secret, it is still the secret the IdP issued.
      return { client: row, clientSecret: this.deps.sealed.clientSecret.get(row) ?? registered.clientSecret };
    }
    if (row && row.clientId === registered.clientId) {
      // Recovery found it without its secret and handed it to the deletion retries (ORPHANED), or it has been deleted since.
      throw UserErrors.of(UserErrorCode.CONFLICT, `The identity provider answered after the registration’s lease had run out; recovery had resolved it meanwhile, and the client is ${row.status} now. Register again`, 'clientProviderId');
    }
    logger.warn({ providerId: provider.id, clientId: registered.clientId, clientRowId: placeholder.id }, 'the identity provider answered a registration after recovery had resolved it without this client; taking it back there');
    await this.takeBack(adapter, provider, placeholder, null, registered);
    throw UserErrors.of(
      UserErrorCode.CONFLICT,
      'The identity provider answered after the registration’s lease had run out, and recovery had resolved the registration without this client; the client was taken back in the identity provider. Register again',
      'clientProviderId',
    );
  }

  /**
   * A client the IdP made that the store does not hold: deleted there again (the placeholder and
   * its intent, if there still is one, go with it), or, when the IdP refuses, kept as ORPHANED for
   * the deletion retries. If even that write fails, the intent (if any) stays for recovery, and the
   * log line names the client.
   */
  private async takeBack(adapter: VendorAdapter, provider: ClientProvider, placeholder: Client, intentId: string | null, registered: IdpClient): Promise<void> {
    const { idpClients, intents, logger } = this.deps;
    if (await idpClients.undoRegistration(adapter, registered, provider)) {
      if (intentId) await intents.abandonRegistration(this.em, placeholder.id, intentId).catch(() => undefined);
      return;
    }
    await idpClients.keepOrphan(this.em, this.caller, placeholder, intentId, registered).catch((error: unknown) =>
      logger.error({ providerId: provider.id, orgId: provider.orgId, clientId: registered.clientId, err: error }, 'orphaned client in identity provider: neither deleted there nor stored here yet'),
    );
  }

  /** The new client's row, written at once (the transaction commits it, or rolls it back). */
  private async insertClient(em: EntityManager, data: NewClient, clientSecret: string | null = null): Promise<Client> {
    // On the domain's clock, which also judges when an intent's lease has run out.
    const now = new Date(this.deps.clock());
    const client = Object.assign(new Client(), { createdAt: now, updatedAt: now, ...data });
    if (clientSecret) this.deps.sealed.clientSecret.set(client, clientSecret);
    await insertRow(em, client);
    return client;
  }

  private async store(data: NewClient, clientSecret: string | null, action: 'register' | 'import', how: string): Promise<IssuedClient<Client>> {
    return this.deps.transactions.run(this.em, async ({ em, invalidate, audit }) => {
      const client = await this.insertClient(em, data, clientSecret);
      const { clientId } = client;
      if (clientId !== null) {
        // A client_id the platform deleted once and now holds again (an import) is no longer refused.
        await em.nativeDelete(DeletedClient, { providerId: client.provider.id, clientId });
        invalidate({ kind: 'client', providerId: client.provider.id, clientId });
      }
      audit(clientEvent(this.caller, action, client, { summary: `Client ${client.name} (${clientId}) ${how}` }, null, clientState(client)));
      return { client, clientSecret };
    });
  }

  /** Everything a registration needs, checked before anything is sent anywhere. */
  private async plan(input: ClientRegistration, idempotencyKey: string | null): Promise<RegistrationPlan> {
    const em = this.em;
    const environment = await findEnvironment(em, this.caller.org, input.environmentId);
    const provider = input.clientProviderId
      ? await findProvider(em, this.caller.org, input.clientProviderId)
      : await findDefaultProvider(em, environment);
    // The default is linked by construction: an environment is created linked to it, a provider
    // becomes the default only through linkClientProvider, and the default cannot be unlinked.
    if (provider.id !== environment.defaultProvider.id) await assertLinked(em, environment, provider);
    const check = new Validator();
    const name = check.name('name', input.name);
    const description = check.description('description', input.description ?? null);
    const redirectUris = input.redirectUris ?? [];
    const metadata = checkClientMetadata(
      {
        redirectUris,
        grantTypes: input.grantTypes ?? [redirectUris.length > 0 ? 'authorization_code' : 'client_credentials'],
        scopes: input.scopes ?? [],
      },
      check,
    );
    if (!check.ok) throw new UserErrors(check.errors);
    return { environment, provider, name, description, metadata };
  }

  /** The client an earlier call with this key registered, if the call asked for the same thing. */
  private async replay(idempotencyKey: string, fingerprint: string): Promise<IssuedClient<Client> | null> {
    const em = this.em.fork();
    const client = await em.findOne(Client, { orgId: this.caller.org, ownerSub: this.caller.sub, idempotencyKey });
    if (!client) return null;
    if (client.idempotencyFingerprint !== fingerprint) {
      throw UserErrors.of(UserErrorCode.IDEMPOTENCY_KEY_REUSED, 'This idempotencyKey was used for a different registration', 'idempotencyKey');
    }
    if (client.status === ClientStatus.REGISTERING) {
      throw UserErrors.of(UserErrorCode.REGISTRATION_IN_PROGRESS, 'A registration with this idempotencyKey is still under way (or being recovered); retry in a moment', 'idempotencyKey');
    }
    if (client.status === ClientStatus.UNRESOLVED) {
      throw UserErrors.of(
        UserErrorCode.REGISTRATION_UNRESOLVED,
        'The registration with this idempotencyKey was interrupted and its identity provider cannot be searched; an administrator imports the client it made (importClient with resolves) or dismisses it',
        'idempotencyKey',
      );
    }
    return { client, clientSecret: this.deps.sealed.clientSecret.get(client) };
  }

  /**
   * Records a client that already exists in the IdP, without registering a new one, so that its
   * tokens are recognised and it can be managed where the IdP allows (organization_admin).
   */
  async import(input: ClientImport): Promise<Client> {
    const em = this.em;
    const environment = await findEnvironment(em, this.caller.org, input.environmentId);
    const provider = await findProvider(em, this.caller.org, input.clientProviderId);
    await assertLinked(em, environment, provider);
    if (provider.builtIn) {
      throw UserErrors.of(UserErrorCode.PROVIDER_OPERATION_UNSUPPORTED, 'The built-in provider issues its clients itself; register one instead', 'clientProviderId');
    }
    const check = new Validator();
    const name = check.name('name', input.name);
    const description = check.description('description', input.description ?? null);
    const clientId = input.clientId.trim();
    if (clientId === '' || clientId.length > 255 || /\s/.test(clientId) || hasControlCharacters(clientId)) {
      check.add(UserErrorCode.INVALID_VALUE, 'clientId must be the IdP’s client_id: 1 to 255 characters without spaces', 'clientId');
    }
    if (input.clientSecret) check.singleLine('clientSecret', input.clientSecret, 1024);
    if (!check.ok) throw new UserErrors(check.errors);
    if ((await em.count(Client, { provider, clientId })) > 0) throw alreadyRegistered();
    const unresolved = input.resolves ? await this.unresolved(input.resolves, 'resolves') : null;
    if (unresolved && (unresolved.environment.id !== environment.id || unresolved.provider.id !== provider.id)) {
      throw UserErrors.of(UserErrorCode.INVALID_VALUE, 'The UNRESOLVED client is in another environment or provider', 'resolves');
    }
    const secret = input.clientSecret || null;
    if (unresolved) {
      // The interrupted registration's row becomes the client: its key, owner and metadata stay.
      return this.deps.transactions.run(this.em, async ({ em: tx, invalidate, audit }) => {
        const row = await tx.findOneOrFail(Client, { id: unresolved.id, status: ClientStatus.UNRESOLVED });
        const resolved = Object.assign(new Client(), row, { clientId, name, description, status: ClientStatus.ACTIVE, statusMessage: null });
        if (secret) this.deps.sealed.clientSecret.set(resolved, secret);
        // Only while it is still UNRESOLVED: the registration's own answer, arriving late, may complete it meanwhile.
        const changed = changedProperties(tx, row, resolved);
        if ((await updateRow(tx, resolved, changed, { id: row.id, status: ClientStatus.UNRESOLVED })) !== 1) throw notUnresolved('resolves');
        await tx.nativeDelete(DeletedClient, { providerId: provider.id, clientId });
        invalidate({ kind: 'client', providerId: provider.id, clientId });
        audit(clientEvent(this.caller, 'import', resolved, { summary: `Client ${name} (${clientId}) imported from its identity provider, resolving an interrupted registration` }, clientState(row), clientState(resolved)));
        return resolved;
      }, alreadyRegistered);
    }
    const { client } = await this.store(
      { orgId: this.caller.org, ownerSub: this.caller.sub, environment, provider, name, description, clientId, redirectUris: [], grantTypes: [], scopes: [] },
      secret,
      'import',
      'imported from its identity provider',
    ).catch((error: unknown) => {
      throw error instanceof UniqueConstraintViolationException ? alreadyRegistered() : error;
    });
    return client;
  }

  /** An UNRESOLVED client the administrator found nothing of in the IdP (or removed there): the platform forgets it. */
  async dismissUnresolved(clientGlobalId: string): Promise<string> {
    const client = await this.unresolved(clientGlobalId, 'id');
    await this.deps.transactions.run(this.em.fork(), async ({ em, audit }) => {
      const removed = await em.nativeDelete(Client, { id: client.id, status: ClientStatus.UNRESOLVED });
      if (removed !== 1) throw notUnresolved('id');
      audit(clientEvent(this.caller, 'dismiss_unresolved', client, { summary: `Unresolved client ${client.name} dismissed` }, clientState(client), null));
    });
    this.deps.logger.info({ providerId: client.provider.id, clientRowId: client.id, name: client.name }, 'unresolved client dismissed');
    return clientGlobalId;
  }

  private async unresolved(clientGlobalId: string, field: string): Promise<Client> {
    const client = await findClient(this.em, { orgId: this.caller.org }, clientGlobalId, field);
    if (client.status !== ClientStatus.UNRESOLVED) throw notUnresolved(field);
    return client;
  }
}

const notUnresolved = (field: string) => UserErrors.of(UserErrorCode.CLIENT_NOT_UNRESOLVED, 'Only an UNRESOLVED client can be resolved or dismissed this way', field);
/** The result arrived after recovery had taken the intent over. */
class RecoveredMeanwhile extends Error {}

const alreadyRegistered = () => UserErrors.of(UserErrorCode.CLIENT_ALREADY_REGISTERED, 'This client of the provider is already known to the platform', 'clientId');

/** What a registration asked for, normalised, hashed: equal for a retry of the same request only. */
function registrationFingerprint(input: ClientRegistration): string {
  const list = (values: string[] | null | undefined) => (values ? [...new Set(values.map((v) => v.trim()))] : null);
  const request = {
    environmentId: input.environmentId,
    clientProviderId: input.clientProviderId ?? null,
    name: input.name.trim(),
    description: input.description?.trim() || null,
    redirectUris: list(input.redirectUris),
    grantTypes: list(input.grantTypes),
    scopes: list(input.scopes),
  };
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}
