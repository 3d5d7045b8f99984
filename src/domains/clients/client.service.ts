import { createHash } from 'node:crypto';
import { UniqueConstraintViolationException, type RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { ClientProvider } from '../../store/entities/client-provider.entity.js';
import { ProviderLink } from '../../store/entities/provider-link.entity.js';
import { UserErrorCode, UserErrors, userError } from '../../core/errors.js';
import { newId, parseGlobalId } from '../../core/ids.js';
import { inTransaction } from '../../store/transaction.js';
import { Validator } from '../../core/validation.js';
import type { RequestContext } from '../../graphql/context.js';
import { findClient, findEnvironment, findProvider } from '../../store/lookups.js';
import { platformCredentials } from '../../vendors/platform.js';
import { checkClientMetadata, type ClientMetadata } from './client-metadata.js';
import { IdpClients, asUserErrors } from './idp-clients.js';
import { toRegistrationMetadata, type IdpClient } from '../../vendors/adapter.js';
import { ProviderError, ProviderErrorCode } from '../../vendors/provider-error.js';
import type { Environment } from '../../store/entities/environment.entity.js';
import { Client, ClientStatus, clientSecretContext } from '../../store/entities/client.entity.js';
import type { DeleteClientInput, ImportClientInput, RegisterClientInput, RotateClientSecretInput, UpdateClientInput } from '../../graphql/clients/client.inputs.js';

interface RegistrationPlan {
  environment: Environment;
  provider: ClientProvider;
  name: string;
  description: string | null;
  metadata: ClientMetadata;
}

type NewClient = Omit<RequiredEntityData<Client>, 'clientId'>;

export interface IssuedClient {
  client: Client;
  /** The plaintext secret, for the one answer that may carry it. */
  clientSecret: string | null;
}


/**
 * Rules for client applications. Members register clients and manage those they own;
 * organization administrators manage every client of the organization.
 */
export class ClientService {
  private readonly idp: IdpClients;

  constructor(private readonly ctx: RequestContext) {
    this.idp = new IdpClients(ctx.app);
  }

  private get scope() {
    return this.ctx.loaders.clientScope();
  }

  async register(input: RegisterClientInput): Promise<IssuedClient> {
    const principal = this.ctx.member();
    const idempotencyKey = input.idempotencyKey?.trim() || null;
    const fingerprint = idempotencyKey ? registrationFingerprint(input) : null;
    if (idempotencyKey) {
      const replay = await this.replay(idempotencyKey, fingerprint!);
      if (replay) return replay;
    }
    const plan = await this.plan(input, idempotencyKey);
    const base = {
      orgId: principal.org,
      ownerSub: principal.sub,
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
        const clientSecret = platformCredentials.newClientSecret();
        return await this.store({ ...base, clientId: platformCredentials.newClientId() }, clientSecret, null);
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
   * The IdP registers first; if the store then fails, the IdP's client is deleted again. With an
   * idempotency key the key is claimed in the store before the IdP is called, so that concurrent
   * retries never make a second client there.
   */
  private async registerInIdp(plan: RegistrationPlan, base: NewClient): Promise<IssuedClient> {
    const provider = await this.idp.withEndpoints(this.ctx.em, plan.provider, 'clientProviderId');
    const adapter = this.idp.adapter(provider);
    const sent = toRegistrationMetadata({ name: plan.name, ...plan.metadata });
    const claim = base.idempotencyKey ? await this.claim(base) : null;
    let registered: IdpClient;
    try {
      registered = await this.idp.call(() => adapter.register(sent), 'clientProviderId');
    } catch (error) {
      if (claim) await this.release(claim).catch(() => undefined);
      if (error instanceof UserErrors && error.errors.some((e) => e.code === UserErrorCode.PROVIDER_UNAVAILABLE)) {
        // A time-out or a lost answer may hide a registration the IdP did make.
        this.ctx.app.logger.warn({ providerId: provider.id, name: plan.name }, 'registration failed on the way; the identity provider may hold a client the platform does not know');
      }
      throw error;
    }
    try {
      if (!claim) return await this.store({ ...base, clientId: registered.clientId }, registered.clientSecret, (client) => this.idp.remember(client, registered, sent));
      return await inTransaction(this.ctx, async (em) => {
        const client = await em.findOneOrFail(Client, claim);
        Object.assign(client, { clientId: registered.clientId, status: ClientStatus.ACTIVE });
        if (registered.clientSecret) client.clientSecretSealed = this.ctx.app.secrets.seal(registered.clientSecret, clientSecretContext(client.id));
        this.idp.remember(client, registered, sent);
        return { client, clientSecret: registered.clientSecret };
      });
    } catch (error) {
      await this.idp.undoRegistration(adapter, registered, plan.provider, this.ctx.app.logger);
      if (claim) await this.release(claim).catch(() => undefined);
      throw error;
    }
  }

  /** A placeholder row holding the idempotency key while the IdP call runs. */
  private async claim(base: NewClient): Promise<string> {
    const { client } = await this.store({ ...base, clientId: `pending:${newId()}`, status: ClientStatus.REGISTERING }, null, null);
    return client.id;
  }

  private async release(claimId: string): Promise<void> {
    await this.ctx.em.fork().nativeDelete(Client, { id: claimId, status: ClientStatus.REGISTERING });
  }

  private async store(data: NewClient & { clientId: string }, clientSecret: string | null, extra: ((client: Client) => void) | null): Promise<IssuedClient> {
    return inTransaction(this.ctx, async (em) => {
      const client = em.create(Client, data);
      if (clientSecret) client.clientSecretSealed = this.ctx.app.secrets.seal(clientSecret, clientSecretContext(client.id));
      extra?.(client);
      return { client, clientSecret };
    });
  }

  /** Everything a registration needs, checked before anything is sent anywhere. */
  private async plan(input: RegisterClientInput, idempotencyKey: string | null): Promise<RegistrationPlan> {
    const { org } = this.ctx.member();
    const em = this.ctx.em;
    const environment = await findEnvironment(em, org, input.environmentId);
    const provider = input.clientProviderId
      ? await findProvider(em, org, input.clientProviderId)
      : await em.findOneOrFail(ClientProvider, environment.defaultProvider.id);
    if ((await em.count(ProviderLink, { environment, provider })) === 0) {
      throw new UserErrors([userError(UserErrorCode.PROVIDER_NOT_LINKED, 'The provider is not linked to this environment', 'clientProviderId')]);
    }
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
    if (idempotencyKey && idempotencyKey.length > 255) check.add(UserErrorCode.TOO_LONG, 'idempotencyKey must be at most 255 characters', 'idempotencyKey');
    if (!check.ok) throw new UserErrors(check.errors);
    return { environment, provider, name, description, metadata };
  }

  /**
   * Records a client that already exists in the IdP, without registering a new one, so that its
   * tokens are recognised and it can be managed where the IdP allows (organization_admin).
   */
  async import(input: ImportClientInput): Promise<Client> {
    const principal = this.ctx.admin();
    const em = this.ctx.em;
    const environment = await findEnvironment(em, principal.org, input.environmentId);
    const provider = await findProvider(em, principal.org, input.clientProviderId);
    if ((await em.count(ProviderLink, { environment, provider })) === 0) {
      throw new UserErrors([userError(UserErrorCode.PROVIDER_NOT_LINKED, 'The provider is not linked to this environment', 'clientProviderId')]);
    }
    if (provider.builtIn) {
      throw new UserErrors([
        userError(UserErrorCode.PROVIDER_OPERATION_UNSUPPORTED, 'The built-in provider issues its clients itself; register one instead', 'clientProviderId'),
      ]);
    }
    const check = new Validator();
    const name = check.name('name', input.name);
    const description = check.description('description', input.description ?? null);
    const clientId = input.clientId.trim();
    if (clientId === '' || clientId.length > 255 || /\s/.test(clientId)) {
      check.add(UserErrorCode.INVALID_VALUE, 'clientId must be the IdP’s client_id: 1 to 255 characters without spaces', 'clientId');
    }
    if (input.clientSecret && input.clientSecret.length > 1024) check.add(UserErrorCode.TOO_LONG, 'clientSecret must be at most 1024 characters', 'clientSecret');
    if (!check.ok) throw new UserErrors(check.errors);
    if ((await em.count(Client, { provider, clientId })) > 0) throw alreadyRegistered();
    const { client } = await this.store(
      { orgId: principal.org, ownerSub: principal.sub, environment, provider, name, description, clientId, redirectUris: [], grantTypes: [], scopes: [] },
      input.clientSecret || null,
      null,
    ).catch((error: unknown) => {
      throw error instanceof UniqueConstraintViolationException ? alreadyRegistered() : error;
    });
    this.forgetTokensOf(provider.id, clientId);
    return client;
  }

  /**
   * With the provider's propagateClientChanges on, the IdP is changed first (a full replace), then
   * the platform; otherwise only the platform, and the answer says so.
   */
  async update(input: UpdateClientInput): Promise<{ client: Client; changedInProvider: boolean }> {
    const em = this.ctx.em;
    const client = await findClient(em, this.scope, input.id);
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
    if (!check.ok) throw new UserErrors(check.errors);
    const provider = client.provider;
    assertActive(client);
    const propagate = !provider.builtIn && provider.propagateClientChanges;
    if (propagate && client.providerMetadata === null) {
      throw new UserErrors([
        userError(
          UserErrorCode.PROVIDER_OPERATION_UNSUPPORTED,
          'This client was imported: its metadata in the identity provider is unknown here, and a full replace would overwrite it. Change it in the IdP, or turn propagateClientChanges off',
          'id',
        ),
      ]);
    }
    let answer: IdpClient | undefined;
    const sent = toRegistrationMetadata({ name, ...metadata });
    if (propagate) {
      const adapter = this.idp.adapter(provider);
      answer = await this.idp.call(() => adapter.update(this.idp.refOf(client), sent), 'id');
    }
    const updated = await inTransaction(this.ctx, async (tx) => {
      const row = await tx.findOneOrFail(Client, client.id);
      Object.assign(row, { name, description, ...metadata });
      if (answer?.clientSecret) row.clientSecretSealed = this.ctx.app.secrets.seal(answer.clientSecret, clientSecretContext(row.id));
      if (answer) this.idp.remember(row, answer, sent);
      return row;
    });
    this.forgetTokensOf(provider.id, client.clientId);
    return { client: updated, changedInProvider: provider.builtIn || propagate };
  }

  /**
   * With allowClientDeletion off, refused. With it on, the platform forgets the client; with
   * propagateClientChanges on too, the IdP deletes it first. An IdP that cannot delete it right now
   * leaves it DELETING, retried with backoff until it is gone.
   */
  async delete(input: DeleteClientInput): Promise<{ deletedId: string; deletedInProvider: boolean }> {
    const client = await findClient(this.ctx.em, this.scope, input.id);
    const provider = client.provider;
    assertActive(client);
    if (!provider.allowClientDeletion) {
      throw new UserErrors([userError(UserErrorCode.CLIENT_DELETION_DISABLED, 'The provider does not allow deleting clients in the platform', 'id')]);
    }
    const propagate = !provider.builtIn && provider.propagateClientChanges;
    // Its tokens stop being vouched for from the cache at once, whatever the IdP says next.
    this.forgetTokensOf(provider.id, client.clientId);
    if (propagate) {
      const adapter = this.idp.adapter(provider);
      try {
        if ((await adapter.delete(this.idp.refOf(client))) === 'gone') this.idp.logGone(client, this.ctx.app.logger);
      } catch (error) {
        if (!(error instanceof ProviderError) || error.code === ProviderErrorCode.PROVIDER_OPERATION_UNSUPPORTED) throw asUserErrors(error, 'id');
        await this.ctx.app.deletions.markDeleting(this.ctx.em, client.id, error);
        throw new UserErrors([
          userError(error.code, `${error.message}. The client is now DELETING; its deletion will be retried until the provider confirms it`, 'id'),
        ]);
      }
    }
    await inTransaction(this.ctx, async (tx) => {
      await tx.nativeDelete(Client, { id: client.id });
    });
    return { deletedId: input.id, deletedInProvider: provider.builtIn || propagate };
  }

  /** A new secret; the previous one stays valid for the configured grace period (no outage). */
  async rotateSecret(input: RotateClientSecretInput): Promise<IssuedClient> {
    const client = await findClient(this.ctx.em, this.scope, input.id);
    assertActive(client);
    this.forgetTokensOf(client.provider.id, client.clientId);
    if (!client.provider.builtIn) {
      const adapter = this.idp.adapter(client.provider);
      const answer = await this.idp.call(() => adapter.rotateSecret(this.idp.refOf(client)), 'id');
      return this.keepNewSecret(client.id, answer.clientSecret, (row) => this.idp.remember(row, answer, row.providerMetadata ?? {}));
    }
    return this.keepNewSecret(client.id, platformCredentials.newClientSecret(), null);
  }

  private async keepNewSecret(id: string, clientSecret: string | null, extra: ((client: Client) => void) | null): Promise<IssuedClient> {
    return inTransaction(this.ctx, async (em) => {
      const client = await em.findOneOrFail(Client, id);
      if (clientSecret) {
        const graceMs = client.provider.builtIn ? this.ctx.app.config.clientSecretRotationGraceSeconds * 1000 : 0;
        client.previousSecretSealed = graceMs > 0 ? client.clientSecretSealed : null;
        client.previousSecretExpiresAt = graceMs > 0 ? new Date(Date.now() + graceMs) : null;
        client.clientSecretSealed = this.ctx.app.secrets.seal(clientSecret, clientSecretContext(client.id));
      }
      extra?.(client);
      return { client, clientSecret };
    });
  }

  /** Token authorization must not vouch for this client's tokens from memory any more. */
  private forgetTokensOf(providerId: string, clientId: string): void {
    this.ctx.app.tokenCache.dropClient(providerId, clientId);
    this.ctx.app.tokenRouting.dropClient(providerId, clientId);
  }

  /** For gateways enforcing client-id policies on the built-in provider's clients. */
  async verifyCredentials(environmentGlobalId: string, clientId: string, clientSecret: string): Promise<boolean> {
    const principal = this.ctx.gatewayOrAdmin();
    const em = this.ctx.em;
    const environmentId = parseGlobalId(environmentGlobalId, 'Environment');
    if (!environmentId || clientId.length > 255 || clientSecret.length > 1024) return false;
    const client = await em.findOne(Client, {
      orgId: principal.org,
      environment: environmentId,
      clientId,
      provider: { builtInOrgId: principal.org },
    });
    if (!client?.clientSecretSealed) return false;
    const context = clientSecretContext(client.id);
    const secrets = this.ctx.app.secrets;
    const current = platformCredentials.secretsEqual(clientSecret, secrets.open(client.clientSecretSealed, context));
    const previousValid = client.previousSecretSealed && client.previousSecretExpiresAt && client.previousSecretExpiresAt > new Date();
    const previous = previousValid
      ? platformCredentials.secretsEqual(clientSecret, secrets.open(client.previousSecretSealed!, context))
      : false;
    return current || previous;
  }

  /** The client an earlier call with this key registered, if the call asked for the same thing. */
  private async replay(idempotencyKey: string, fingerprint: string): Promise<IssuedClient | null> {
    const principal = this.ctx.member();
    const em: EntityManager = this.ctx.em.fork();
    const client = await em.findOne(Client, { orgId: principal.org, ownerSub: principal.sub, idempotencyKey });
    if (!client) return null;
    if (client.idempotencyFingerprint !== fingerprint) {
      throw new UserErrors([
        userError(UserErrorCode.IDEMPOTENCY_KEY_REUSED, 'This idempotencyKey was used for a different registration', 'idempotencyKey'),
      ]);
    }
    if (client.status === ClientStatus.REGISTERING && Date.now() - client.createdAt.getTime() > STALE_CLAIM_MS) {
      // A claim left behind by a crash: give the key back, and say where an orphan may be.
      this.ctx.app.logger.warn({ clientId: client.id, providerId: client.provider.id }, 'released a stale registration claim; the identity provider may hold a client the platform does not know');
      await this.release(client.id);
      return null;
    }
    if (client.status === ClientStatus.REGISTERING) {
      throw new UserErrors([
        userError(UserErrorCode.REGISTRATION_IN_PROGRESS, 'A registration with this idempotencyKey is still under way; retry in a moment', 'idempotencyKey'),
      ]);
    }
    const clientSecret = client.clientSecretSealed ? this.ctx.app.secrets.open(client.clientSecretSealed, clientSecretContext(client.id)) : null;
    return { client, clientSecret };
  }
}

/** Longer than any IdP call may take (timeouts are at most 60 s, with retries). */
export const STALE_CLAIM_MS = 5 * 60_000;

function assertActive(client: Client): void {
  if (client.status === ClientStatus.ACTIVE) return;
  const message =
    client.status === ClientStatus.DELETING
      ? 'The client is being deleted in its identity provider; that is retried until it is done'
      : `The client is ${client.status}; only an ACTIVE client can be changed`;
  throw new UserErrors([userError(UserErrorCode.CLIENT_NOT_ACTIVE, message, 'id')]);
}

const alreadyRegistered = () =>
  new UserErrors([userError(UserErrorCode.CLIENT_ALREADY_REGISTERED, 'This client of the provider is already known to the platform', 'clientId')]);

/** What a registration asked for, normalised, hashed: equal for a retry of the same request only. */
function registrationFingerprint(input: RegisterClientInput): string {
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
