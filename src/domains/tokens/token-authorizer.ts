import { GraphQLError } from 'graphql';
import type { ClientProvider } from '../../store/entities/client-provider.entity.js';
import { ClientProviderNode } from '../../graphql/client-providers/client-provider.type.js';
import { Client } from '../../store/entities/client.entity.js';
import { sameIssuer } from '../clients/idp-clients.js';
import { ClientNode } from '../../graphql/clients/client.type.js';
import { parseGlobalId } from '../../core/ids.js';
import type { RequestContext } from '../../graphql/context.js';
import { adapterFor } from '../../vendors/adapters.js';
import { ProviderError } from '../../vendors/provider-error.js';
import type { Introspection } from './introspection-cache.js';
import { looksLikeJwt } from './jwt-validator.js';
import { TokenAuthorization } from '../../graphql/tokens/token.type.js';

const MAX_TOKEN_LENGTH = 16_384;

const inactive = (requiredScopes: string[]): TokenAuthorization =>
  Object.assign(new TokenAuthorization(), { active: false, client: null, clientId: null, clientProvider: null, scopes: [], subject: null, expiresAt: null, missingScopes: requiredScopes });

/**
 * Asks the environment's external providers whether a token is active (RFC 7662), through the
 * cache. A JWT goes to the provider whose issuer matches its (unverified, routing-only) `iss`; an
 * opaque token to the default provider first, then the others. An IdP that cannot answer is an
 * error (PROVIDER_UNAVAILABLE), never a quiet `active: false`, so the gateway can fail closed.
 */
export async function authorizeToken(ctx: RequestContext, environmentGlobalId: string, token: string, requiredScopes: string[]): Promise<TokenAuthorization> {
  const principal = ctx.gatewayOrAdmin();
  const environmentId = parseGlobalId(environmentGlobalId, 'Environment');
  const required = [...new Set(requiredScopes.map((scope) => scope.trim()).filter(Boolean))];
  if (!environmentId || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return inactive(required);
  const routing = await ctx.app.tokenRouting.route(principal.org, environmentId, async () => {
    const loaders = ctx.tokenLoaders();
    const environment = await loaders.environmentById.load(environmentId);
    if (!environment) return null;
    const linked = await loaders.providersByEnvironment.load(environmentId);
    const canAnswer = (p: ClientProvider) => !p.builtIn && (p.validateJwtLocally || (p.introspectionUrl && p.introspectionClientId));
    return { defaultProviderId: environment.defaultProvider.id, providers: linked.filter(canAnswer) };
  });
  if (!routing) return inactive(required);

  let unavailable: ProviderError | undefined;
  for (const provider of route(routing.providers, routing.defaultProviderId, token)) {
    let result: Introspection;
    try {
      result = await ctx.app.tokenCache.get(provider.id, token, () => introspect(ctx, provider, token));
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      unavailable ??= error;
      continue;
    }
    if (result.active && !expired(result)) return describe(ctx, provider, environmentId, result, required);
  }
  if (unavailable) {
    throw new GraphQLError(`The identity provider could not answer: ${unavailable.message}`, {
      extensions: { code: 'PROVIDER_UNAVAILABLE', providerCode: unavailable.code },
    });
  }
  return inactive(required);
}

/** Locally for a JWT when the provider says so (no IdP round trip), else RFC 7662 introspection. */
async function introspect(ctx: RequestContext, provider: ClientProvider, token: string): Promise<Introspection> {
  const adapter = adapterFor(provider, ctx.app.secrets, ctx.app.providerHttp);
  if (provider.validateJwtLocally && looksLikeJwt(token)) return ctx.app.jwtValidator.validate(provider, adapter, token);
  const claims = await adapter.introspect(token);
  return { active: claims.active === true, claims };
}

const expired = (result: Introspection) => typeof result.claims.exp === 'number' && result.claims.exp * 1000 <= Date.now();

/** Which providers to ask, in order. */
function route(providers: ClientProvider[], defaultProviderId: string, token: string): ClientProvider[] {
  const issuer = unverifiedIssuer(token);
  if (issuer) {
    const match = providers.filter((p) => sameIssuer(p.issuer, issuer));
    if (match.length > 0) return match;
  }
  return [...providers].sort((a, b) => Number(b.id === defaultProviderId) - Number(a.id === defaultProviderId));
}

/** The `iss` of a JWT-shaped token, read only to choose where to ask; never trusted. */
function unverifiedIssuer(token: string): string | undefined {
  if (!looksLikeJwt(token)) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof payload.iss === 'string' ? payload.iss : undefined;
  } catch {
    return undefined;
  }
}

async function describe(ctx: RequestContext, provider: ClientProvider, environmentId: string, result: Introspection, required: string[]) {
  const { claims } = result;
  const clientId = typeof claims.client_id === 'string' ? claims.client_id : null;
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
  const client = clientId
    ? // One client per request, whoever owns it (gateways see every client's tokens); cached briefly.
      await ctx.app.tokenRouting.client(provider.id, clientId, () => ctx.em.findOne(Client, { orgId: provider.orgId, provider: provider.id, clientId }))
    : null;
  return Object.assign(new TokenAuthorization(), {
    active: true,
    client: client && client.environment.id === environmentId ? ClientNode.from(client) : null,
    clientId,
    clientProvider: ClientProviderNode.from(provider),
    scopes,
    subject: typeof claims.sub === 'string' ? claims.sub : null,
    expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : null,
    missingScopes: required.filter((scope) => !scopes.includes(scope)),
  });
}

