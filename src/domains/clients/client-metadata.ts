import { UserErrorCode } from '../../core/errors.js';
import { hasControlCharacters, isScopeToken, type Validator } from '../../core/validation.js';

/** RFC 7591 grant type names a client may ask for. */
const GRANT_TYPES = [
  'authorization_code',
  'client_credentials',
  'refresh_token',
  'implicit',
  'password',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
] as const;
const REDIRECT_GRANTS = new Set(['authorization_code', 'implicit']);
const MAX_ITEMS = 50;

export interface ClientMetadata {
  redirectUris: string[];
  grantTypes: string[];
  scopes: string[];
}

/** Validates the metadata a client will be registered with; returns it normalised (deduplicated). */
export function checkClientMetadata(metadata: ClientMetadata, check: Validator): ClientMetadata {
  const redirectUris = unique(metadata.redirectUris.map((uri) => uri.trim()));
  const grantTypes = unique(metadata.grantTypes.map((grant) => grant.trim()));
  const scopes = unique(metadata.scopes.map((scope) => scope.trim()));

  for (const [field, list] of [['redirectUris', redirectUris], ['grantTypes', grantTypes], ['scopes', scopes]] as const) {
    if (list.length > MAX_ITEMS) check.add(UserErrorCode.TOO_MANY, `${field} may hold at most ${MAX_ITEMS} items`, field);
  }
  for (const uri of redirectUris) {
    const problem = redirectUriProblem(uri);
    if (problem) check.add(UserErrorCode.INVALID_REDIRECT_URI, `Redirect URI "${uri.slice(0, 200)}" ${problem}`, 'redirectUris');
  }
  const unknown = grantTypes.filter((grant) => !(GRANT_TYPES as readonly string[]).includes(grant));
  if (unknown.length > 0) {
    check.add(
      UserErrorCode.INVALID_CLIENT_METADATA,
      `Unknown grant type(s): ${unknown.join(', ').slice(0, 300)}; use ${GRANT_TYPES.join(', ')}`,
      'grantTypes',
    );
  }
  if (grantTypes.length === 0) check.add(UserErrorCode.INVALID_CLIENT_METADATA, 'At least one grant type is required', 'grantTypes');
  if (grantTypes.some((grant) => REDIRECT_GRANTS.has(grant)) && redirectUris.length === 0) {
    check.add(UserErrorCode.INVALID_REDIRECT_URI, 'authorization_code and implicit need at least one redirect URI', 'redirectUris');
  }
  const badScopes = scopes.filter((scope) => !isScopeToken(scope, 200));
  if (badScopes.length > 0) {
    check.add(UserErrorCode.INVALID_CLIENT_METADATA, 'Scopes must be non-empty tokens without spaces, quotes or backslashes', 'scopes');
  }
  return { redirectUris, grantTypes, scopes };
}

/**
 * A grant type the provider's IdP does not list in its grant_types_supported is refused before
 * the IdP is asked; where the IdP has not said (or for the built-in provider), none is.
 */
export function checkGrantsSupported(grantTypes: string[], supported: string[] | null, check: Validator): void {
  if (!supported) return;
  const refused = grantTypes.filter((grant) => !supported.includes(grant));
  if (refused.length > 0) {
    check.add(
      UserErrorCode.GRANT_TYPE_NOT_SUPPORTED,
      `The provider's identity provider does not support ${refused.join(', ').slice(0, 300)}; it supports ${supported.join(', ').slice(0, 500)}`,
      'grantTypes',
    );
  }
}

/** Absolute URI without fragment (RFC 6749 §3.1.2); custom schemes are allowed for native apps. */
function redirectUriProblem(uri: string): string | undefined {
  if (uri.length > 2048) return 'is longer than 2048 characters';
  if (hasControlCharacters(uri)) return 'contains control characters';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'is not an absolute URI';
  }
  if (url.hash) return 'must not have a fragment';
  if (url.protocol === 'javascript:' || url.protocol === 'data:') return 'uses a forbidden scheme';
  return undefined;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
