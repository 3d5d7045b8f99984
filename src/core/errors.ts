/**
 * Every error code callers may see, in one module. Clients branch on these; never rename one.
 * The public sets below derive from these tables: nothing else names a code of its own.
 */

/** The closed set of answers an identity provider's failures map to (vendors/provider-error.ts maps each once). */
export const ProviderErrorCode = {
  INVALID_REDIRECT_URI: 'INVALID_REDIRECT_URI',
  INVALID_CLIENT_METADATA: 'INVALID_CLIENT_METADATA',
  PROVIDER_REJECTED_CREDENTIALS: 'PROVIDER_REJECTED_CREDENTIALS',
  PROVIDER_RATE_LIMITED: 'PROVIDER_RATE_LIMITED',
  PROVIDER_UNAVAILABLE: 'PROVIDER_UNAVAILABLE',
  PROVIDER_TLS_ERROR: 'PROVIDER_TLS_ERROR',
  PROVIDER_OPERATION_UNSUPPORTED: 'PROVIDER_OPERATION_UNSUPPORTED',
  PROVIDER_CLIENT_NOT_FOUND: 'PROVIDER_CLIENT_NOT_FOUND',
  /** The IdP's address is loopback, private, link-local… and not opened by IDP_ALLOWED_NETWORKS. */
  PROVIDER_ADDRESS_NOT_ALLOWED: 'PROVIDER_ADDRESS_NOT_ALLOWED',
} as const;
export type ProviderErrorCode = (typeof ProviderErrorCode)[keyof typeof ProviderErrorCode];

/** An identity provider's failure, with the code it maps to (vendors/provider-error.ts maps each answer once). */
export class ProviderError extends Error {
  override name = 'ProviderError';
  /** For a 429 that said how long to wait (and not too long): when to try again. */
  retryAfterMs?: number;
  /**
   * Whether the IdP may have carried the call out even so (a time-out, a reset, a 5xx, an answer
   * that could not be read): for a side effect, only recovery can tell. False when it certainly did
   * not (a refusal, a connection never made).
   */
  mayHaveApplied = false;
  /** The IdP's HTTP status, when it answered with an error status. */
  httpStatus?: number;
  constructor(
    readonly code: ProviderErrorCode,
    message: string,
    /** The IdP's own error_description, for the person who can fix the configuration. */
    readonly providerDescription?: string,
  ) {
    super(providerDescription ? `${message}: ${providerDescription}` : message);
  }
}

/** Whether a failed IdP side effect may still have happened there (any failure that is not a ProviderError saying otherwise). */
export const mayHaveApplied = (error: unknown): boolean => !(error instanceof ProviderError) || error.mayHaveApplied;

/** Marks a ProviderError as one after which the IdP may have carried the call out. */
export const mayHaveAppliedError = (error: ProviderError): ProviderError => Object.assign(error, { mayHaveApplied: true });

/** The business-rule codes a payload's userErrors may carry: the platform's own, then the IdP's answers as they are. */
export const UserErrorCode = {
  NOT_FOUND: 'NOT_FOUND',
  BLANK: 'BLANK',
  TOO_LONG: 'TOO_LONG',
  TOO_MANY: 'TOO_MANY',
  INVALID_URL: 'INVALID_URL',
  INVALID_VALUE: 'INVALID_VALUE',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  NAME_TAKEN: 'NAME_TAKEN',
  VENDOR_NOT_ALLOWED: 'VENDOR_NOT_ALLOWED',
  PROPAGATION_REQUIRES_DELETION: 'PROPAGATION_REQUIRES_DELETION',
  BUILT_IN_PROVIDER: 'BUILT_IN_PROVIDER',
  PROVIDER_LINKED: 'PROVIDER_LINKED',
  PROVIDER_HAS_CLIENTS: 'PROVIDER_HAS_CLIENTS',
  PROVIDER_IS_DEFAULT: 'PROVIDER_IS_DEFAULT',
  PROVIDER_NOT_LINKED: 'PROVIDER_NOT_LINKED',
  ENVIRONMENT_HAS_CLIENTS: 'ENVIRONMENT_HAS_CLIENTS',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  REGISTRATION_IN_PROGRESS: 'REGISTRATION_IN_PROGRESS',
  /** A registration with this key was interrupted and the IdP cannot be searched: an administrator imports or dismisses the UNRESOLVED client. */
  REGISTRATION_UNRESOLVED: 'REGISTRATION_UNRESOLVED',
  CLIENT_NOT_UNRESOLVED: 'CLIENT_NOT_UNRESOLVED',
  CLIENT_NOT_ACTIVE: 'CLIENT_NOT_ACTIVE',
  CONFLICT: 'CONFLICT',
  CLIENT_ALREADY_REGISTERED: 'CLIENT_ALREADY_REGISTERED',
  CLIENT_DELETION_DISABLED: 'CLIENT_DELETION_DISABLED',
  /** Discovery of the provider's endpoints (on create or update) failed; nothing was saved. */
  DISCOVERY_FAILED: 'DISCOVERY_FAILED',
  /** The provider's IdP does not list the grant type in its grant_types_supported. */
  GRANT_TYPE_NOT_SUPPORTED: 'GRANT_TYPE_NOT_SUPPORTED',
  ...ProviderErrorCode,
} as const;
export type UserErrorCode = (typeof UserErrorCode)[keyof typeof UserErrorCode];

/**
 * Codes of top-level GraphQL errors and refused HTTP requests (extensions.code). Any error without
 * one of these is a fault, and reaches callers as INTERNAL_SERVER_ERROR.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The query is deeper, wider or costlier than the limits allow (extensions.limit names which); nothing ran. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** So many heavy operations already wait for their turn that this one is refused at once (HTTP 503, Retry-After); nothing ran. */
  SERVER_BUSY: 'SERVER_BUSY',
  BAD_REQUEST: 'BAD_REQUEST',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** authorizeToken: no provider could answer; extensions.providerCode says why. */
  PROVIDER_UNAVAILABLE: ProviderErrorCode.PROVIDER_UNAVAILABLE,
  // Apollo Server's own.
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const TOP_LEVEL_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** The code a caller may be shown for an error's extensions.code: itself when public, else INTERNAL_SERVER_ERROR. */
export function publicCode(code: unknown): ErrorCode {
  return typeof code === 'string' && TOP_LEVEL_CODES.has(code) ? (code as ErrorCode) : ErrorCode.INTERNAL_SERVER_ERROR;
}

/** A business rule the input broke. Nothing was changed. */
export interface UserError {
  /** Path to the input field at fault, e.g. ["input", "issuer"]. */
  field: string[] | null;
  message: string;
  code: UserErrorCode;
}

export function userError(code: UserErrorCode, message: string, field?: string): UserError {
  return { code, message, field: field ? ['input', field] : null };
}

/** Thrown inside a service to abort (and roll back) with business-rule errors. */
export class UserErrors extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => e.message).join('; '));
  }

  static of(code: UserErrorCode, message: string, field?: string): UserErrors {
    return new UserErrors([userError(code, message, field)]);
  }
}
