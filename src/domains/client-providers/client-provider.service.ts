import { ProviderReconciliation } from '../../store/entities/provider-reconciliation.entity.js';
import type { EntityManager } from '@mikro-orm/knex';
import type { Principal } from '../../core/caller.js';
import { UserErrorCode, UserErrors } from '../../core/errors.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, IdentityVendor } from '../../core/model.js';
import { isScopeToken, Validator } from '../../core/validation.js';
import { ClientProvider } from '../../store/entities/client-provider.entity.js';
import { Client } from '../../store/entities/client.entity.js';
import type { Environment } from '../../store/entities/environment.entity.js';
import { ProviderLink } from '../../store/entities/provider-link.entity.js';
import { findEnvironment, findProvider } from '../../store/lookups.js';
import type { SealedColumns } from '../../store/sealed-columns.js';
import type { Transactions } from '../../store/transaction.js';
import { AddressPolicy } from '../../vendors/address-policy.js';
import type { BuiltInProviders } from './built-in-providers.js';
import { providerEvent, providerState } from '../audit-events.js';
import { applyDiscovered, discoverSettings, discoversOnSave, updateMayDiscover, type DiscoveredSettings } from './endpoints.js';
import type { ProviderAdapters } from './provider-adapters.js';
import { notLinked } from './provider-rules.js';

const MIN_TIMEOUT_MS = 100;
const MAX_TIMEOUT_MS = 60_000;
const MAX_REGISTRATION_SCOPES = 50;
/** A header value: an auth scheme, one space, then credentials; no line breaks (header injection). */
const AUTHORIZATION_HEADER = /^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]* [\x21-\x7e][\x20-\x7e]*$/;

/** The settings of an external provider; on update every one is optional, and null clears it. */
export interface ProviderSettings {
  description?: string | null;
  issuer?: string | null;
  registrationUrl?: string | null;
  /** Write-only; omitted keeps the stored one. */
  registrationAuthorization?: string | null;
  /** Instead of registrationAuthorization: the client registration tokens are obtained with (client credentials). */
  registrationClientId?: string | null;
  /** Write-only; omitted keeps the stored one. */
  registrationClientSecret?: string | null;
  registrationScopes?: string[] | null;
  authorizeUrl?: string | null;
  tokenUrl?: string | null;
  introspectionUrl?: string | null;
  introspectionClientId?: string | null;
  /** Write-only; omitted keeps the stored one. */
  introspectionClientSecret?: string | null;
  disableServerCertificateValidation?: boolean | null;
  allowClientDeletion?: boolean | null;
  propagateClientChanges?: boolean | null;
  requestTimeoutMs?: number | null;
  validateJwtLocally?: boolean | null;
  jwksUrl?: string | null;
  jwtAudience?: string | null;
  /** Read the issuer's discovery document before saving; default: when one of the shown URLs is missing. */
  discover?: boolean | null;
}

export interface CreateProvider extends ProviderSettings {
  name: string;
  vendor: IdentityVendor;
  issuer: string;
}

export interface UpdateProvider extends ProviderSettings {
  id: string;
  name?: string | null;
}

export interface ProviderLinkChange {
  environmentId: string;
  clientProviderId: string;
  makeDefault?: boolean | null;
}

export interface ClientProviderDeps {
  sealed: SealedColumns;
  builtInProviders: BuiltInProviders;
  transactions: Transactions;
  addresses: AddressPolicy;
  adapters: ProviderAdapters;
}

/** Rules for client providers and their links to environments (organization administrators). */
export class ClientProviderService {
  constructor(
    private readonly caller: Principal,
    private readonly em: EntityManager,
    private readonly deps: ClientProviderDeps,
  ) {}

  async create(input: CreateProvider): Promise<ClientProvider> {
    const { org } = this.caller;
    // Every organization has its built-in provider before any other (it is created on first use),
    // so it lists first and its name is never taken from it.
    await this.deps.builtInProviders.ensure(this.em, org);
    const provider = Object.assign(new ClientProvider(), { orgId: org, vendor: input.vendor });
    const check = new Validator();
    if (input.vendor === IdentityVendor.PLATFORM) {
      check.add(UserErrorCode.VENDOR_NOT_ALLOWED, 'The built-in PLATFORM provider exists already; choose an external vendor', 'vendor');
    }
    applySettings(provider, input, check, this.deps);
    provider.name = check.name('name', input.name);
    if (!provider.issuer) check.add(UserErrorCode.BLANK, 'issuer must not be blank', 'issuer');
    if (!check.ok) throw new UserErrors(check.errors);
    if (discoversOnSave(provider, input, false)) {
      // Refused input never reaches the IdP: the name is checked before (and again in the transaction).
      await assertNameFree(this.em, org, provider.name, provider.id);
      applyDiscovered(provider, await discoverSettings(this.deps.adapters, provider));
    }
    return this.deps.transactions.run(this.em,
      async ({ em, audit }) => {
        await assertNameFree(em, org, provider.name, provider.id);
        em.persist(provider);
        audit(providerEvent(this.caller, 'create', provider, { summary: `Client provider ${provider.name} (${provider.vendor}) created` }, null, providerState(provider)));
        return provider;
      },
      nameTaken,
    );
  }

  async update(input: UpdateProvider): Promise<ClientProvider> {
    const { org } = this.caller;
    // The IdP is asked before the transaction, so no write waits on it.
    const discovered = await this.discoveryForUpdate(input);
    return this.deps.transactions.run(this.em,
      async ({ em, invalidate, audit }) => {
        const provider = await findProvider(em, org, input.id, 'id');
        if (provider.builtIn) throw builtIn('id', 'The built-in provider cannot be changed');
        const before = providerState(provider);
        const previousName = provider.name;
        const destinationsBefore = secretDestinations(provider);
        const check = new Validator();
        applySettings(provider, input, check, this.deps);
        if (input.name !== undefined && input.name !== null) provider.name = check.name('name', input.name);
        if (input.issuer === null || (input.issuer !== undefined && !provider.issuer)) {
          check.add(UserErrorCode.BLANK, 'issuer must not be blank', 'issuer');
        }
        if (discovered) applyDiscovered(provider, discovered);
        assertSecretsStay(destinationsBefore, provider, input, check);
        if (!check.ok) throw new UserErrors(check.errors);
        if (provider.name !== previousName) await assertNameFree(em, org, provider.name, provider.id);
        invalidate({ kind: 'provider', providerId: provider.id });
        audit(providerEvent(this.caller, 'update', provider, { summary: `Client provider ${provider.name} updated` }, before, providerState(provider)));
        return provider;
      },
      nameTaken,
    );
  }

  /**
   * Discovery for an update, with the provider's settings as the update leaves them (applied to a
   * copy that is never saved); none when it is not asked for or the update is refused anyway (the
   * transaction then says why).
   */
  private async discoveryForUpdate(input: UpdateProvider): Promise<DiscoveredSettings | null> {
    if (!updateMayDiscover(input)) return null;
    const provider = await findProvider(this.em.fork(), this.caller.org, input.id, 'id');
    if (provider.builtIn) return null;
    const check = new Validator();
    applySettings(provider, input, check, this.deps);
    if (!check.ok || !discoversOnSave(provider, input, true)) return null;
    return discoverSettings(this.deps.adapters, provider);
  }

  async delete(providerGlobalId: string): Promise<string> {
    const { org } = this.caller;
    await this.deps.transactions.run(this.em, async ({ em, invalidate, audit }) => {
      const provider = await findProvider(em, org, providerGlobalId, 'id');
      if (provider.builtIn) throw builtIn('id', 'The built-in provider cannot be deleted');
      const links = await em.count(ProviderLink, { provider });
      if (links > 0) throw UserErrors.of(UserErrorCode.PROVIDER_LINKED, `The provider is linked to ${links} environment(s); unlink it first`, 'id');
      const clients = await em.count(Client, { provider });
      if (clients > 0) throw UserErrors.of(UserErrorCode.PROVIDER_HAS_CLIENTS, `The provider still has ${clients} client(s); delete them first`, 'id');
      em.remove(provider);
      await em.nativeDelete(ProviderReconciliation, { providerId: provider.id });
      invalidate({ kind: 'provider', providerId: provider.id });
      audit(providerEvent(this.caller, 'delete', provider, { summary: `Client provider ${provider.name} deleted` }, providerState(provider), null));
    });
    return providerGlobalId;
  }

  async link(input: ProviderLinkChange): Promise<Environment> {
    const { org } = this.caller;
    return this.deps.transactions.run(this.em, async ({ em, invalidate, audit }) => {
      const environment = await findEnvironment(em, org, input.environmentId);
      const provider = await findProvider(em, org, input.clientProviderId);
      const linked = await em.count(ProviderLink, { environment, provider });
      if (linked === 0) em.create(ProviderLink, { environment, provider });
      const wasDefault = environment.defaultProvider.id === provider.id;
      if (input.makeDefault) environment.defaultProvider = provider;
      invalidate({ kind: 'routes' });
      const made = [linked === 0 ? 'linked to' : 'already linked to', `environment ${environment.name}`, input.makeDefault && !wasDefault ? 'and made its default' : ''];
      audit(providerEvent(this.caller, 'link', provider, { summary: `Client provider ${provider.name} ${made.join(' ').trim()}` }, null, null, environment.id));
      return environment;
    });
  }

  async unlink(input: ProviderLinkChange): Promise<Environment> {
    const { org } = this.caller;
    return this.deps.transactions.run(this.em, async ({ em, invalidate, audit }) => {
      const environment = await findEnvironment(em, org, input.environmentId);
      const provider = await findProvider(em, org, input.clientProviderId);
      if (provider.builtIn) throw builtIn('clientProviderId', 'The built-in provider is linked to every environment');
      const link = await em.findOne(ProviderLink, { environment, provider });
      if (!link) throw notLinked();
      if (environment.defaultProvider.id === provider.id) {
        throw UserErrors.of(UserErrorCode.PROVIDER_IS_DEFAULT, 'The provider is the environment’s default; make another provider the default first', 'clientProviderId');
      }
      const clients = await em.count(Client, { environment, provider });
      if (clients > 0) {
        throw UserErrors.of(UserErrorCode.PROVIDER_HAS_CLIENTS, `The provider still has ${clients} client(s) in this environment; delete them first`, 'clientProviderId');
      }
      em.remove(link);
      invalidate({ kind: 'routes' });
      audit(providerEvent(this.caller, 'unlink', provider, { summary: `Client provider ${provider.name} unlinked from environment ${environment.name}` }, null, null, environment.id));
      return environment;
    });
  }
}

/** Each stored secret of a provider, and the URLs it is sent to (the issuer's origin where a URL is not set: it is discovered there). */
const SECRET_DESTINATIONS = {
  registrationAuthorization: ['registrationUrl', 'issuer'],
  // The secret goes to the token URL; the token it gets, to the registration URL (Okta's clients API: the issuer's origin).
  registrationClientSecret: ['tokenUrl', 'registrationUrl', 'issuer'],
  introspectionClientSecret: ['introspectionUrl', 'issuer'],
} as const satisfies Record<string, readonly ('issuer' | 'registrationUrl' | 'tokenUrl' | 'introspectionUrl')[]>;
type StoredSecret = keyof typeof SECRET_DESTINATIONS;

/** The origins each secret is sent to, as the provider's URLs stand. */
function secretDestinations(provider: ClientProvider): Record<StoredSecret, string[]> {
  const origin = (url: string | null) => {
    const at = url ?? provider.issuer;
    if (!at) return '';
    try {
      return new URL(at).origin;
    } catch {
      return at; // refused by the checks anyway
    }
  };
  return Object.fromEntries(Object.entries(SECRET_DESTINATIONS).map(([secret, fields]) => [secret, fields.map((field) => origin(provider[field]))])) as Record<StoredSecret, string[]>;
}

/**
 * A stored secret is never sent to an origin it was not sent to before: an update that moves one of
 * its URLs (or the issuer) to another scheme, host or port must give the secret again (or clear
 * it). Otherwise whoever may edit the provider could point it at a server of theirs and receive the
 * Okta API token or client secret, which no one can read back. A new path on the same origin is fine.
 */
function assertSecretsStay(before: Record<StoredSecret, string[]>, provider: ClientProvider, input: ProviderSettings, check: Validator): void {
  if (!check.ok) return; // refused already, for what the URLs hold
  const after = secretDestinations(provider);
  for (const secret of Object.keys(SECRET_DESTINATIONS) as StoredSecret[]) {
    if (provider[`${secret}Sealed`] === null || input[secret] !== undefined) continue; // none kept, or given in this update
    const moved = after[secret].find((origin, i) => origin !== before[secret][i]);
    if (moved !== undefined) {
      check.add(UserErrorCode.BLANK, `${secret} must be given again (or set to null): the stored one is not sent to a new address (${moved.slice(0, 300)})`, secret);
    }
  }
}

/** Validates and applies the settings present in the input; absent ones keep their value. */
function applySettings(provider: ClientProvider, input: ProviderSettings, check: Validator, { sealed, addresses }: ClientProviderDeps): void {
  if (input.description !== undefined) provider.description = check.description('description', input.description);
  for (const field of ['issuer', 'registrationUrl', 'authorizeUrl', 'tokenUrl', 'introspectionUrl', 'jwksUrl'] as const) {
    if (input[field] === undefined) continue;
    const url = check.httpUrl(field, input[field] ?? null);
    provider[field] = url;
    // Host names are checked where they resolve (vendors/http.ts); a literal address can be refused now.
    const refused = url ? addresses.literalRefusal(url) : undefined;
    if (refused) check.add(UserErrorCode.PROVIDER_ADDRESS_NOT_ALLOWED, AddressPolicy.message(refused.address, refused.reason), field);
  }
  if (input.introspectionClientId !== undefined) {
    const clientId = input.introspectionClientId?.trim() || null;
    provider.introspectionClientId = clientId && check.singleLine('introspectionClientId', clientId, 255);
  }
  if (input.registrationAuthorization !== undefined) {
    const value = input.registrationAuthorization?.trim() || null;
    if (value !== null && (value.length > 8192 || !AUTHORIZATION_HEADER.test(value))) {
      check.add(
        UserErrorCode.INVALID_VALUE,
        'registrationAuthorization must be a whole header value such as "Bearer <token>" or "SSWS <token>", on one line',
        'registrationAuthorization',
      );
    }
    sealed.registrationAuthorization.set(provider, value);
  }
  if (input.registrationClientId !== undefined) {
    const clientId = input.registrationClientId?.trim() || null;
    provider.registrationClientId = clientId && check.singleLine('registrationClientId', clientId, 255);
  }
  if (input.registrationClientSecret !== undefined) {
    const value = input.registrationClientSecret || null;
    if (value !== null) check.singleLine('registrationClientSecret', value, 1024);
    sealed.registrationClientSecret.set(provider, value);
  }
  if (input.registrationScopes !== undefined) {
    const scopes = [...new Set(input.registrationScopes ?? [])];
    if (scopes.length > MAX_REGISTRATION_SCOPES) check.add(UserErrorCode.TOO_MANY, `registrationScopes holds at most ${MAX_REGISTRATION_SCOPES} scopes`, 'registrationScopes');
    if (scopes.some((scope) => !isScopeToken(scope, 255))) check.add(UserErrorCode.INVALID_VALUE, 'Each registration scope is 1 to 255 printable characters without spaces, quotes or backslashes', 'registrationScopes');
    provider.registrationScopes = scopes.length > 0 ? scopes : null;
  }
  if (provider.registrationClientSecretSealed && !provider.registrationClientId) {
    check.add(UserErrorCode.BLANK, 'registrationClientId is required with a registration client secret', 'registrationClientId');
  }
  if (provider.registrationClientId && !provider.registrationClientSecretSealed) {
    check.add(UserErrorCode.BLANK, 'registrationClientSecret is required with a registration client id', 'registrationClientSecret');
  }
  if (provider.registrationClientId && provider.registrationAuthorizationSealed) {
    check.add(
      UserErrorCode.INVALID_VALUE,
      'A provider authorizes registrations either with registrationAuthorization or with a registration client (registrationClientId and registrationClientSecret), not both; set the other to null',
      input.registrationAuthorization ? 'registrationAuthorization' : 'registrationClientId',
    );
  }
  if (input.introspectionClientSecret !== undefined) {
    const value = input.introspectionClientSecret || null;
    if (value !== null) check.singleLine('introspectionClientSecret', value, 1024);
    sealed.introspectionClientSecret.set(provider, value);
  }
  if (provider.introspectionClientSecretSealed && !provider.introspectionClientId) {
    check.add(UserErrorCode.BLANK, 'introspectionClientId is required with an introspection client secret', 'introspectionClientId');
  }
  if (input.jwtAudience !== undefined) provider.jwtAudience = check.description('jwtAudience', input.jwtAudience, 2048);
  for (const field of ['disableServerCertificateValidation', 'allowClientDeletion', 'propagateClientChanges', 'validateJwtLocally'] as const) {
    if (input[field] !== undefined && input[field] !== null) provider[field] = input[field];
  }
  if (provider.propagateClientChanges && !provider.allowClientDeletion) {
    check.add(
      UserErrorCode.PROPAGATION_REQUIRES_DELETION,
      'propagateClientChanges can only be on together with allowClientDeletion',
      'propagateClientChanges',
    );
  }
  if (input.requestTimeoutMs !== undefined) {
    provider.requestTimeoutMs = check.integer('requestTimeoutMs', input.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS);
  }
}

async function assertNameFree(em: EntityManager, org: string, name: string, self: string): Promise<void> {
  if ((await em.count(ClientProvider, { orgId: org, name, id: { $ne: self } })) > 0) throw nameTaken();
}

const nameTaken = () => UserErrors.of(UserErrorCode.NAME_TAKEN, 'A client provider with this name already exists', 'name');

const builtIn = (field: string, message: string) => UserErrors.of(UserErrorCode.BUILT_IN_PROVIDER, message, field);
