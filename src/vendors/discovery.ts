import { ProviderErrorCode, ProviderError } from '../core/errors.js';

/**
 * OpenID Connect Discovery (RFC 8414) and the trust rules for what it says, with no I/O: the
 * issuer a provider asserts must be the configured one, and a discovered URL is used only on the
 * issuer's own origin, since the registration header and the introspection secret are sent to it
 * (a tampered document must not redirect those).
 */

/** Endpoints found at {issuer}/.well-known/openid-configuration. */
export interface Discovery {
  issuer: string;
  registrationUrl: string | null;
  authorizeUrl: string | null;
  tokenUrl: string | null;
  introspectionUrl: string | null;
  jwksUrl: string | null;
  /** `grant_types_supported`; null when the document does not say (or says it in a form that cannot be read). */
  grantTypesSupported: string[] | null;
}

export type DiscoveredEndpoint = Exclude<keyof Discovery, 'issuer' | 'grantTypesSupported'>;

const MAX_GRANT_TYPES = 50;

export const discoveryUrl = (issuer: string): string => `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;

/**
 * Where an issuer's metadata may be, in the order asked: OpenID Connect Discovery's
 * `{issuer}/.well-known/openid-configuration`, then RFC 8414's `oauth-authorization-server`, in
 * the RFC's form (the well-known segment before the issuer's path) and, for an issuer with a path,
 * in the appended form many IdPs serve (Okta's authorization servers among them).
 */
export function discoveryUrls(issuer: string): string[] {
  const trimmed = issuer.replace(/\/$/, '');
  const urls = [discoveryUrl(issuer)];
  try {
    const { origin, pathname } = new URL(trimmed);
    const path = pathname === '/' ? '' : pathname;
    urls.push(`${origin}/.well-known/oauth-authorization-server${path}`);
    if (path) urls.push(`${trimmed}/.well-known/oauth-authorization-server`);
  } catch {
    // Not a URL: the first address fails as it is, with the IdP client's own message.
  }
  return urls;
}

/** The discovery document's endpoints; a document without an issuer is a broken answer. */
export function parseDiscovery(body: unknown): Discovery {
  const document = (body ?? {}) as Record<string, unknown>;
  if (typeof document.issuer !== 'string') {
    throw new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, 'The discovery document has no issuer');
  }
  const text = (key: string) => (typeof document[key] === 'string' ? (document[key] as string) : null);
  return {
    issuer: document.issuer,
    registrationUrl: text('registration_endpoint'),
    authorizeUrl: text('authorization_endpoint'),
    tokenUrl: text('token_endpoint'),
    introspectionUrl: text('introspection_endpoint'),
    jwksUrl: text('jwks_uri'),
    grantTypesSupported: grantTypes(document.grant_types_supported),
  };
}

function grantTypes(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length > MAX_GRANT_TYPES) return null;
  if (!value.every((grant) => typeof grant === 'string' && grant.length > 0 && grant.length <= 200)) return null;
  return [...new Set(value as string[])];
}

/** Issuers compare equal up to a trailing slash; a missing (or bare "/") issuer equals none. */
export function sameIssuer(a: string | null | undefined, b: string | null | undefined): boolean {
  const canonical = (issuer: string | null | undefined) => (issuer ?? '').replace(/\/$/, '');
  return canonical(a) !== '' && canonical(a) === canonical(b);
}

/** The URL when it is an http(s) URL on the issuer's origin, else null. */
export function onIssuerOrigin(issuer: string | null, url: string | null): string | null {
  if (!issuer || !url || url.length > 2048) return null;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.origin === new URL(issuer).origin ? url : null;
  } catch {
    return null;
  }
}

/**
 * What of a discovery document the platform may use for a provider configured with `issuer`: the
 * endpoints on the issuer's origin (others are null), or why none can be trusted.
 */
export function trustedEndpoints(
  issuer: string | null,
  discovery: Discovery,
): { trusted: true; endpoints: Record<DiscoveredEndpoint, string | null> } | { trusted: false; problem: string } {
  if (!sameIssuer(discovery.issuer, issuer)) {
    return { trusted: false, problem: `The discovery document asserts the issuer ${discovery.issuer.slice(0, 300)}, not ${issuer}` };
  }
  const on = (url: string | null) => onIssuerOrigin(issuer, url);
  return {
    trusted: true,
    endpoints: {
      registrationUrl: on(discovery.registrationUrl),
      authorizeUrl: on(discovery.authorizeUrl),
      tokenUrl: on(discovery.tokenUrl),
      introspectionUrl: on(discovery.introspectionUrl),
      jwksUrl: on(discovery.jwksUrl),
    },
  };
}
