import type { EntityManager } from '@mikro-orm/knex';
import type { Principal } from '../../core/caller.js';
import { parseGlobalId } from '../../core/ids.js';
import { ClientStatus, TokenDenial } from '../../core/model.js';
import type { Clock } from '../../core/ports.js';
import { hasControlCharacters } from '../../core/validation.js';
import type { ClientProvider } from '../../store/entities/client-provider.entity.js';
import { Client } from '../../store/entities/client.entity.js';
import { DeletedClient } from '../../store/entities/deleted-client.entity.js';
import { Environment } from '../../store/entities/environment.entity.js';
import { ProviderLink } from '../../store/entities/provider-link.entity.js';
import { CLIENT_FIELDS, findRows, type ClientRow } from '../../store/rows.js';
import { ProviderError } from '../../core/errors.js';
import type { ProviderAdapters } from '../client-providers/provider-adapters.js';
import type { Introspection } from './introspection-cache.js';
import type { KnownClient } from './routing-cache.js';
import type { TokenCaches } from './token-caches.js';
import { canAnswerForTokens, introspects, looksLikeJwt, providersToAsk } from './token-routing.js';

const MAX_TOKEN_LENGTH = 16_384;

/** What the platform knows of a token in an environment, and whether a gateway should let it through. */
export interface TokenVerdict {
  /** Active, unexpired, a registered ACTIVE client of this environment (unless not required), every required scope present. */
  authorized: boolean;
  /** Why not; null when authorized. */
  denial: TokenDenial | null;
  /** What the IdP (or local JWT validation) said. */
  active: boolean;
  /** The registered client the token was issued to, when it is a client of this environment (a row: what it is shown with). */
  client: ClientRow | null;
  clientId: string | null;
  /** The provider that vouched for the token. */
  provider: ClientProvider | null;
  scopes: string[];
  subject: string | null;
  expiresAt: Date | null;
  missingScopes: string[];
  /** The IdP's claims about an active token (RFC 7662 names: iat, iss, token_type …). */
  claims: Record<string, unknown>;
}

export interface AuthorizeOptions {
  requiredScopes: string[];
  /** When false, a token of a client the platform does not know may be authorized (a registered client must still be ACTIVE and of this environment). */
  requireRegisteredClient: boolean;
}

const inactive = (missingScopes: string[]): TokenVerdict => ({
  authorized: false,
  denial: TokenDenial.INACTIVE,
  active: false,
  client: null,
  clientId: null,
  provider: null,
  scopes: [],
  subject: null,
  expiresAt: null,
  missingScopes,
  claims: {},
});

/**
 * Asks the environment's external providers whether a token is active (RFC 7662), through the
 * caches. An IdP that cannot answer is thrown (its ProviderError), never a quiet `active: false`,
 * so the gateway can fail closed.
 */
export class TokenAuthorizer {
  constructor(private readonly deps: { adapters: ProviderAdapters; caches: TokenCaches; clock: Clock }) {}

  /** `em` opens the entity manager, only when a cache cannot answer. */
  async authorize(caller: Principal, em: () => EntityManager, environmentGlobalId: string, token: string, options: AuthorizeOptions): Promise<TokenVerdict> {
    const environmentId = parseGlobalId(environmentGlobalId, 'Environment');
    const required = [...new Set(options.requiredScopes.map((scope) => scope.trim()).filter(Boolean))];
    // Not a token any IdP issued: not sent anywhere.
    if (!environmentId || token.length === 0 || token.length > MAX_TOKEN_LENGTH || hasControlCharacters(token)) return inactive(required);
    const routing = await this.deps.caches.routing.route(caller.org, environmentId, () => loadRouting(em(), caller.org, environmentId));
    if (!routing) return inactive(required);

    let unavailable: ProviderError | undefined;
    let expired: TokenVerdict | undefined;
    for (const provider of providersToAsk(routing.providers, routing.defaultProviderId, token)) {
      let result: Introspection;
      try {
        result = await this.deps.caches.introspection.get(provider.id, token, () => this.introspect(provider, token));
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        unavailable ??= error;
        continue;
      }
      if (!result.active) continue;
      const verdict = await this.judge(em, provider, environmentId, result, required, options.requireRegisteredClient);
      if (verdict.denial !== TokenDenial.EXPIRED) return verdict;
      expired ??= verdict; // another provider may still vouch for it
    }
    if (unavailable) throw unavailable;
    return expired ?? inactive(required);
  }

  /**
   * Locally for a JWT when the provider says so (no IdP round trip), else RFC 7662 introspection.
   * A provider that only validates JWTs cannot vouch for anything else: another token is inactive
   * there, not a failure of the IdP (which would answer the gateway 503 for any string sent).
   */
  private async introspect(provider: ClientProvider, token: string): Promise<Introspection> {
    const adapter = this.deps.adapters.for(provider);
    if (provider.validateJwtLocally && looksLikeJwt(token)) return this.deps.caches.jwt.validate(provider, adapter, token);
    if (!introspects(provider)) return { active: false, claims: {} };
    const claims = await adapter.introspect(token);
    return { active: claims.active === true, claims };
  }

  /** An active token, judged: expired, then its client, then its scopes. */
  private async judge(
    em: () => EntityManager,
    provider: ClientProvider,
    environmentId: string,
    result: Introspection,
    required: string[],
    requireRegisteredClient: boolean,
  ): Promise<TokenVerdict> {
    const { claims } = result;
    const clientId = typeof claims.client_id === 'string' ? claims.client_id : null;
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
    const { client: registered, deleted } = clientId
      ? // One client per request, whoever owns it (gateways see every client's tokens); cached briefly.
        await this.deps.caches.routing.client(provider.id, clientId, () => knownClient(em(), provider, clientId))
      : { client: null, deleted: false };
    const inEnvironment = registered !== null && registered.environment.id === environmentId;
    const missingScopes = required.filter((scope) => !scopes.includes(scope));
    const denial = this.expired(claims)
      ? TokenDenial.EXPIRED
      : (clientDenial(registered, deleted, environmentId, requireRegisteredClient) ?? (missingScopes.length > 0 ? TokenDenial.MISSING_SCOPES : null));
    return {
      authorized: denial === null,
      denial,
      active: true,
      client: inEnvironment ? registered : null,
      clientId,
      provider,
      scopes,
      subject: typeof claims.sub === 'string' ? claims.sub : null,
      expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null,
      missingScopes,
      claims,
    };
  }

  private expired(claims: Record<string, unknown>): boolean {
    return typeof claims.exp === 'number' && claims.exp * 1000 <= this.deps.clock();
  }
}

/** Why the token's client is refused, if it is. */
function clientDenial(registered: ClientRow | null, deleted: boolean, environmentId: string, requireRegisteredClient: boolean): TokenDenial | null {
  // A client the platform deleted is refused whether or not unregistered clients are accepted.
  if (registered === null) return requireRegisteredClient || deleted ? TokenDenial.CLIENT_NOT_REGISTERED : null;
  if (registered.environment.id !== environmentId) return TokenDenial.CLIENT_IN_OTHER_ENVIRONMENT;
  if (registered.status !== ClientStatus.ACTIVE) return TokenDenial.CLIENT_NOT_ACTIVE;
  return null;
}

/**
 * The registered client a token names, or else whether the platform deleted it: one statement each,
 * the second only for unknown clients. A row, not an entity: the routing cache keeps it, and an
 * entity would keep the request's whole entity manager with it (and its sealed secrets).
 */
async function knownClient(em: EntityManager, provider: ClientProvider, clientId: string): Promise<KnownClient> {
  const [client] = await findRows(em, Client, { orgId: provider.orgId, provider: provider.id, clientId }, { fields: CLIENT_FIELDS, limit: 1 });
  if (client) return { client, deleted: false };
  return { client: null, deleted: (await em.count(DeletedClient, { providerId: provider.id, clientId })) > 0 };
}

/** Which providers an environment of the organization asks, or null for an unknown environment. */
async function loadRouting(em: EntityManager, org: string, environmentId: string) {
  const environment = await em.findOne(Environment, { id: environmentId, orgId: org });
  if (!environment) return null;
  const links = await em.find(ProviderLink, { environment: environmentId }, { populate: ['provider'], orderBy: { createdAt: 'asc', id: 'asc' } });
  return { defaultProviderId: environment.defaultProvider.id, providers: links.map((link) => link.provider).filter(canAnswerForTokens) };
}
