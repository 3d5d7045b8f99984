import { createHash } from 'node:crypto';
import { UniqueConstraintViolationException, type RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Principal } from '../../core/caller.js';
import { UserErrorCode, UserErrors } from '../../core/errors.js';
import { ClientStatus } from '../../core/model.js';
import { hasControlCharacters, Validator } from '../../core/validation.js';
import { ClientProvider } from '../../store/entities/client-provider.entity.js';
import { Client } from '../../store/entities/client.entity.js';
import { DeletedClient } from '../../store/entities/deleted-client.entity.js';
import type { Environment } from '../../store/entities/environment.entity.js';
import { findEnvironment, findProvider } from '../../store/lookups.js';
import { toRegistrationMetadata, type IdpClient } from '../../vendors/adapter.js';
import { platformCredentials } from '../../vendors/platform.js';
import { withEndpoints } from '../client-providers/endpoints.js';
import { assertLinked, callIdp } from '../client-providers/provider-rules.js';
import type { ClientDeps, IssuedClient } from './client-deps.js';
import { checkClientMetadata, type ClientMetadata } from './client-metadata.js';
import { isStaleClaim, releaseClaim } from './registration-claims.js';

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
        return await this.store({ ...base, clientId: platformCredentials.newClientId() }, platformCredentials.newClientSecret(), null);
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
  private async registerInIdp(plan: RegistrationPlan, base: NewClient): Promise<IssuedClient<Client>> {
    const { adapters, idpClients, logger } = this.deps;
    const provider = await withEndpoints(this.em, adapters, plan.provider, 'clientProviderId');
    const adapter = adapters.for(provider);
    const sent = toRegistrationMetadata({ name: plan.name, ...plan.metadata });
    const claim = base.idempotencyKey ? await this.claim(base) : null;
    let registered: IdpClient;
    try {
      registered = await callIdp(() => adapter.register(sent), 'clientProviderId');
    } catch (error) {
      if (claim) await releaseClaim(this.em, claim).catch(() => undefined);
      if (error instanceof UserErrors && error.errors.some((e) => e.code === UserErrorCode.PROVIDER_UNAVAILABLE)) {
        // A time-out or a lost answer may hide a registration the IdP did make.
        logger.warn({ providerId: provider.id, name: plan.name }, 'registration failed on the way; the identity provider may hold a client the platform does not know');
      }
      throw error;
    }
    const keep = (client: Client) => idpClients.remember(client, registered, sent);
    try {
      if (!claim) return await this.store({ ...base, clientId: registered.clientId }, registered.clientSecret, keep);
      return await this.deps.transactions.run(this.em, async ({ em, invalidate }) => {
        const client = await em.findOneOrFail(Client, claim);
        Object.assign(client, { clientId: registered.clientId, status: ClientStatus.ACTIVE });
        if (registered.clientSecret) this.deps.sealed.clientSecret.set(client, registered.clientSecret);
        keep(client);
        invalidate({ kind: 'client', providerId: provider.id, clientId: registered.clientId });
        return { client, clientSecret: registered.clientSecret };
      });
    } catch (error) {
      await idpClients.undoRegistration(adapter, registered, plan.provider);
      if (claim) await releaseClaim(this.em, claim).catch(() => undefined);
      throw error;
    }
  }

  /** A row holding the idempotency key while the IdP call runs; its client_id is not known yet. */
  private async claim(base: NewClient): Promise<string> {
    const { client } = await this.store({ ...base, clientId: null, status: ClientStatus.REGISTERING }, null, null);
    return client.id;
  }

  private async store(data: NewClient, clientSecret: string | null, extra: ((client: Client) => void) | null): Promise<IssuedClient<Client>> {
    return this.deps.transactions.run(this.em, async ({ em, invalidate }) => {
      // On the domain's clock, which also judges when a REGISTERING claim has gone stale.
      const now = new Date(this.deps.clock());
      const client = em.create(Client, { createdAt: now, updatedAt: now, ...data });
      if (clientSecret) this.deps.sealed.clientSecret.set(client, clientSecret);
      extra?.(client);
      const { clientId } = client;
      if (clientId !== null) {
        // A client_id the platform deleted once and now holds again (an import) is no longer refused.
        await em.nativeDelete(DeletedClient, { providerId: client.provider.id, clientId });
        invalidate({ kind: 'client', providerId: client.provider.id, clientId });
      }
      return { client, clientSecret };
    });
  }

  /** Everything a registration needs, checked before anything is sent anywhere. */
  private async plan(input: ClientRegistration, idempotencyKey: string | null): Promise<RegistrationPlan> {
    const em = this.em;
    const environment = await findEnvironment(em, this.caller.org, input.environmentId);
    const provider = input.clientProviderId
      ? await findProvider(em, this.caller.org, input.clientProviderId)
      : await em.findOneOrFail(ClientProvider, environment.defaultProvider.id);
    await assertLinked(em, environment, provider);
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
    if (isStaleClaim(client, this.deps.clock())) {
      // A claim left behind by a crash: give the key back, and say where an orphan may be.
      this.deps.logger.warn({ clientId: client.id, providerId: client.provider.id }, 'released a stale registration claim; the identity provider may hold a client the platform does not know');
      await releaseClaim(this.em, client.id);
      return null;
    }
    if (client.status === ClientStatus.REGISTERING) {
      throw UserErrors.of(UserErrorCode.REGISTRATION_IN_PROGRESS, 'A registration with this idempotencyKey is still under way; retry in a moment', 'idempotencyKey');
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
    const { client } = await this.store(
      { orgId: this.caller.org, ownerSub: this.caller.sub, environment, provider, name, description, clientId, redirectUris: [], grantTypes: [], scopes: [] },
      input.clientSecret || null,
      null,
    ).catch((error: unknown) => {
      throw error instanceof UniqueConstraintViolationException ? alreadyRegistered() : error;
    });
    return client;
  }
}

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
