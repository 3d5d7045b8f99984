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
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 5000;
