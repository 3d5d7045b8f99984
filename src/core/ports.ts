/** Narrow interfaces that lower layers call and higher ones implement. */

/**
 * What token authorization must forget when the store changes. Fired only after the change has
 * committed: before it, a token check in between would cache the old rows again.
 */
export interface TokenCacheEvents {
  /** A client was registered, imported, changed, rotated or deleted. */
  clientChanged(providerId: string, clientId: string): void;
  /** A provider's settings changed or it was deleted (its answers and keys are dropped). */
  providerChanged(providerId: string): void;
  /** Links between environments and providers changed, or an environment was deleted. */
  routesChanged(): void;
}

/** The labels an IdP call is counted under: which provider (its opaque ID) and which vendor. */
export interface ProviderCallLabels {
  provider: string;
  vendor: string;
}

/** Told about every HTTP attempt made to an identity provider. */
export interface ProviderCallObserver {
  observe(labels: ProviderCallLabels | undefined, operation: string, seconds: number, failure: string | undefined): void;
}

/** Told about every look-up in an in-memory cache. */
export type CacheObserver = (cache: 'introspection' | 'token_routing' | 'client_routing' | 'jwks', hit: boolean) => void;

/** Milliseconds since the epoch; tests inject one they can move. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
