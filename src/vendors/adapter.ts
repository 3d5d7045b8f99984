import type { Discovery } from './discovery.js';
import type { ProviderHttpSettings } from './http.js';
import type { RegistrationTokenSource } from './registration-tokens.js';

/** How to reach one provider, with its secrets already opened for the call. */
export interface ProviderConnection extends ProviderHttpSettings {
  issuer: string;
  registrationUrl: string | null;
  /** The whole Authorization header value for registration calls. */
  registrationAuthorization: string | null;
  /** Instead of registrationAuthorization: Bearer tokens obtained by the provider's registration client. */
  registrationTokens: RegistrationTokenSource | null;
  introspectionUrl: string | null;
  introspectionClient: { clientId: string; clientSecret: string } | null;
}

/** RFC 7591 client metadata as sent to an identity provider. */
export interface ClientRegistrationMetadata {
  client_name: string;
  redirect_uris: string[];
  grant_types: string[];
  response_types: string[];
  scope?: string;
  token_endpoint_auth_method: string;
  [extension: string]: unknown;
}

/** What the platform keeps to manage a client in its IdP afterwards. */
export interface IdpClientRef {
  clientId: string;
  registrationAccessToken: string | null;
  registrationClientUri: string | null;
}

export interface IdpClient extends IdpClientRef {
  /** Absent when the IdP did not send one: never overwrite a stored secret with nothing. */
  clientSecret: string | null;
  /**
   * When the secret expires (ms since the epoch), from client_secret_expires_at: null for never
   * (RFC 7591's 0), undefined when the answer does not say.
   */
  secretExpiresAt: number | null | undefined;
}

/** A client as the IdP holds it now, read back (RFC 7592 read, or the vendor's client API). */
export interface IdpClientState extends IdpClient {
  clientName: string | null;
  redirectUris: string[];
  grantTypes: string[];
  /** The `scope` the IdP holds, split; null when it does not say. */
  scopes: string[] | null;
  /** When the IdP issued the client_id (ms since the epoch); null when it does not say. */
  issuedAt: number | null;
}

export type IdpClientRead = IdpClientState | 'gone' | 'token_refused';

/** One implementation per vendor; every vendor quirk lives in its adapter. */
export interface VendorAdapter {
  discover(): Promise<Discovery>;
  register(metadata: ClientRegistrationMetadata): Promise<IdpClient>;
  /** A full replace of the client's metadata. */
  update(ref: IdpClientRef, metadata: ClientRegistrationMetadata): Promise<IdpClient>;
  /** Resolves when the client is gone: 'deleted' now, or 'gone' already (or its registration token refused). */
  delete(ref: IdpClientRef): Promise<'deleted' | 'gone'>;
  /** A new secret; where activeSecretIds answers a list, the ones there stay valid beside it until retired. */
  rotateSecret(ref: IdpClientRef): Promise<IdpClient>;
  /**
   * The ids of the client's active secrets where the vendor keeps several at once (Okta's
   * application credentials API), so a rotation can overlap; null where a rotation replaces the secret.
   */
  activeSecretIds(ref: IdpClientRef): Promise<string[] | null>;
  /** Deactivates and deletes one of the client's secrets (the one a rotation replaced); resolves when it is gone, or was already. */
  retireSecret(ref: IdpClientRef, secretId: string): Promise<void>;
  /**
   * The client as the IdP holds it now; 'gone' when the IdP says it does not know it; 'token_refused'
   * when RFC 7592's registration access token is refused (the client is gone, or the token was
   * replaced by an update whose answer was lost: the IdP cannot tell which).
   * PROVIDER_OPERATION_UNSUPPORTED where the vendor has no read.
   */
  read(ref: IdpClientRef): Promise<IdpClientRead>;
  /** Whether the vendor can list its clients (search answers something other than null). */
  readonly lists: boolean;
  /** The IdP's clients with exactly this name; null where the vendor cannot list its clients (plain RFC 7591), or not to the end now. */
  search(name: string): Promise<IdpClientState[] | null>;
  /** Resolves when the registration authorization is accepted; registers nothing that stays. */
  probeRegistration(): Promise<void>;
  signingKeys(url: string): Promise<{ keys: Record<string, unknown>[] }>;
  /** RFC 7662 introspection, authenticated as the provider's introspection client. */
  introspect(token: string): Promise<Record<string, unknown>>;
}

/** Redirect-based grants need a response type (RFC 7591 §2.1). */
export function toRegistrationMetadata(client: { name: string; redirectUris: string[]; grantTypes: string[]; scopes: string[] }): ClientRegistrationMetadata {
  const responseTypes = [
    ...(client.grantTypes.includes('authorization_code') ? ['code'] : []),
    ...(client.grantTypes.includes('implicit') ? ['token'] : []),
  ];
  return {
    client_name: client.name,
    redirect_uris: client.redirectUris,
    grant_types: client.grantTypes,
    response_types: responseTypes,
    ...(client.scopes.length > 0 ? { scope: client.scopes.join(' ') } : {}),
    token_endpoint_auth_method: 'client_secret_basic',
  };
}
