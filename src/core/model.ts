/** The vocabulary every layer shares: what kind of provider, environment and client status there are. */

export enum IdentityVendor {
  PLATFORM = 'PLATFORM',
  OKTA = 'OKTA',
  OPENAM = 'OPENAM',
  SALESFORCE = 'SALESFORCE',
  GENERIC_OIDC = 'GENERIC_OIDC',
}

export enum EnvironmentType {
  PRODUCTION = 'PRODUCTION',
  SANDBOX = 'SANDBOX',
  DESIGN = 'DESIGN',
}

export enum ClientStatus {
  ACTIVE = 'ACTIVE',
  DELETING = 'DELETING',
  DELETED_IN_PROVIDER = 'DELETED_IN_PROVIDER',
  ORPHANED = 'ORPHANED',
  /** Claimed by a registration whose IdP call is under way. */
  REGISTERING = 'REGISTERING',
  /** A crash left it unknown whether the IdP made it, and the IdP cannot be searched: an administrator imports or dismisses it. */
  UNRESOLVED = 'UNRESOLVED',
}

/** The IdP side effects an intent is written for, before the call. */
export enum IdpOperation {
  REGISTER = 'REGISTER',
  UPDATE = 'UPDATE',
  ROTATE = 'ROTATE',
  DELETE = 'DELETE',
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 5000;

/** Why token authorization says no. */
export enum TokenDenial {
  /** The IdP (or local JWT validation) does not vouch for the token; unknown and malformed tokens too. */
  INACTIVE = 'INACTIVE',
  /** The IdP says active, but its `exp` has passed. */
  EXPIRED = 'EXPIRED',
  /** The token's client is unknown to the platform (never registered here, or deleted). */
  CLIENT_NOT_REGISTERED = 'CLIENT_NOT_REGISTERED',
  /** The client is registered but not ACTIVE (e.g. DELETING). */
  CLIENT_NOT_ACTIVE = 'CLIENT_NOT_ACTIVE',
  /** The client is registered in another environment. */
  CLIENT_IN_OTHER_ENVIRONMENT = 'CLIENT_IN_OTHER_ENVIRONMENT',
  /** A required scope is missing. */
  MISSING_SCOPES = 'MISSING_SCOPES',
}

/** What reconciling a provider's clients with its IdP found, per client (or per IdP client the platform does not know). */
export enum ReconciliationFindingKind {
  /** The IdP no longer knows the client: it is now DELETED_IN_PROVIDER, its tokens refused. */
  GONE_IN_PROVIDER = 'GONE_IN_PROVIDER',
  /** Its metadata in the IdP differs from the platform's (stored and inProvider say how). */
  DRIFT = 'DRIFT',
  SECRET_EXPIRED = 'SECRET_EXPIRED',
  /** The secret expires within the warning window. */
  SECRET_EXPIRING = 'SECRET_EXPIRING',
  /** The IdP could not be asked about this client (unsupported, unreachable). */
  NOT_CHECKED = 'NOT_CHECKED',
  /** A client in the IdP, unknown to the platform, named like one the platform registered there. */
  ORPHAN = 'ORPHAN',
  /** Such a client, deleted in the IdP as the administrator asked. */
  ORPHAN_REMOVED = 'ORPHAN_REMOVED',
}
