import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
};

/** One field a change touched. A secret field says only `set`, `replaced` or null, never a value. */
export type AuditChange = {
  /** The value after, as JSON; null when there is none. */
  after?: Maybe<Scalars['String']['output']>;
  /** The value before, as JSON; null when there was none. */
  before?: Maybe<Scalars['String']['output']>;
  field: Scalars['String']['output'];
};

/** A change made through the API, or a call that changed (or tried to change) something in an IdP. */
export type AuditEvent = {
  /** `<target>.<verb>`, e.g. `client.register`, `client_provider.update`, `client.rotate_secret`. */
  action: Scalars['String']['output'];
  /** The `sub` of the caller, or `system:<pass>` for a background pass (recovery, deletion retries). */
  actor: Scalars['String']['output'];
  changes: Array<AuditChange>;
  /** On a failure, its code (for an IdP call, the IdP’s answer mapped: PROVIDER_UNAVAILABLE …). */
  errorCode?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  occurredAt: Scalars['DateTime']['output'];
  outcome: AuditOutcome;
  summary: Scalars['String']['output'];
  /** The global ID of the environment, provider or client acted on (it may no longer exist). */
  targetId: Scalars['ID']['output'];
};

export type AuditEventConnection = {
  edges: Array<AuditEventEdge>;
  pageInfo: PageInfo;
  /** All items of the list, across pages. */
  totalCount: Scalars['Int']['output'];
};

export type AuditEventEdge = {
  cursor: Scalars['String']['output'];
  node: AuditEvent;
};

export type AuditOutcome =
  | 'FAILURE'
  | 'SUCCESS';

/** A client application registered with a provider in an environment. */
export type Client = Node & {
  /** The client_id as issued by the provider; null only while that is not known (REGISTERING, UNRESOLVED). */
  clientId?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTime']['output'];
  description?: Maybe<Scalars['String']['output']>;
  environment: Environment;
  grantTypes: Array<Scalars['String']['output']>;
  /** Whether a client secret is stored; it is never readable after registration. */
  hasClientSecret: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  /** The identity provider’s last refusal, e.g. while DELETING, or while the secret a rotation replaced cannot be retired there yet. */
  lastProviderError?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  /** Until when the secret replaced by the last rotation is still accepted. */
  previousSecretExpiresAt?: Maybe<Scalars['DateTime']['output']>;
  provider: ClientProvider;
  redirectUris: Array<Scalars['String']['output']>;
  scopes: Array<Scalars['String']['output']>;
  /** When the identity provider says the current secret expires (its client_secret_expires_at); null when it never does or the provider does not say. */
  secretExpiresAt?: Maybe<Scalars['DateTime']['output']>;
  status: ClientStatus;
  /** What the status means for this client and what to do: while UNRESOLVED, what to look for in the identity provider; while ORPHANED, why. */
  statusMessage?: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['DateTime']['output'];
};

export type ClientConnection = {
  edges: Array<ClientEdge>;
  pageInfo: PageInfo;
  /** All items of the list, across pages. */
  totalCount: Scalars['Int']['output'];
};

export type ClientEdge = {
  cursor: Scalars['String']['output'];
  node: Client;
};

export type ClientPayload = {
  /** Whether the identity provider holds the change too; false when the provider’s switches keep changes in the platform. */
  changedInProvider?: Maybe<Scalars['Boolean']['output']>;
  client?: Maybe<Client>;
  userErrors: Array<UserError>;
};

/** Where client applications are registered: the built-in platform provider or an external IdP. */
export type ClientProvider = Node & {
  /** Clients may be deleted in the platform. */
  allowClientDeletion: Scalars['Boolean']['output'];
  authorizeUrl?: Maybe<Scalars['String']['output']>;
  builtIn: Scalars['Boolean']['output'];
  clients: ClientConnection;
  createdAt: Scalars['DateTime']['output'];
  description?: Maybe<Scalars['String']['output']>;
  disableServerCertificateValidation: Scalars['Boolean']['output'];
  /** Environments the provider is linked to. */
  environments: Array<Environment>;
  /** The grant types the IdP supports, as its discovery document says; null when unknown. registerClient and updateClient refuse others. */
  grantTypesSupported?: Maybe<Array<Scalars['String']['output']>>;
  /** Whether an introspection client secret is stored; it is never readable. */
  hasIntrospectionClientSecret: Scalars['Boolean']['output'];
  /** Whether a registration Authorization header is stored; it is never readable. */
  hasRegistrationAuthorization: Scalars['Boolean']['output'];
  /** Whether a registration client secret is stored; it is never readable. */
  hasRegistrationClientSecret: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  introspectionClientId?: Maybe<Scalars['String']['output']>;
  introspectionUrl?: Maybe<Scalars['String']['output']>;
  issuer?: Maybe<Scalars['String']['output']>;
  jwksUrl?: Maybe<Scalars['String']['output']>;
  jwtAudience?: Maybe<Scalars['String']['output']>;
  /** The last reconciliation with the IdP (organization_admin); null before the first. */
  lastReconciliation?: Maybe<ReconciliationReport>;
  name: Scalars['String']['output'];
  /** Updates and deletions also reach the IdP; requires allowClientDeletion. */
  propagateClientChanges: Scalars['Boolean']['output'];
  /** The client registration and management tokens are obtained with (client credentials), instead of a registration Authorization header. */
  registrationClientId?: Maybe<Scalars['String']['output']>;
  /** Scopes asked for with the registration client’s token. */
  registrationScopes: Array<Scalars['String']['output']>;
  registrationUrl?: Maybe<Scalars['String']['output']>;
  requestTimeoutMs: Scalars['Int']['output'];
  tokenUrl?: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['DateTime']['output'];
  /** JWT access tokens are validated against the JWKS locally (signature, iss, aud, exp, nbf). */
  validateJwtLocally: Scalars['Boolean']['output'];
  vendor: IdentityVendor;
};


/** Where client applications are registered: the built-in platform provider or an external IdP. */
export type ClientProviderClientsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type ClientProviderConnection = {
  edges: Array<ClientProviderEdge>;
  pageInfo: PageInfo;
  /** All items of the list, across pages. */
  totalCount: Scalars['Int']['output'];
};

export type ClientProviderEdge = {
  cursor: Scalars['String']['output'];
  node: ClientProvider;
};

export type ClientProviderPayload = {
  clientProvider?: Maybe<ClientProvider>;
  userErrors: Array<UserError>;
};

export type ClientStatus =
  | 'ACTIVE'
  | 'DELETED_IN_PROVIDER'
  | 'DELETING'
  | 'ORPHANED'
  | 'REGISTERING'
  | 'UNRESOLVED';

export type CreateClientProviderInput = {
  /** Default false. */
  allowClientDeletion?: InputMaybe<Scalars['Boolean']['input']>;
  authorizeUrl?: InputMaybe<Scalars['String']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  /** Default false. */
  disableServerCertificateValidation?: InputMaybe<Scalars['Boolean']['input']>;
  /** Read {issuer}/.well-known/openid-configuration (then oauth-authorization-server) before saving and fill the URLs left empty, jwksUrl and grantTypesSupported. Default: when registrationUrl, authorizeUrl, tokenUrl or introspectionUrl is missing, on create and on an update that changes the issuer or a URL. A failure is DISCOVERY_FAILED and nothing is saved. */
  discover?: InputMaybe<Scalars['Boolean']['input']>;
  introspectionClientId?: InputMaybe<Scalars['String']['input']>;
  /** Write-only; omit to keep the stored one, null to remove it. */
  introspectionClientSecret?: InputMaybe<Scalars['String']['input']>;
  introspectionUrl?: InputMaybe<Scalars['String']['input']>;
  issuer: Scalars['String']['input'];
  /** Default: discovered from the issuer. */
  jwksUrl?: InputMaybe<Scalars['String']['input']>;
  /** The aud a locally validated JWT must carry. */
  jwtAudience?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  /** Default false; requires allowClientDeletion. */
  propagateClientChanges?: InputMaybe<Scalars['Boolean']['input']>;
  /** The whole Authorization header value for registration calls, e.g. "SSWS …" or "Bearer …". Write-only; omit to keep the stored one, null to remove it. */
  registrationAuthorization?: InputMaybe<Scalars['String']['input']>;
  /** Instead of registrationAuthorization: the client the platform obtains registration and management tokens with (client credentials grant at tokenUrl, client_secret_basic), sent as Bearer. Null to remove it. */
  registrationClientId?: InputMaybe<Scalars['String']['input']>;
  /** The registration client’s secret. Write-only; omit to keep the stored one, null to remove it. */
  registrationClientSecret?: InputMaybe<Scalars['String']['input']>;
  /** Scopes asked for with the registration client’s token; default none. Null or empty to ask for none. */
  registrationScopes?: InputMaybe<Array<Scalars['String']['input']>>;
  registrationUrl?: InputMaybe<Scalars['String']['input']>;
  /** Default 5000; between 100 and 60000. */
  requestTimeoutMs?: InputMaybe<Scalars['Int']['input']>;
  tokenUrl?: InputMaybe<Scalars['String']['input']>;
  /** Default false: validate JWT access tokens locally against the JWKS. */
  validateJwtLocally?: InputMaybe<Scalars['Boolean']['input']>;
  /** Any vendor but PLATFORM. */
  vendor: IdentityVendor;
};

export type CreateEnvironmentInput = {
  name: Scalars['String']['input'];
  type: EnvironmentType;
};

export type DeleteClientInput = {
  id: Scalars['ID']['input'];
};

export type DeleteClientProviderInput = {
  id: Scalars['ID']['input'];
};

export type DeleteEnvironmentInput = {
  id: Scalars['ID']['input'];
};

export type DeletePayload = {
  /** The ID of what was deleted. */
  deletedId?: Maybe<Scalars['ID']['output']>;
  /** For a client: whether it was deleted in its identity provider too, or only in the platform. */
  deletedInProvider?: Maybe<Scalars['Boolean']['output']>;
  userErrors: Array<UserError>;
};

export type DismissUnresolvedClientInput = {
  id: Scalars['ID']['input'];
};

/** A deployment stage of the organization’s APIs. */
export type Environment = Node & {
  /** Linked providers; the built-in provider always comes first. */
  clientProviders: Array<ClientProvider>;
  clients: ClientConnection;
  createdAt: Scalars['DateTime']['output'];
  /** Where new clients are registered unless another provider is named. */
  defaultClientProvider: ClientProvider;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  type: EnvironmentType;
  updatedAt: Scalars['DateTime']['output'];
};


/** A deployment stage of the organization’s APIs. */
export type EnvironmentClientsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type EnvironmentConnection = {
  edges: Array<EnvironmentEdge>;
  pageInfo: PageInfo;
  /** All items of the list, across pages. */
  totalCount: Scalars['Int']['output'];
};

export type EnvironmentEdge = {
  cursor: Scalars['String']['output'];
  node: Environment;
};

export type EnvironmentPayload = {
  environment?: Maybe<Environment>;
  userErrors: Array<UserError>;
};

export type EnvironmentType =
  | 'DESIGN'
  | 'PRODUCTION'
  | 'SANDBOX';

export type IdentityVendor =
  | 'GENERIC_OIDC'
  | 'OKTA'
  | 'OPENAM'
  | 'PLATFORM'
  | 'SALESFORCE';

export type ImportClientInput = {
  /** The client_id the IdP issued. */
  clientId: Scalars['String']['input'];
  clientProviderId: Scalars['ID']['input'];
  /** Its secret, if the platform should hold it (sealed, write-only). */
  clientSecret?: InputMaybe<Scalars['String']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  environmentId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
  /** An UNRESOLVED client (an interrupted registration) that this IdP client is: it becomes ACTIVE with this clientId, keeping its owner, idempotency key and metadata. */
  resolves?: InputMaybe<Scalars['ID']['input']>;
};

export type LinkClientProviderInput = {
  clientProviderId: Scalars['ID']['input'];
  environmentId: Scalars['ID']['input'];
  /** Also make it the environment’s default provider for new clients. */
  makeDefault?: InputMaybe<Scalars['Boolean']['input']>;
};

export type Mutation = {
  /** Adds an external identity provider (organization_admin). */
  createClientProvider: ClientProviderPayload;
  createEnvironment: EnvironmentPayload;
  deleteClient: DeletePayload;
  /** Refused while the provider is linked or holds clients. */
  deleteClientProvider: DeletePayload;
  /** Refused while clients exist in the environment. */
  deleteEnvironment: DeletePayload;
  /** Forgets an UNRESOLVED client whose registration the IdP turned out not to hold (organization_admin). */
  dismissUnresolvedClient: DeletePayload;
  /** Records a client that already exists in the IdP (organization_admin). */
  importClient: ClientPayload;
  linkClientProvider: EnvironmentPayload;
  /** Reads every client back from the IdP now and reports what differs (organization_admin); the report is also kept on the provider. */
  reconcileClientProvider: ReconcileClientProviderPayload;
  /** The client secret is in this answer only. */
  registerClient: RegisterClientPayload;
  /** Issues a new secret, returned once; the previous one stays valid for a grace period. */
  rotateClientSecret: RegisterClientPayload;
  /** Checks the provider against its IdP, leaving nothing behind (organization_admin). */
  testClientProvider: TestClientProviderPayload;
  /** Refused for the built-in or default provider, or while it has clients there. */
  unlinkClientProvider: EnvironmentPayload;
  updateClient: ClientPayload;
  /** Omitted fields keep their value; an omitted secret keeps the stored one. */
  updateClientProvider: ClientProviderPayload;
  updateEnvironment: EnvironmentPayload;
};


export type MutationCreateClientProviderArgs = {
  input: CreateClientProviderInput;
};


export type MutationCreateEnvironmentArgs = {
  input: CreateEnvironmentInput;
};


export type MutationDeleteClientArgs = {
  input: DeleteClientInput;
};


export type MutationDeleteClientProviderArgs = {
  input: DeleteClientProviderInput;
};


export type MutationDeleteEnvironmentArgs = {
  input: DeleteEnvironmentInput;
};


export type MutationDismissUnresolvedClientArgs = {
  input: DismissUnresolvedClientInput;
};


export type MutationImportClientArgs = {
  input: ImportClientInput;
};


export type MutationLinkClientProviderArgs = {
  input: LinkClientProviderInput;
};


export type MutationReconcileClientProviderArgs = {
  input: ReconcileClientProviderInput;
};


export type MutationRegisterClientArgs = {
  input: RegisterClientInput;
};


export type MutationRotateClientSecretArgs = {
  input: RotateClientSecretInput;
};


export type MutationTestClientProviderArgs = {
  input: TestClientProviderInput;
};


export type MutationUnlinkClientProviderArgs = {
  input: UnlinkClientProviderInput;
};


export type MutationUpdateClientArgs = {
  input: UpdateClientInput;
};


export type MutationUpdateClientProviderArgs = {
  input: UpdateClientProviderInput;
};


export type MutationUpdateEnvironmentArgs = {
  input: UpdateEnvironmentInput;
};

/** An object with an opaque, globally unique ID. */
export type Node = {
  id: Scalars['ID']['output'];
};

export type PageInfo = {
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** One check of a connection test. */
export type ProviderCheck = {
  message?: Maybe<Scalars['String']['output']>;
  /** discovery, registration_authorization or introspection_client. */
  name: Scalars['String']['output'];
  ok: Scalars['Boolean']['output'];
};

export type Query = {
  /** The organization’s audit trail, newest first (organization_admin): every change made through the API and every IdP call that changes something there. */
  auditEvents: AuditEventConnection;
  /** For API gateways enforcing an OAuth 2.0 policy (roles gateway or organization_admin): may this token call APIs in the environment? */
  authorizeToken: TokenAuthorization;
  client?: Maybe<Client>;
  clientProvider?: Maybe<ClientProvider>;
  /** The built-in provider comes first. */
  clientProviders: ClientProviderConnection;
  /** Administrators see every client of the organization; members see their own. */
  clients: ClientConnection;
  environment?: Maybe<Environment>;
  environments: EnvironmentConnection;
  /** Any object by its opaque ID. */
  node?: Maybe<Node>;
  /** For gateways enforcing client-id policies: whether the built-in provider issued this client id and secret in the environment. */
  verifyClientCredentials: Scalars['Boolean']['output'];
};


export type QueryAuditEventsArgs = {
  actor?: InputMaybe<Scalars['String']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  clientId?: InputMaybe<Scalars['ID']['input']>;
  clientProviderId?: InputMaybe<Scalars['ID']['input']>;
  environmentId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryAuthorizeTokenArgs = {
  environmentId: Scalars['ID']['input'];
  requireRegisteredClient?: InputMaybe<Scalars['Boolean']['input']>;
  requiredScopes?: InputMaybe<Array<Scalars['String']['input']>>;
  token: Scalars['String']['input'];
};


export type QueryClientArgs = {
  id: Scalars['ID']['input'];
};


export type QueryClientProviderArgs = {
  id: Scalars['ID']['input'];
};


export type QueryClientProvidersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryClientsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  clientProviderId?: InputMaybe<Scalars['ID']['input']>;
  environmentId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
  secretExpiresBefore?: InputMaybe<Scalars['DateTime']['input']>;
  status?: InputMaybe<Array<ClientStatus>>;
};


export type QueryEnvironmentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryEnvironmentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


export type QueryVerifyClientCredentialsArgs = {
  clientId: Scalars['String']['input'];
  clientSecret: Scalars['String']['input'];
  environmentId: Scalars['ID']['input'];
};

export type ReconcileClientProviderInput = {
  id: Scalars['ID']['input'];
  /** client_ids of ORPHAN findings (from an earlier report) to delete in the identity provider. */
  removeOrphans?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type ReconcileClientProviderPayload = {
  clientProvider?: Maybe<ClientProvider>;
  report?: Maybe<ReconciliationReport>;
  userErrors: Array<UserError>;
};

/** One thing reconciliation found about a client, or about an IdP client the platform does not know. */
export type ReconciliationFinding = {
  /** The platform’s client the finding is about; null for an orphan (or a client deleted since). */
  client?: Maybe<Client>;
  /** The client_id in the identity provider. */
  clientId?: Maybe<Scalars['String']['output']>;
  /** For DRIFT and secret expiry: which field. */
  field?: Maybe<Scalars['String']['output']>;
  /** The value the identity provider holds. */
  inProvider?: Maybe<Scalars['String']['output']>;
  kind: ReconciliationFindingKind;
  message: Scalars['String']['output'];
  name?: Maybe<Scalars['String']['output']>;
  /** The value the platform holds. */
  stored?: Maybe<Scalars['String']['output']>;
};

export type ReconciliationFindingKind =
  | 'DRIFT'
  | 'GONE_IN_PROVIDER'
  | 'NOT_CHECKED'
  | 'ORPHAN'
  | 'ORPHAN_REMOVED'
  | 'SECRET_EXPIRED'
  | 'SECRET_EXPIRING';

/** What the last reconciliation of a provider’s clients with its IdP found. */
export type ReconciliationReport = {
  /** Clients read back from the identity provider. */
  checked: Scalars['Int']['output'];
  drifted: Scalars['Int']['output'];
  findings: Array<ReconciliationFinding>;
  /** Clients gone in the IdP, now DELETED_IN_PROVIDER. */
  goneInProvider: Scalars['Int']['output'];
  /** Clients the IdP could not be asked about (see note and findings). */
  notChecked: Scalars['Int']['output'];
  note?: Maybe<Scalars['String']['output']>;
  orphans: Scalars['Int']['output'];
  orphansRemoved: Scalars['Int']['output'];
  ranAt: Scalars['DateTime']['output'];
  /** Secrets expired or expiring within SECRET_EXPIRY_WARNING_DAYS. */
  secretsExpiring: Scalars['Int']['output'];
  /** More clients than one run reads (RECONCILE_MAX_CLIENTS); the rest wait for the next run. */
  truncated: Scalars['Boolean']['output'];
  unchanged: Scalars['Int']['output'];
};

export type RegisterClientInput = {
  /** Default: the environment’s default provider. */
  clientProviderId?: InputMaybe<Scalars['ID']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  environmentId: Scalars['ID']['input'];
  /** RFC 7591 names. Default: authorization_code when redirect URIs are given, else client_credentials. */
  grantTypes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Retrying with the same key returns the same client (and secret) instead of registering another. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  redirectUris?: InputMaybe<Array<Scalars['String']['input']>>;
  scopes?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type RegisterClientPayload = {
  client?: Maybe<Client>;
  /** The client secret, returned this once; store it now. */
  clientSecret?: Maybe<Scalars['String']['output']>;
  userErrors: Array<UserError>;
};

export type RotateClientSecretInput = {
  id: Scalars['ID']['input'];
};

export type TestClientProviderInput = {
  id: Scalars['ID']['input'];
};

export type TestClientProviderPayload = {
  checks: Array<ProviderCheck>;
  /** Whether every check passed. */
  ok: Scalars['Boolean']['output'];
  userErrors: Array<UserError>;
};

/** What an API gateway needs to decide on a bearer token: act on `authorized`. */
export type TokenAuthorization = {
  /** What the IdP (or local JWT validation) said; not a verdict on its own. */
  active: Scalars['Boolean']['output'];
  /** Whether to let the call through: active, unexpired, issued to a registered ACTIVE client of this environment (unless requireRegisteredClient is false), with every required scope. */
  authorized: Scalars['Boolean']['output'];
  /** The registered client the token was issued to, when known in this environment. */
  client?: Maybe<Client>;
  clientId?: Maybe<Scalars['String']['output']>;
  /** The provider that vouched for the token. */
  clientProvider?: Maybe<ClientProvider>;
  /** Why not; null when authorized. */
  denial?: Maybe<TokenDenial>;
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** Of the required scopes, those the token lacks. */
  missingScopes: Array<Scalars['String']['output']>;
  scopes: Array<Scalars['String']['output']>;
  subject?: Maybe<Scalars['String']['output']>;
};

/** Why a token is not authorized. */
export type TokenDenial =
  /** Its client is registered in another environment. */
  | 'CLIENT_IN_OTHER_ENVIRONMENT'
  /** Its client is registered but not ACTIVE, e.g. DELETING. */
  | 'CLIENT_NOT_ACTIVE'
  /** Its client is unknown to the platform: never registered here, or deleted. */
  | 'CLIENT_NOT_REGISTERED'
  /** The IdP says active, but its exp has passed. */
  | 'EXPIRED'
  /** The IdP (or local JWT validation) does not vouch for it; unknown and malformed tokens too. */
  | 'INACTIVE'
  /** A required scope is missing (see missingScopes). */
  | 'MISSING_SCOPES';

export type UnlinkClientProviderInput = {
  clientProviderId: Scalars['ID']['input'];
  environmentId: Scalars['ID']['input'];
};

export type UpdateClientInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  grantTypes?: InputMaybe<Array<Scalars['String']['input']>>;
  id: Scalars['ID']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
  redirectUris?: InputMaybe<Array<Scalars['String']['input']>>;
  scopes?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type UpdateClientProviderInput = {
  /** Default false. */
  allowClientDeletion?: InputMaybe<Scalars['Boolean']['input']>;
  authorizeUrl?: InputMaybe<Scalars['String']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  /** Default false. */
  disableServerCertificateValidation?: InputMaybe<Scalars['Boolean']['input']>;
  /** Read {issuer}/.well-known/openid-configuration (then oauth-authorization-server) before saving and fill the URLs left empty, jwksUrl and grantTypesSupported. Default: when registrationUrl, authorizeUrl, tokenUrl or introspectionUrl is missing, on create and on an update that changes the issuer or a URL. A failure is DISCOVERY_FAILED and nothing is saved. */
  discover?: InputMaybe<Scalars['Boolean']['input']>;
  id: Scalars['ID']['input'];
  introspectionClientId?: InputMaybe<Scalars['String']['input']>;
  /** Write-only; omit to keep the stored one, null to remove it. */
  introspectionClientSecret?: InputMaybe<Scalars['String']['input']>;
  introspectionUrl?: InputMaybe<Scalars['String']['input']>;
  /** The URL the OpenID provider asserts as its issuer. */
  issuer?: InputMaybe<Scalars['String']['input']>;
  /** Default: discovered from the issuer. */
  jwksUrl?: InputMaybe<Scalars['String']['input']>;
  /** The aud a locally validated JWT must carry. */
  jwtAudience?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  /** Default false; requires allowClientDeletion. */
  propagateClientChanges?: InputMaybe<Scalars['Boolean']['input']>;
  /** The whole Authorization header value for registration calls, e.g. "SSWS …" or "Bearer …". Write-only; omit to keep the stored one, null to remove it. */
  registrationAuthorization?: InputMaybe<Scalars['String']['input']>;
  /** Instead of registrationAuthorization: the client the platform obtains registration and management tokens with (client credentials grant at tokenUrl, client_secret_basic), sent as Bearer. Null to remove it. */
  registrationClientId?: InputMaybe<Scalars['String']['input']>;
  /** The registration client’s secret. Write-only; omit to keep the stored one, null to remove it. */
  registrationClientSecret?: InputMaybe<Scalars['String']['input']>;
  /** Scopes asked for with the registration client’s token; default none. Null or empty to ask for none. */
  registrationScopes?: InputMaybe<Array<Scalars['String']['input']>>;
  registrationUrl?: InputMaybe<Scalars['String']['input']>;
  /** Default 5000; between 100 and 60000. */
  requestTimeoutMs?: InputMaybe<Scalars['Int']['input']>;
  tokenUrl?: InputMaybe<Scalars['String']['input']>;
  /** Default false: validate JWT access tokens locally against the JWKS. */
  validateJwtLocally?: InputMaybe<Scalars['Boolean']['input']>;
};

export type UpdateEnvironmentInput = {
  id: Scalars['ID']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
  type?: InputMaybe<EnvironmentType>;
};

/** A business rule the input broke. Nothing was changed. */
export type UserError = {
  /** Stable machine-readable code, e.g. NAME_TAKEN. */
  code: Scalars['String']['output'];
  /** Path to the input field at fault, e.g. ["input", "issuer"]. */
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

export type AuditEventsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  clientProviderId?: InputMaybe<Scalars['ID']['input']>;
  clientId?: InputMaybe<Scalars['ID']['input']>;
  environmentId?: InputMaybe<Scalars['ID']['input']>;
  actor?: InputMaybe<Scalars['String']['input']>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
}>;


export type AuditEventsQuery = { auditEvents: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor?: string | null, endCursor?: string | null }, edges: Array<{ cursor: string, node: { id: string, occurredAt: string, actor: string, action: string, targetId: string, outcome: AuditOutcome, errorCode?: string | null, summary: string, changes: Array<{ field: string, before?: string | null, after?: string | null }> } }> } };

export type CreateClientProviderMutationVariables = Exact<{
  input: CreateClientProviderInput;
}>;


export type CreateClientProviderMutation = { createClientProvider: { clientProvider?: { id: string, name: string, description?: string | null, vendor: IdentityVendor, builtIn: boolean, issuer?: string | null, registrationUrl?: string | null, hasRegistrationAuthorization: boolean, registrationClientId?: string | null, hasRegistrationClientSecret: boolean, registrationScopes: Array<string>, authorizeUrl?: string | null, tokenUrl?: string | null, introspectionUrl?: string | null, introspectionClientId?: string | null, hasIntrospectionClientSecret: boolean, disableServerCertificateValidation: boolean, allowClientDeletion: boolean, propagateClientChanges: boolean, requestTimeoutMs: number, jwksUrl?: string | null, grantTypesSupported?: Array<string> | null, createdAt: string, updatedAt: string } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code: string }> } };

export type UpdateClientProviderMutationVariables = Exact<{
  input: UpdateClientProviderInput;
}>;


export type UpdateClientProviderMutation = { updateClientProvider: { clientProvider?: { id: string, name: string, description?: string | null, vendor: IdentityVendor, builtIn: boolean, issuer?: string | null, registrationUrl?: string | null, hasRegistrationAuthorization: boolean, registrationClientId?: string | null, hasRegistrationClientSecret: boolean, registrationScopes: Array<string>, authorizeUrl?: string | null, tokenUrl?: string | null, introspectionUrl?: string | null, introspectionClientId?: string | null, hasIntrospectionClientSecret: boolean, disableServerCertificateValidation: boolean, allowClientDeletion: boolean, propagateClientChanges: boolean, requestTimeoutMs: number, jwksUrl?: string | null, grantTypesSupported?: Array<string> | null, createdAt: string, updatedAt: string } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code: string }> } };

export type DeleteClientProviderMutationVariables = Exact<{
  input: DeleteClientProviderInput;
}>;


export type DeleteClientProviderMutation = { deleteClientProvider: { deletedId?: string | null, userErrors: Array<{ field?: Array<string> | null, message: string, code: string }> } };

export type LinkClientProviderMutationVariables = Exact<{
  input: LinkClientProviderInput;
}>;


export type LinkClientProviderMutation = { linkClientProvider: { environment?: { id: string, clientProviders: Array<{ id: string, builtIn: boolean }>, defaultClientProvider: { id: string } } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code: string }> } };

export type UnlinkClientProviderMutationVariables = Exact<{
  input: UnlinkClientProviderInput;
}>;


export type UnlinkClientProviderMutation = { unlinkClientProvider: { environment?: { id: string, clientProviders: Array<{ id: string }>, defaultClientProvider: { id: string } } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code: string }> } };

export type ClientProvidersQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
}>;


export type ClientProvidersQuery = { clientProviders: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor?: string | null, endCursor?: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string, description?: string | null, vendor: IdentityVendor, builtIn: boolean, issuer?: string | null, registrationUrl?: string | null, hasRegistrationAuthorization: boolean, registrationClientId?: string | null, hasRegistrationClientSecret: boolean, registrationScopes: Array<string>, authorizeUrl?: string | null, tokenUrl?: string | null, introspectionUrl?: string | null, introspectionClientId?: string | null, hasIntrospectionClientSecret: boolean, disableServerCertificateValidation: boolean, allowClientDeletion: boolean, propagateClientChanges: boolean, requestTimeoutMs: number, jwksUrl?: string | null, grantTypesSupported?: Array<string> | null, createdAt: string, updatedAt: string } }> } };

export type ClientProviderQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ClientProviderQuery = { clientProvider?: { id: string, name: string, description?: string | null, vendor: IdentityVendor, builtIn: boolean, issuer?: string | null, registrationUrl?: string | null, hasRegistrationAuthorization: boolean, registrationClientId?: string | null, hasRegistrationClientSecret: boolean, registrationScopes: Array<string>, authorizeUrl?: string | null, tokenUrl?: string | null, introspectionUrl?: string | null, introspectionClientId?: string | null, hasIntrospectionClientSecret: boolean, disableServerCertificateValidation: boolean, allowClientDeletion: boolean, propagateClientChanges: boolean, requestTimeoutMs: number, jwksUrl?: string | null, grantTypesSupported?: Array<string> | null, createdAt: string, updatedAt: string, environments: Array<{ id: string }>, clients: { totalCount: number, edges: Array<{ node: { id: string } }> } } | null };

export type TestClientProviderMutationVariables = Exact<{
  input: TestClientProviderInput;
}>;


export type TestClientProviderMutation = { testClientProvider: { ok: boolean, checks: Array<{ name: string, ok: boolean, message?: string | null }>, userErrors: Array<{ field?: Array<string> | null, message: string, code: string }> } };

export type ReconcileClientProviderMutationVariables = Exact<{
  input: ReconcileClientProviderInput;
}>;


export type ReconcileClientProviderMutation = { reconcileClientProvider: { report?: { ranAt: string, checked: number, unchanged: number, goneInProvider: number, drifted: number, secretsExpiring: number, notChecked: number, orphans: number, orphansRemoved: number, truncated: boolean, note?: string | null, findings: Array<{ kind: ReconciliationFindingKind, clientId?: string | null, name?: string | null, field?: string | null, stored?: string | null, inProvider?: string | null, message: string, client?: { id: string, status: ClientStatus } | null }> } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code: string }> } };

export type LastReconciliationQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type LastReconciliationQuery = { clientProvider?: { id: string, lastReconciliation?: { ranAt: string, checked: number, unchanged: number, goneInProvider: number, drifted: number, secretsExpiring: number, notChecked: number, orphans: number, orphansRemoved: number, truncated: boolean, note?: string | null, findings: Array<{ kind: ReconciliationFindingKind, clientId?: string | null, name?: string | null, field?: string | null, stored?: string | null, inProvider?: string | null, message: string, client?: { id: string, status: ClientStatus } | null }> } | null } | null };

export type ReconciliationReportFieldsFragment = { ranAt: string, checked: number, unchanged: number, goneInProvider: number, drifted: number, secretsExpiring: number, notChecked: number, orphans: number, orphansRemoved: number, truncated: boolean, note?: string | null, findings: Array<{ kind: ReconciliationFindingKind, clientId?: string | null, name?: string | null, field?: string | null, stored?: string | null, inProvider?: string | null, message: string, client?: { id: string, status: ClientStatus } | null }> };

export type ClientProviderClientsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
}>;


export type ClientProviderClientsQuery = { clientProvider?: { clients: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor?: string | null, endCursor?: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string } }> } } | null };

export type RegisterClientMutationVariables = Exact<{
  input: RegisterClientInput;
}>;


export type RegisterClientMutation = { registerClient: { clientSecret?: string | null, client?: { id: string, name: string, description?: string | null, clientId?: string | null, redirectUris: Array<string>, grantTypes: Array<string>, scopes: Array<string>, status: ClientStatus, hasClientSecret: boolean, previousSecretExpiresAt?: string | null, secretExpiresAt?: string | null, lastProviderError?: string | null, statusMessage?: string | null, createdAt: string, updatedAt: string, provider: { id: string, builtIn: boolean }, environment: { id: string } } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code: string }> } };

export type UpdateClientMutationVariables = Exact<{
  input: UpdateClientInput;
}>;


export type UpdateClientMutation = { updateClient: { changedInProvider?: boolean | null, client?: { id: string, name: string, description?: string | null, clientId?: string | null, redirectUris: Array<string>, grantTypes: Array<string>, scopes: Array<string>, status: ClientStatus, hasClientSecret: boolean, previousSecretExpiresAt?: string | null, secretExpiresAt?: string | null, lastProviderError?: string | null, statusMessage?: string | null, createdAt: string, updatedAt: string } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code: string }> } };

export type DeleteClientMutationVariables = Exact<{
  input: DeleteClientInput;
}>;


export type DeleteClientMutation = { deleteClient: { deletedId?: string | null, deletedInProvider?: boolean | null, userErrors: Array<{ field?: Array<string> | null, message: string, code: string }> } };

export type RotateClientSecretMutationVariables = Exact<{
  input: RotateClientSecretInput;
}>;


export type RotateClientSecretMutation = { rotateClientSecret: { clientSecret?: string | null, client?: { id: string, name: string, description?: string | null, clientId?: string | null, redirectUris: Array<string>, grantTypes: Array<string>, scopes: Array<string>, status: ClientStatus, hasClientSecret: boolean, previousSecretExpiresAt?: string | null, secretExpiresAt?: string | null, lastProviderError?: string | null, statusMessage?: string | null, createdAt: string, updatedAt: string } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code: string }> } };

export type ClientsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  environmentId?: InputMaybe<Scalars['ID']['input']>;
  clientProviderId?: InputMaybe<Scalars['ID']['input']>;
  status?: InputMaybe<Array<ClientStatus> | ClientStatus>;
  search?: InputMaybe<Scalars['String']['input']>;
  secretExpiresBefore?: InputMaybe<Scalars['DateTime']['input']>;
}>;


export type ClientsQuery = { clients: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor?: string | null, endCursor?: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string, description?: string | null, clientId?: string | null, redirectUris: Array<string>, grantTypes: Array<string>, scopes: Array<string>, status: ClientStatus, hasClientSecret: boolean, previousSecretExpiresAt?: string | null, secretExpiresAt?: string | null, lastProviderError?: string | null, statusMessage?: string | null, createdAt: string, updatedAt: string } }> } };

export type ClientQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ClientQuery = { client?: { id: string, name: string, description?: string | null, clientId?: string | null, redirectUris: Array<string>, grantTypes: Array<string>, scopes: Array<string>, status: ClientStatus, hasClientSecret: boolean, previousSecretExpiresAt?: string | null, secretExpiresAt?: string | null, lastProviderError?: string | null, statusMessage?: string | null, createdAt: string, updatedAt: string, provider: { id: string }, environment: { id: string } } | null };

export type VerifyClientCredentialsQueryVariables = Exact<{
  environmentId: Scalars['ID']['input'];
  clientId: Scalars['String']['input'];
  clientSecret: Scalars['String']['input'];
}>;


export type VerifyClientCredentialsQuery = { verifyClientCredentials: boolean };

export type NodeQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type NodeQuery = { node?: { clientId?: string | null, id: string } | { name: string, id: string } | { name: string, id: string } | null };

export type ImportClientMutationVariables = Exact<{
  input: ImportClientInput;
}>;


export type ImportClientMutation = { importClient: { changedInProvider?: boolean | null, client?: { id: string, name: string, description?: string | null, clientId?: string | null, redirectUris: Array<string>, grantTypes: Array<string>, scopes: Array<string>, status: ClientStatus, hasClientSecret: boolean, previousSecretExpiresAt?: string | null, secretExpiresAt?: string | null, lastProviderError?: string | null, statusMessage?: string | null, createdAt: string, updatedAt: string, provider: { id: string } } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code: string }> } };

export type DismissUnresolvedClientMutationVariables = Exact<{
  input: DismissUnresolvedClientInput;
}>;


export type DismissUnresolvedClientMutation = { dismissUnresolvedClient: { deletedId?: string | null, userErrors: Array<{ field?: Array<string> | null, message: string, code: string }> } };

export type CreateEnvironmentMutationVariables = Exact<{
  input: CreateEnvironmentInput;
}>;


export type CreateEnvironmentMutation = { createEnvironment: { environment?: { id: string, name: string, type: EnvironmentType, createdAt: string, updatedAt: string, clientProviders: Array<{ id: string, builtIn: boolean }>, defaultClientProvider: { id: string, builtIn: boolean } } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code: string }> } };

export type UpdateEnvironmentMutationVariables = Exact<{
  input: UpdateEnvironmentInput;
}>;


export type UpdateEnvironmentMutation = { updateEnvironment: { environment?: { id: string, name: string, type: EnvironmentType, createdAt: string, updatedAt: string } | null, userErrors: Array<{ field?: Array<string> | null, message: string, code: string }> } };

export type DeleteEnvironmentMutationVariables = Exact<{
  input: DeleteEnvironmentInput;
}>;


export type DeleteEnvironmentMutation = { deleteEnvironment: { deletedId?: string | null, userErrors: Array<{ field?: Array<string> | null, message: string, code: string }> } };

export type EnvironmentsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
}>;


export type EnvironmentsQuery = { environments: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor?: string | null, endCursor?: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string, type: EnvironmentType, createdAt: string, updatedAt: string } }> } };

export type EnvironmentQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type EnvironmentQuery = { environment?: { id: string, name: string, type: EnvironmentType, createdAt: string, updatedAt: string, clientProviders: Array<{ id: string, name: string, builtIn: boolean }>, defaultClientProvider: { id: string, builtIn: boolean }, clients: { totalCount: number, edges: Array<{ node: { id: string } }> } } | null };

export type EnvironmentsWithEverythingQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  clientsFirst?: InputMaybe<Scalars['Int']['input']>;
  clientsLast?: InputMaybe<Scalars['Int']['input']>;
  clientsBefore?: InputMaybe<Scalars['String']['input']>;
}>;


export type EnvironmentsWithEverythingQuery = { environments: { totalCount: number, edges: Array<{ node: { id: string, name: string, clientProviders: Array<{ id: string, name: string }>, defaultClientProvider: { id: string, name: string }, clients: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean }, edges: Array<{ node: { id: string, clientId?: string | null } }> } } }> } };

export type EnvironmentClientsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
}>;


export type EnvironmentClientsQuery = { environment?: { clients: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor?: string | null, endCursor?: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string } }> } } | null };

export type UserErrorFieldsFragment = { field?: Array<string> | null, message: string, code: string };

export type EnvironmentFieldsFragment = { id: string, name: string, type: EnvironmentType, createdAt: string, updatedAt: string };

export type ProviderFieldsFragment = { id: string, name: string, description?: string | null, vendor: IdentityVendor, builtIn: boolean, issuer?: string | null, registrationUrl?: string | null, hasRegistrationAuthorization: boolean, registrationClientId?: string | null, hasRegistrationClientSecret: boolean, registrationScopes: Array<string>, authorizeUrl?: string | null, tokenUrl?: string | null, introspectionUrl?: string | null, introspectionClientId?: string | null, hasIntrospectionClientSecret: boolean, disableServerCertificateValidation: boolean, allowClientDeletion: boolean, propagateClientChanges: boolean, requestTimeoutMs: number, jwksUrl?: string | null, grantTypesSupported?: Array<string> | null, createdAt: string, updatedAt: string };

export type ClientFieldsFragment = { id: string, name: string, description?: string | null, clientId?: string | null, redirectUris: Array<string>, grantTypes: Array<string>, scopes: Array<string>, status: ClientStatus, hasClientSecret: boolean, previousSecretExpiresAt?: string | null, secretExpiresAt?: string | null, lastProviderError?: string | null, statusMessage?: string | null, createdAt: string, updatedAt: string };

export type PageInfoFieldsFragment = { hasNextPage: boolean, hasPreviousPage: boolean, startCursor?: string | null, endCursor?: string | null };

export type AuthorizeTokenQueryVariables = Exact<{
  environmentId: Scalars['ID']['input'];
  token: Scalars['String']['input'];
  requiredScopes?: InputMaybe<Array<Scalars['String']['input']> | Scalars['String']['input']>;
  requireRegisteredClient?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type AuthorizeTokenQuery = { authorizeToken: { authorized: boolean, denial?: TokenDenial | null, active: boolean, clientId?: string | null, scopes: Array<string>, subject?: string | null, expiresAt?: string | null, missingScopes: Array<string>, client?: { id: string, clientId?: string | null, status: ClientStatus } | null, clientProvider?: { id: string } | null } };

export const ReconciliationReportFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReconciliationReportFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReconciliationReport"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ranAt"}},{"kind":"Field","name":{"kind":"Name","value":"checked"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"goneInProvider"}},{"kind":"Field","name":{"kind":"Name","value":"drifted"}},{"kind":"Field","name":{"kind":"Name","value":"secretsExpiring"}},{"kind":"Field","name":{"kind":"Name","value":"notChecked"}},{"kind":"Field","name":{"kind":"Name","value":"orphans"}},{"kind":"Field","name":{"kind":"Name","value":"orphansRemoved"}},{"kind":"Field","name":{"kind":"Name","value":"truncated"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"findings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"stored"}},{"kind":"Field","name":{"kind":"Name","value":"inProvider"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<ReconciliationReportFieldsFragment, unknown>;
export const UserErrorFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<UserErrorFieldsFragment, unknown>;
export const EnvironmentFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EnvironmentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Environment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<EnvironmentFieldsFragment, unknown>;
export const ProviderFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProviderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClientProvider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"builtIn"}},{"kind":"Field","name":{"kind":"Name","value":"issuer"}},{"kind":"Field","name":{"kind":"Name","value":"registrationUrl"}},{"kind":"Field","name":{"kind":"Name","value":"hasRegistrationAuthorization"}},{"kind":"Field","name":{"kind":"Name","value":"registrationClientId"}},{"kind":"Field","name":{"kind":"Name","value":"hasRegistrationClientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"registrationScopes"}},{"kind":"Field","name":{"kind":"Name","value":"authorizeUrl"}},{"kind":"Field","name":{"kind":"Name","value":"tokenUrl"}},{"kind":"Field","name":{"kind":"Name","value":"introspectionUrl"}},{"kind":"Field","name":{"kind":"Name","value":"introspectionClientId"}},{"kind":"Field","name":{"kind":"Name","value":"hasIntrospectionClientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"disableServerCertificateValidation"}},{"kind":"Field","name":{"kind":"Name","value":"allowClientDeletion"}},{"kind":"Field","name":{"kind":"Name","value":"propagateClientChanges"}},{"kind":"Field","name":{"kind":"Name","value":"requestTimeoutMs"}},{"kind":"Field","name":{"kind":"Name","value":"jwksUrl"}},{"kind":"Field","name":{"kind":"Name","value":"grantTypesSupported"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ProviderFieldsFragment, unknown>;
export const ClientFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ClientFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Client"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"redirectUris"}},{"kind":"Field","name":{"kind":"Name","value":"grantTypes"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"hasClientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"previousSecretExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"secretExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastProviderError"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ClientFieldsFragment, unknown>;
export const PageInfoFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageInfoFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]} as unknown as DocumentNode<PageInfoFieldsFragment, unknown>;
export const AuditEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientProviderId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"environmentId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"actor"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"since"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}},{"kind":"Argument","name":{"kind":"Name","value":"clientProviderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientProviderId"}}},{"kind":"Argument","name":{"kind":"Name","value":"clientId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}}},{"kind":"Argument","name":{"kind":"Name","value":"environmentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"environmentId"}}},{"kind":"Argument","name":{"kind":"Name","value":"actor"},"value":{"kind":"Variable","name":{"kind":"Name","value":"actor"}}},{"kind":"Argument","name":{"kind":"Name","value":"since"},"value":{"kind":"Variable","name":{"kind":"Name","value":"since"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"action"}},{"kind":"Field","name":{"kind":"Name","value":"targetId"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"changes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"before"}},{"kind":"Field","name":{"kind":"Name","value":"after"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AuditEventsQuery, AuditEventsQueryVariables>;
export const CreateClientProviderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateClientProvider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateClientProviderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createClientProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientProvider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProviderFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProviderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClientProvider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"builtIn"}},{"kind":"Field","name":{"kind":"Name","value":"issuer"}},{"kind":"Field","name":{"kind":"Name","value":"registrationUrl"}},{"kind":"Field","name":{"kind":"Name","value":"hasRegistrationAuthorization"}},{"kind":"Field","name":{"kind":"Name","value":"registrationClientId"}},{"kind":"Field","name":{"kind":"Name","value":"hasRegistrationClientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"registrationScopes"}},{"kind":"Field","name":{"kind":"Name","value":"authorizeUrl"}},{"kind":"Field","name":{"kind":"Name","value":"tokenUrl"}},{"kind":"Field","name":{"kind":"Name","value":"introspectionUrl"}},{"kind":"Field","name":{"kind":"Name","value":"introspectionClientId"}},{"kind":"Field","name":{"kind":"Name","value":"hasIntrospectionClientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"disableServerCertificateValidation"}},{"kind":"Field","name":{"kind":"Name","value":"allowClientDeletion"}},{"kind":"Field","name":{"kind":"Name","value":"propagateClientChanges"}},{"kind":"Field","name":{"kind":"Name","value":"requestTimeoutMs"}},{"kind":"Field","name":{"kind":"Name","value":"jwksUrl"}},{"kind":"Field","name":{"kind":"Name","value":"grantTypesSupported"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<CreateClientProviderMutation, CreateClientProviderMutationVariables>;
export const UpdateClientProviderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateClientProvider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateClientProviderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateClientProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientProvider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProviderFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProviderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClientProvider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"builtIn"}},{"kind":"Field","name":{"kind":"Name","value":"issuer"}},{"kind":"Field","name":{"kind":"Name","value":"registrationUrl"}},{"kind":"Field","name":{"kind":"Name","value":"hasRegistrationAuthorization"}},{"kind":"Field","name":{"kind":"Name","value":"registrationClientId"}},{"kind":"Field","name":{"kind":"Name","value":"hasRegistrationClientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"registrationScopes"}},{"kind":"Field","name":{"kind":"Name","value":"authorizeUrl"}},{"kind":"Field","name":{"kind":"Name","value":"tokenUrl"}},{"kind":"Field","name":{"kind":"Name","value":"introspectionUrl"}},{"kind":"Field","name":{"kind":"Name","value":"introspectionClientId"}},{"kind":"Field","name":{"kind":"Name","value":"hasIntrospectionClientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"disableServerCertificateValidation"}},{"kind":"Field","name":{"kind":"Name","value":"allowClientDeletion"}},{"kind":"Field","name":{"kind":"Name","value":"propagateClientChanges"}},{"kind":"Field","name":{"kind":"Name","value":"requestTimeoutMs"}},{"kind":"Field","name":{"kind":"Name","value":"jwksUrl"}},{"kind":"Field","name":{"kind":"Name","value":"grantTypesSupported"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<UpdateClientProviderMutation, UpdateClientProviderMutationVariables>;
export const DeleteClientProviderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteClientProvider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteClientProviderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteClientProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<DeleteClientProviderMutation, DeleteClientProviderMutationVariables>;
export const LinkClientProviderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"LinkClientProvider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LinkClientProviderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"linkClientProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"environment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"clientProviders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"builtIn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"defaultClientProvider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<LinkClientProviderMutation, LinkClientProviderMutationVariables>;
export const UnlinkClientProviderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UnlinkClientProvider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UnlinkClientProviderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unlinkClientProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"environment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"clientProviders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"defaultClientProvider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<UnlinkClientProviderMutation, UnlinkClientProviderMutationVariables>;
export const ClientProvidersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ClientProviders"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientProviders"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageInfoFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProviderFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageInfoFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProviderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClientProvider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"builtIn"}},{"kind":"Field","name":{"kind":"Name","value":"issuer"}},{"kind":"Field","name":{"kind":"Name","value":"registrationUrl"}},{"kind":"Field","name":{"kind":"Name","value":"hasRegistrationAuthorization"}},{"kind":"Field","name":{"kind":"Name","value":"registrationClientId"}},{"kind":"Field","name":{"kind":"Name","value":"hasRegistrationClientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"registrationScopes"}},{"kind":"Field","name":{"kind":"Name","value":"authorizeUrl"}},{"kind":"Field","name":{"kind":"Name","value":"tokenUrl"}},{"kind":"Field","name":{"kind":"Name","value":"introspectionUrl"}},{"kind":"Field","name":{"kind":"Name","value":"introspectionClientId"}},{"kind":"Field","name":{"kind":"Name","value":"hasIntrospectionClientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"disableServerCertificateValidation"}},{"kind":"Field","name":{"kind":"Name","value":"allowClientDeletion"}},{"kind":"Field","name":{"kind":"Name","value":"propagateClientChanges"}},{"kind":"Field","name":{"kind":"Name","value":"requestTimeoutMs"}},{"kind":"Field","name":{"kind":"Name","value":"jwksUrl"}},{"kind":"Field","name":{"kind":"Name","value":"grantTypesSupported"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ClientProvidersQuery, ClientProvidersQueryVariables>;
export const ClientProviderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ClientProvider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProviderFields"}},{"kind":"Field","name":{"kind":"Name","value":"environments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"clients"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProviderFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClientProvider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"builtIn"}},{"kind":"Field","name":{"kind":"Name","value":"issuer"}},{"kind":"Field","name":{"kind":"Name","value":"registrationUrl"}},{"kind":"Field","name":{"kind":"Name","value":"hasRegistrationAuthorization"}},{"kind":"Field","name":{"kind":"Name","value":"registrationClientId"}},{"kind":"Field","name":{"kind":"Name","value":"hasRegistrationClientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"registrationScopes"}},{"kind":"Field","name":{"kind":"Name","value":"authorizeUrl"}},{"kind":"Field","name":{"kind":"Name","value":"tokenUrl"}},{"kind":"Field","name":{"kind":"Name","value":"introspectionUrl"}},{"kind":"Field","name":{"kind":"Name","value":"introspectionClientId"}},{"kind":"Field","name":{"kind":"Name","value":"hasIntrospectionClientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"disableServerCertificateValidation"}},{"kind":"Field","name":{"kind":"Name","value":"allowClientDeletion"}},{"kind":"Field","name":{"kind":"Name","value":"propagateClientChanges"}},{"kind":"Field","name":{"kind":"Name","value":"requestTimeoutMs"}},{"kind":"Field","name":{"kind":"Name","value":"jwksUrl"}},{"kind":"Field","name":{"kind":"Name","value":"grantTypesSupported"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ClientProviderQuery, ClientProviderQueryVariables>;
export const TestClientProviderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TestClientProvider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TestClientProviderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"testClientProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"checks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<TestClientProviderMutation, TestClientProviderMutationVariables>;
export const ReconcileClientProviderDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReconcileClientProvider"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReconcileClientProviderInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reconcileClientProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReconciliationReportFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReconciliationReportFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReconciliationReport"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ranAt"}},{"kind":"Field","name":{"kind":"Name","value":"checked"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"goneInProvider"}},{"kind":"Field","name":{"kind":"Name","value":"drifted"}},{"kind":"Field","name":{"kind":"Name","value":"secretsExpiring"}},{"kind":"Field","name":{"kind":"Name","value":"notChecked"}},{"kind":"Field","name":{"kind":"Name","value":"orphans"}},{"kind":"Field","name":{"kind":"Name","value":"orphansRemoved"}},{"kind":"Field","name":{"kind":"Name","value":"truncated"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"findings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"stored"}},{"kind":"Field","name":{"kind":"Name","value":"inProvider"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<ReconcileClientProviderMutation, ReconcileClientProviderMutationVariables>;
export const LastReconciliationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LastReconciliation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"lastReconciliation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ReconciliationReportFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ReconciliationReportFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReconciliationReport"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ranAt"}},{"kind":"Field","name":{"kind":"Name","value":"checked"}},{"kind":"Field","name":{"kind":"Name","value":"unchanged"}},{"kind":"Field","name":{"kind":"Name","value":"goneInProvider"}},{"kind":"Field","name":{"kind":"Name","value":"drifted"}},{"kind":"Field","name":{"kind":"Name","value":"secretsExpiring"}},{"kind":"Field","name":{"kind":"Name","value":"notChecked"}},{"kind":"Field","name":{"kind":"Name","value":"orphans"}},{"kind":"Field","name":{"kind":"Name","value":"orphansRemoved"}},{"kind":"Field","name":{"kind":"Name","value":"truncated"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"findings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"stored"}},{"kind":"Field","name":{"kind":"Name","value":"inProvider"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<LastReconciliationQuery, LastReconciliationQueryVariables>;
export const ClientProviderClientsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ClientProviderClients"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientProvider"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clients"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageInfoFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageInfoFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]} as unknown as DocumentNode<ClientProviderClientsQuery, ClientProviderClientsQueryVariables>;
export const RegisterClientDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegisterClient"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterClientInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerClient"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ClientFields"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"builtIn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"environment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"clientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ClientFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Client"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"redirectUris"}},{"kind":"Field","name":{"kind":"Name","value":"grantTypes"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"hasClientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"previousSecretExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"secretExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastProviderError"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<RegisterClientMutation, RegisterClientMutationVariables>;
export const UpdateClientDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateClient"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateClientInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateClient"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ClientFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"changedInProvider"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ClientFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Client"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"redirectUris"}},{"kind":"Field","name":{"kind":"Name","value":"grantTypes"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"hasClientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"previousSecretExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"secretExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastProviderError"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<UpdateClientMutation, UpdateClientMutationVariables>;
export const DeleteClientDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteClient"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteClientInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteClient"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedId"}},{"kind":"Field","name":{"kind":"Name","value":"deletedInProvider"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<DeleteClientMutation, DeleteClientMutationVariables>;
export const RotateClientSecretDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RotateClientSecret"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RotateClientSecretInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rotateClientSecret"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ClientFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"clientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ClientFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Client"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"redirectUris"}},{"kind":"Field","name":{"kind":"Name","value":"grantTypes"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"hasClientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"previousSecretExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"secretExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastProviderError"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<RotateClientSecretMutation, RotateClientSecretMutationVariables>;
export const ClientsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Clients"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"environmentId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientProviderId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ClientStatus"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"secretExpiresBefore"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clients"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}},{"kind":"Argument","name":{"kind":"Name","value":"environmentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"environmentId"}}},{"kind":"Argument","name":{"kind":"Name","value":"clientProviderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientProviderId"}}},{"kind":"Argument","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}},{"kind":"Argument","name":{"kind":"Name","value":"secretExpiresBefore"},"value":{"kind":"Variable","name":{"kind":"Name","value":"secretExpiresBefore"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageInfoFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ClientFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageInfoFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ClientFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Client"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"redirectUris"}},{"kind":"Field","name":{"kind":"Name","value":"grantTypes"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"hasClientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"previousSecretExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"secretExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastProviderError"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ClientsQuery, ClientsQueryVariables>;
export const ClientDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Client"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"client"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ClientFields"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"environment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ClientFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Client"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"redirectUris"}},{"kind":"Field","name":{"kind":"Name","value":"grantTypes"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"hasClientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"previousSecretExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"secretExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastProviderError"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<ClientQuery, ClientQueryVariables>;
export const VerifyClientCredentialsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VerifyClientCredentials"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"environmentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientSecret"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"verifyClientCredentials"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"environmentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"environmentId"}}},{"kind":"Argument","name":{"kind":"Name","value":"clientId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientId"}}},{"kind":"Argument","name":{"kind":"Name","value":"clientSecret"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientSecret"}}}]}]}}]} as unknown as DocumentNode<VerifyClientCredentialsQuery, VerifyClientCredentialsQueryVariables>;
export const NodeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Node"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Environment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClientProvider"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Client"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientId"}}]}}]}}]}}]} as unknown as DocumentNode<NodeQuery, NodeQueryVariables>;
export const ImportClientDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ImportClient"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ImportClientInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"importClient"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ClientFields"}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"changedInProvider"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ClientFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Client"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"redirectUris"}},{"kind":"Field","name":{"kind":"Name","value":"grantTypes"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"hasClientSecret"}},{"kind":"Field","name":{"kind":"Name","value":"previousSecretExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"secretExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastProviderError"}},{"kind":"Field","name":{"kind":"Name","value":"statusMessage"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<ImportClientMutation, ImportClientMutationVariables>;
export const DismissUnresolvedClientDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DismissUnresolvedClient"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DismissUnresolvedClientInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dismissUnresolvedClient"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<DismissUnresolvedClientMutation, DismissUnresolvedClientMutationVariables>;
export const CreateEnvironmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateEnvironment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateEnvironmentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createEnvironment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"environment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EnvironmentFields"}},{"kind":"Field","name":{"kind":"Name","value":"clientProviders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"builtIn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"defaultClientProvider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"builtIn"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EnvironmentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Environment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<CreateEnvironmentMutation, CreateEnvironmentMutationVariables>;
export const UpdateEnvironmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateEnvironment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateEnvironmentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateEnvironment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"environment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EnvironmentFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EnvironmentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Environment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<UpdateEnvironmentMutation, UpdateEnvironmentMutationVariables>;
export const DeleteEnvironmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteEnvironment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeleteEnvironmentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteEnvironment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deletedId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserErrorFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserErrorFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UserError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]} as unknown as DocumentNode<DeleteEnvironmentMutation, DeleteEnvironmentMutationVariables>;
export const EnvironmentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Environments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"environments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageInfoFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EnvironmentFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageInfoFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EnvironmentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Environment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<EnvironmentsQuery, EnvironmentsQueryVariables>;
export const EnvironmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Environment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"environment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EnvironmentFields"}},{"kind":"Field","name":{"kind":"Name","value":"clientProviders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"builtIn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"defaultClientProvider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"builtIn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"clients"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EnvironmentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Environment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<EnvironmentQuery, EnvironmentQueryVariables>;
export const EnvironmentsWithEverythingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EnvironmentsWithEverything"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientsFirst"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientsLast"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"clientsBefore"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"environments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"clientProviders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"defaultClientProvider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"clients"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientsFirst"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientsLast"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"clientsBefore"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<EnvironmentsWithEverythingQuery, EnvironmentsWithEverythingQueryVariables>;
export const EnvironmentClientsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"EnvironmentClients"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"environment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clients"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PageInfoFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PageInfoFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PageInfo"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]} as unknown as DocumentNode<EnvironmentClientsQuery, EnvironmentClientsQueryVariables>;
export const AuthorizeTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuthorizeToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"environmentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"token"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"requiredScopes"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"requireRegisteredClient"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"authorizeToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"environmentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"environmentId"}}},{"kind":"Argument","name":{"kind":"Name","value":"token"},"value":{"kind":"Variable","name":{"kind":"Name","value":"token"}}},{"kind":"Argument","name":{"kind":"Name","value":"requiredScopes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"requiredScopes"}}},{"kind":"Argument","name":{"kind":"Name","value":"requireRegisteredClient"},"value":{"kind":"Variable","name":{"kind":"Name","value":"requireRegisteredClient"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"authorized"}},{"kind":"Field","name":{"kind":"Name","value":"denial"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"client"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"clientProvider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"missingScopes"}}]}}]}}]} as unknown as DocumentNode<AuthorizeTokenQuery, AuthorizeTokenQueryVariables>;