/** Narrow interfaces that lower layers call and higher ones implement. */

/**
 * A change that can change a token verdict, so that every replica drops what it cached about it.
 * Published inside the change's transaction and applied only once it has committed.
 */
export type CacheInvalidation =
  /** A client was registered, imported, changed, rotated, deleted or changed status. */
  | { kind: 'client'; providerId: string; clientId: string }
  /** A provider's settings changed or it was deleted (its answers and keys are dropped). */
  | { kind: 'provider'; providerId: string }
  /** Links between environments and providers, or a default, changed; or an environment was deleted. */
  | { kind: 'routes' };

/** Applies invalidations to this replica's caches. */
export interface InvalidationSink {
  apply(invalidation: CacheInvalidation): void;
}

/** Told about every invalidation applied on this replica, and where it came from. */
export interface InvalidationObserver {
  applied(kind: CacheInvalidation['kind'], source: 'local' | 'notification' | 'feed'): void;
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

/** How an interrupted IdP side effect was resolved by recovery. */
export type IntentOutcome = 'adopted' | 'deleted_in_idp' | 'not_made' | 'unresolved' | 'matched' | 'finished' | 'gone_in_idp' | 'token_refused' | 'refused' | 'failed';

/** Told about every intent that recovery resolved, and about UNRESOLVED clients found. */
export interface IntentObserver {
  recovered(operation: string, outcome: IntentOutcome): void;
}

/**
 * Named points on the way of an IdP side effect where a test can make the process die at once
 * (SIGKILL), to check that a crash there loses nothing. A no-op outside tests.
 */
export type FaultPoints = (point: FaultPoint) => void;

export type FaultPoint = `${'register' | 'update' | 'rotate' | 'delete'}:${'before-idp-call' | 'after-idp-answer' | 'after-store-write'}`;

export const noFaults: FaultPoints = () => undefined;
