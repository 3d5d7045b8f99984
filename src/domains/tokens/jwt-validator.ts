import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { ClientProvider } from '../../store/entities/client-provider.entity.js';
import type { VendorAdapter } from '../../vendors/adapter.js';
import { ProviderErrorCode, ProviderError } from '../../core/errors.js';
import { trustedEndpoints } from '../../vendors/discovery.js';
import type { Introspection } from './introspection-cache.js';
import type { CacheObserver } from '../../core/ports.js';

const KEYS_TTL_MS = 10 * 60_000;
/** A token signed with a key we have not seen refetches the key set, but not more often than this. */
const REFETCH_MIN_MS = 30_000;
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

interface KeySet {
  fetchedAt: number;
  keys: ReturnType<typeof createLocalJWKSet>;
}

/**
 * Local validation of JWT access tokens (signature, iss, aud, exp required, nbf) against a provider's key
 * set, fetched through the provider's own HTTP settings and kept for ten minutes.
 */
export class JwtValidator {
  private readonly keySets = new Map<string, KeySet>();
  /** Key sets being fetched: concurrent look-ups of one provider share one fetch. */
  private readonly fetching = new Map<string, Promise<KeySet>>();

  constructor(private readonly observe: CacheObserver = () => {}) {}

  async validate(provider: ClientProvider, adapter: VendorAdapter, token: string): Promise<Introspection> {
    const verify = async (keySet: KeySet): Promise<Introspection> => {
      const { payload } = await jwtVerify(token, keySet.keys, {
        issuer: provider.issuer ?? undefined,
        audience: provider.jwtAudience ?? undefined,
        algorithms: ALGORITHMS,
        clockTolerance: 5,
        // jose checks `exp` only when it is there: a token that never expires would be good forever.
        requiredClaims: ['exp'],
      });
      return { active: true, claims: normalise(payload) };
    };
    const keySet = await this.keySet(provider, adapter, false);
    try {
      return await verify(keySet);
    } catch (error) {
      // A key the set does not hold may be a new one: fetch the set again, at most every 30 s.
      if (error instanceof joseErrors.JWKSNoMatchingKey && Date.now() - keySet.fetchedAt > REFETCH_MIN_MS) {
        return verify(await this.keySet(provider, adapter, true)).catch(inactive);
      }
      return inactive(error);
    }
  }

  forget(providerId: string): void {
    this.keySets.delete(providerId);
    this.fetching.delete(providerId); // a fetch under way for the old settings is not kept
  }

  private async keySet(provider: ClientProvider, adapter: VendorAdapter, refresh: boolean): Promise<KeySet> {
    const cached = this.keySets.get(provider.id);
    const fresh = cached !== undefined && !refresh && Date.now() - cached.fetchedAt < KEYS_TTL_MS;
    this.observe('jwks', fresh);
    if (fresh) return cached;
    let pending = this.fetching.get(provider.id);
    if (!pending) {
      const fetched: Promise<KeySet> = this.fetch(provider, adapter)
        .then((keySet) => {
          if (this.fetching.get(provider.id) === fetched) this.keySets.set(provider.id, keySet);
          return keySet;
        })
        .finally(() => {
          if (this.fetching.get(provider.id) === fetched) this.fetching.delete(provider.id);
        });
      this.fetching.set(provider.id, fetched);
      pending = fetched;
    }
    return pending;
  }

  private async fetch(provider: ClientProvider, adapter: VendorAdapter): Promise<KeySet> {
    const url = provider.jwksUrl ?? (await this.discoveredJwksUrl(provider, adapter));
    return { fetchedAt: Date.now(), keys: createLocalJWKSet((await adapter.signingKeys(url)) as never) };
  }

  private async discoveredJwksUrl(provider: ClientProvider, adapter: VendorAdapter): Promise<string> {
    const trust = trustedEndpoints(provider.issuer, await adapter.discover());
    if (!trust.trusted) throw new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, trust.problem);
    if (!trust.endpoints.jwksUrl) throw new ProviderError(ProviderErrorCode.PROVIDER_OPERATION_UNSUPPORTED, 'The provider has no JWKS URL on its issuer’s origin; set jwksUrl');
    return trust.endpoints.jwksUrl;
  }
}

/** A token the keys do not vouch for is inactive; anything else (the IdP failing) is thrown on. */
function inactive(error: unknown): Introspection {
  if (error instanceof joseErrors.JOSEError) return { active: false, claims: {} };
  throw error;
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
