import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { ClientProvider } from '../client-providers/client-provider.entity.js';
import { sameOriginAs } from '../clients/idp-clients.js';
import type { VendorAdapter } from '../vendors/adapter.js';
import { ProviderError, ProviderErrorCode } from '../vendors/provider-error.js';
import type { Introspection } from './introspection-cache.js';
import type { CacheObserver } from '../server/metrics.js';

const KEYS_TTL_MS = 10 * 60_000;
/** A token signed with a key we have not seen refetches the key set, but not more often than this. */
const REFETCH_MIN_MS = 30_000;
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export const looksLikeJwt = (token: string) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);

interface KeySet {
  fetchedAt: number;
  keys: ReturnType<typeof createLocalJWKSet>;
}

/**
 * Local validation of JWT access tokens (signature, iss, aud, exp, nbf) against a provider's key
 * set, fetched through the provider's own HTTP settings and kept for ten minutes.
 */
export class JwtValidator {
  private readonly keySets = new Map<string, KeySet>();

  constructor(private readonly observe: CacheObserver = () => {}) {}

  async validate(provider: ClientProvider, adapter: VendorAdapter, token: string): Promise<Introspection> {
    let keySet = await this.keySet(provider, adapter, false);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const { payload } = await jwtVerify(token, keySet.keys, {
          issuer: provider.issuer ?? undefined,
          audience: provider.jwtAudience ?? undefined,
          algorithms: ALGORITHMS,
          clockTolerance: 5,
        });
        return { active: true, claims: normalise(payload) };
      } catch (error) {
        if (error instanceof joseErrors.JWKSNoMatchingKey && attempt === 0 && Date.now() - keySet.fetchedAt > REFETCH_MIN_MS) {
          keySet = await this.keySet(provider, adapter, true);
          continue;
        }
        if (error instanceof joseErrors.JOSEError) return { active: false, claims: {} };
        throw error;
      }
    }
    return { active: false, claims: {} };
  }

  forget(providerId: string): void {
    this.keySets.delete(providerId);
  }

  private async keySet(provider: ClientProvider, adapter: VendorAdapter, refresh: boolean): Promise<KeySet> {
    const cached = this.keySets.get(provider.id);
    const fresh = cached !== undefined && !refresh && Date.now() - cached.fetchedAt < KEYS_TTL_MS;
    this.observe('jwks', fresh);
    if (fresh) return cached;
    const url = provider.jwksUrl ?? sameOriginAs(provider.issuer ?? '')((await adapter.discover()).jwksUrl);
    if (!url) throw new ProviderError(ProviderErrorCode.PROVIDER_OPERATION_UNSUPPORTED, 'The provider has no JWKS URL on its issuer’s origin; set jwksUrl');
    const keySet = { fetchedAt: Date.now(), keys: createLocalJWKSet((await adapter.signingKeys(url)) as never) };
    this.keySets.set(provider.id, keySet);
    return keySet;
  }
}

/** Vendors name the client and scopes differently (client_id / cid / azp; scope / scp). */
function normalise(payload: JWTPayload): Record<string, unknown> {
  const { client_id: clientId, cid, azp, scope, scp } = payload as Record<string, unknown>;
  return {
    ...payload,
    client_id: clientId ?? cid ?? azp,
    scope: typeof scope === 'string' ? scope : Array.isArray(scp) ? scp.join(' ') : undefined,
  };
}
