import { createHash } from 'node:crypto';
import { ProviderError, ProviderErrorCode } from '../core/errors.js';
import type { Clock } from '../core/ports.js';
import type { ProviderHttp, ProviderHttpSettings } from './http.js';

/** The client a provider obtains its registration tokens with (client credentials grant, client_secret_basic). */
export interface RegistrationClient {
  tokenUrl: string | null;
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

/** Where an adapter gets the Bearer token for registration and management calls. */
export interface RegistrationTokenSource {
  /** A cached token while it lasts, else a new one (one request shared by concurrent callers). */
  token(): Promise<string>;
  /** A new token in place of `refused` (the IdP answered 401 to it); shared with anyone refreshing the same one. */
  refresh(refused: string): Promise<string>;
}

interface Cached {
  /** The settings the token was obtained with: a change of any of them leaves it unused. */
  fingerprint: string;
  token: Promise<string>;
  /** Until when it is used (ms since the epoch); Infinity while its request is in flight. */
  usableUntil: number;
}

/** How long before `expires_in` a token stops being used: 10 % of its life, at least 30 s (half its life when that is shorter). */
function usableFor(expiresInMs: number): number {
  const margin = Math.max(30_000, expiresInMs / 10);
  return margin < expiresInMs ? expiresInMs - margin : expiresInMs / 2;
}

/**
 * Access tokens for registration and management calls, obtained by the client credentials grant at
 * the provider's token endpoint and kept in memory (never stored) per provider until shortly before
 * they expire. Keyed by provider id, and checked against a digest of the settings they were
 * obtained with; `forget` drops a provider's token when its settings change.
 */
export class RegistrationTokens {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly http: ProviderHttp,
    private readonly clock: Clock,
  ) {}

  source(providerId: string, client: RegistrationClient, settings: ProviderHttpSettings): RegistrationTokenSource {
    const fingerprint = digest(client, settings);
    return {
      token: () => this.current(providerId, fingerprint, client, settings),
      refresh: async (refused) => {
        const cached = this.cache.get(providerId);
        if (cached && cached.fingerprint === fingerprint) {
          const held = await cached.token.catch(() => null);
          // Unless someone refreshed it already, the refused token is dropped and a new one asked for.
          if (held === refused && this.cache.get(providerId) === cached) this.cache.delete(providerId);
        }
        return this.current(providerId, fingerprint, client, settings);
      },
    };
  }

  /** Drops the provider's token (its settings changed, or it was deleted). */
  forget(providerId: string): void {
    this.cache.delete(providerId);
  }

  private current(providerId: string, fingerprint: string, client: RegistrationClient, settings: ProviderHttpSettings): Promise<string> {
    const cached = this.cache.get(providerId);
    if (cached && cached.fingerprint === fingerprint && cached.usableUntil > this.clock()) return cached.token;
    const entry: Cached = { fingerprint, usableUntil: Infinity, token: Promise.resolve('') };
    entry.token = this.obtain(client, settings).then(
      ({ token, expiresInMs }) => {
        if (expiresInMs === null) this.drop(providerId, entry); // no lifetime said: used by the calls waiting for it only
        else entry.usableUntil = this.clock() + usableFor(expiresInMs);
        return token;
      },
      (error: unknown) => {
        this.drop(providerId, entry);
        throw error;
      },
    );
    this.cache.set(providerId, entry);
    return entry.token;
  }

  private drop(providerId: string, entry: Cached): void {
    if (this.cache.get(providerId) === entry) this.cache.delete(providerId);
  }

  private async obtain(client: RegistrationClient, settings: ProviderHttpSettings): Promise<{ token: string; expiresInMs: number | null }> {
    if (!client.tokenUrl) {
      throw new ProviderError(ProviderErrorCode.PROVIDER_OPERATION_UNSUPPORTED, 'The provider has no token URL to obtain a registration token from; set tokenUrl or let discovery find it');
    }
    // RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined.
    const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64');
    let body: unknown;
    try {
      ({ body } = await this.http.call(settings, {
        method: 'POST',
        url: client.tokenUrl,
        what: 'obtaining a registration token',
        headers: { authorization: `Basic ${basic}` },
        form: { grant_type: 'client_credentials', ...(client.scopes.length > 0 ? { scope: client.scopes.join(' ') } : {}) },
        // Asking for a token changes nothing at the IdP: safe to send again after a passing fault.
        idempotent: true,
      }));
    } catch (error) {
      // Whatever befell the token request, the call it was for was not sent: nothing can have been made.
      if (error instanceof ProviderError) error.mayHaveApplied = false;
      // A token endpoint's 400 (invalid_scope, unauthorized_client, unsupported_grant_type…) refuses the client's settings.
      if (error instanceof ProviderError && error.httpStatus === 400 && error.code === ProviderErrorCode.INVALID_CLIENT_METADATA) {
        throw Object.assign(new ProviderError(ProviderErrorCode.PROVIDER_REJECTED_CREDENTIALS, 'The identity provider refused the registration client (HTTP 400)', error.providerDescription), {
          httpStatus: 400,
        });
      }
      throw error;
    }
    const { access_token: token, token_type: type, expires_in: expiresIn } = (body ?? {}) as Record<string, unknown>;
    if (typeof token !== 'string' || token === '' || /[\s]/.test(token)) {
      throw new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, 'The identity provider’s token endpoint answered without a usable access_token');
    }
    if (type !== undefined && (typeof type !== 'string' || type.toLowerCase() !== 'bearer')) {
      throw new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, 'The identity provider’s token endpoint answered a token that is not a Bearer token');
    }
    const seconds = typeof expiresIn === 'number' ? expiresIn : typeof expiresIn === 'string' ? Number(expiresIn) : NaN;
    return { token, expiresInMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null };
  }
}

/** A digest of what a token was obtained with (the secret among it), never the values themselves. */
function digest(client: RegistrationClient, settings: ProviderHttpSettings): string {
  return createHash('sha256')
    .update(JSON.stringify([client.tokenUrl, client.clientId, client.clientSecret, client.scopes, settings.disableServerCertificateValidation]))
    .digest('base64url');
}
