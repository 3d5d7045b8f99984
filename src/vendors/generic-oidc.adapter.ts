import { mayHaveAppliedError, ProviderErrorCode, ProviderError } from '../core/errors.js';
import type { ClientRegistrationMetadata, IdpClient, IdpClientRead, IdpClientRef, IdpClientState, ProviderConnection, VendorAdapter } from './adapter.js';
import { discoveryUrls, parseDiscovery, type Discovery } from './discovery.js';
import type { ProviderAnswer, ProviderCall, ProviderHttp } from './http.js';

/** Fields RFC 7592 §2.2 forbids in an update request. */
const NOT_IN_UPDATES = ['registration_access_token', 'registration_client_uri', 'client_secret_expires_at', 'client_id_issued_at', 'client_secret'];

/**
 * RFC 7591 registration and RFC 7592 management. OpenAM / ForgeRock AM and Salesforce speak it
 * too: OpenAM's query-form registration_client_uri (`…/connect/register?client_id=…`) is used as
 * given, and Salesforce's missing RFC 7592 management is answered clearly (manageUrl).
 */
export class GenericOidcAdapter implements VendorAdapter {
  constructor(
    protected readonly connection: ProviderConnection,
    protected readonly http: ProviderHttp,
  ) {}

  /** How this vendor says when to retry a 429, for those that say it other than with Retry-After. */
  protected retryAfter(_headers: ProviderAnswer['headers']): number | undefined {
    return undefined;
  }

  /** Every call to the IdP goes through here, with the provider's connection settings. */
  protected call(call: ProviderCall): Promise<ProviderAnswer> {
    return this.http.call(this.connection, { retryAfter: (headers) => this.retryAfter(headers), ...call });
  }

  /** The first metadata document found; a 404 (or 400, 405) moves on to the next address, any other failure stops. */
  async discover(): Promise<Discovery> {
    const urls = discoveryUrls(this.connection.issuer);
    for (const [index, url] of urls.entries()) {
      try {
        const { body } = await this.call({ method: 'GET', url, what: 'discovery', idempotent: true });
        return parseDiscovery(body);
      } catch (error) {
        const absent = error instanceof ProviderError && [400, 404, 405].includes(error.httpStatus ?? 0);
        if (!absent || index === urls.length - 1) throw error;
      }
    }
    throw new Error('unreachable: discoveryUrls always names an address');
  }

  async register(metadata: ClientRegistrationMetadata): Promise<IdpClient> {
    const { body } = await this.registrationCall({
      method: 'POST',
      url: this.requireRegistrationUrl(),
      what: 'client registration',
      json: metadata,
      idempotent: false,
    });
    return this.toClient(body, null);
  }

  async update(ref: IdpClientRef, metadata: ClientRegistrationMetadata): Promise<IdpClient> {
    const json = Object.fromEntries(Object.entries({ ...metadata, client_id: ref.clientId }).filter(([key]) => !NOT_IN_UPDATES.includes(key)));
    const { body } = await this.call({
      method: 'PUT',
      url: this.manageUrl(ref),
      what: 'updating the client', aboutClient: true,
      headers: this.manageHeaders(ref),
      json,
      idempotent: true,
    });
    return this.toClient(body, ref);
  }

  async delete(ref: IdpClientRef): Promise<'deleted' | 'gone'> {
    const { status } = await this.call({
      method: 'DELETE',
      url: this.manageUrl(ref),
      what: 'deleting the client', aboutClient: true,
      headers: this.manageHeaders(ref),
      idempotent: true,
      // RFC 7592 §2.3: an unknown client answers 401 with an invalid token; it is gone either way.
      accept: [401, 404, 410],
    });
    return status >= 400 ? 'gone' : 'deleted';
  }

  /**
   * RFC 7592 has no rotation of its own: a server MAY answer a client update with a new secret, but
   * none of the vendors spoken here is documented to (oidc-provider keeps the secret on an update;
   * Salesforce offers no management at all), so rotation is refused with what to do instead.
   */
  async rotateSecret(_ref: IdpClientRef): Promise<IdpClient> {
    throw new ProviderError(
      ProviderErrorCode.PROVIDER_OPERATION_UNSUPPORTED,
      'This identity provider issues no new client secret through RFC 7592 client management (an update keeps the secret). ' +
        'Rotate the secret in the identity provider itself (the platform does not need the secret of a client held there), ' +
        'or delete the client and register a new one',
    );
  }

  /** RFC 7591/7592 know one secret per client. */
  async activeSecretIds(_ref: IdpClientRef): Promise<string[] | null> {
    return null;
  }

  async retireSecret(_ref: IdpClientRef, _secretId: string): Promise<void> {
    throw new ProviderError(ProviderErrorCode.PROVIDER_OPERATION_UNSUPPORTED, 'This provider keeps one secret per client; there is no previous one to retire');
  }

  /** RFC 7592 §2.1: GET the client configuration endpoint with the registration access token. */
  async read(ref: IdpClientRef): Promise<IdpClientRead> {
    const { status, body } = await this.call({
      method: 'GET',
      url: this.manageUrl(ref),
      what: 'reading the client', aboutClient: true,
      headers: this.manageHeaders(ref),
      idempotent: true,
      accept: [401, 404, 410],
    });
    if (status === 401) return 'token_refused';
    return status >= 400 ? 'gone' : this.toState(body, ref);
  }

  /** RFC 7591 defines no listing. */
  readonly lists: boolean = false;

  async search(_name: string): Promise<IdpClientState[] | null> {
    return null;
  }

  async probeRegistration(): Promise<void> {
    // Metadata every IdP refuses (RFC 7591 §3.2.2): an accepted authorization earns a 400, a
    // refused one a 401/403, and nothing is registered either way.
    const { status, body } = await this.registrationCall({
      method: 'POST',
      url: this.requireRegistrationUrl(),
      what: 'the connection test',
      json: { client_name: 'connection test', redirect_uris: ['not a redirect uri'], grant_types: ['authorization_code'], response_types: ['code'] },
      idempotent: false,
      accept: [400],
    });
    const error = (body as { error?: unknown } | null)?.error;
    if (status === 400 && (error === 'invalid_token' || error === 'invalid_client' || error === 'unauthorized_client')) {
      throw new ProviderError(ProviderErrorCode.PROVIDER_REJECTED_CREDENTIALS, 'The identity provider refused the registration authorization', String(error));
    }
    if (status < 300) {
      // An IdP that took it anyway: delete it again, or say it is there.
      const created = this.toClient(body, null);
      await this.delete(created).catch(() => {
        throw new ProviderError(ProviderErrorCode.PROVIDER_OPERATION_UNSUPPORTED, `The IdP registered the test client ${created.clientId} and it could not be deleted; remove it there`);
      });
    }
  }

  /** The provider's signing keys (JWKS), fetched with its TLS and time-out settings. */
  async signingKeys(url: string): Promise<{ keys: Record<string, unknown>[] }> {
    const { body } = await this.call({ method: 'GET', url, what: 'fetching the signing keys', idempotent: true });
    if (!Array.isArray((body as { keys?: unknown })?.keys)) throw new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, 'The JWKS has no keys array');
    return body as { keys: Record<string, unknown>[] };
  }

  async introspect(token: string): Promise<Record<string, unknown>> {
    const { introspectionUrl, introspectionClient } = this.connection;
    if (!introspectionUrl || !introspectionClient) {
      throw new ProviderError(ProviderErrorCode.PROVIDER_OPERATION_UNSUPPORTED, 'The provider has no introspection URL and introspection client configured');
    }
    const basic = Buffer.from(`${encodeURIComponent(introspectionClient.clientId)}:${encodeURIComponent(introspectionClient.clientSecret)}`).toString('base64');
    const { body } = await this.call({
      method: 'POST',
      url: introspectionUrl,
      what: 'token introspection',
      headers: { authorization: `Basic ${basic}` },
      form: { token },
      idempotent: true,
    });
    if (typeof (body as { active?: unknown })?.active !== 'boolean') {
      throw new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, 'The introspection answer has no boolean "active"');
    }
    return body as Record<string, unknown>;
  }

  protected requireRegistrationUrl(): string {
    if (!this.connection.registrationUrl) {
      throw new ProviderError(ProviderErrorCode.INVALID_CLIENT_METADATA, 'The provider has no registration URL; set one or let discovery find it');
    }
    return this.connection.registrationUrl;
  }

  /**
   * A call authorized as the provider's registrations are: its static Authorization header, or a
   * Bearer token of its registration client. A 401 to such a token means the call was not accepted
   * (not even a registration was made), so the token is refreshed once and the call sent once more.
   */
  protected async registrationCall(call: ProviderCall): Promise<ProviderAnswer> {
    const tokens = this.connection.registrationTokens;
    if (!tokens) {
      const { registrationAuthorization } = this.connection;
      return this.call({ ...call, headers: { ...call.headers, ...(registrationAuthorization ? { authorization: registrationAuthorization } : {}) } });
    }
    const bearer = (token: string) => ({ ...call, headers: { ...call.headers, authorization: `Bearer ${token}` } });
    const token = await tokens.token();
    try {
      return await this.call(bearer(token));
    } catch (error) {
      if (!(error instanceof ProviderError && error.httpStatus === 401)) throw error;
      return this.call(bearer(await tokens.refresh(token)));
    }
  }

  protected manageUrl(ref: IdpClientRef): string {
    if (!ref.registrationClientUri || !ref.registrationAccessToken) {
      throw new ProviderError(
        ProviderErrorCode.PROVIDER_OPERATION_UNSUPPORTED,
        'The provider gave no registration access token and client URI for this client, so it cannot be managed there (RFC 7592); ' +
          'turn propagateClientChanges off to update or delete it in the platform only',
      );
    }
    return ref.registrationClientUri;
  }

  protected manageHeaders(ref: IdpClientRef): Record<string, string> {
    return { authorization: `Bearer ${ref.registrationAccessToken}` };
  }

  protected toState(body: unknown, previous: IdpClientRef | null): IdpClientState {
    const document = (body ?? {}) as Record<string, unknown>;
    const strings = (key: string) => (Array.isArray(document[key]) ? (document[key] as unknown[]).filter((v): v is string => typeof v === 'string') : []);
    const seconds = (key: string) => (typeof document[key] === 'number' && (document[key] as number) > 0 ? (document[key] as number) * 1000 : null);
    return {
      ...this.toClient(body, previous),
      clientName: typeof document.client_name === 'string' ? document.client_name : null,
      redirectUris: strings('redirect_uris'),
      grantTypes: strings('grant_types'),
      scopes: typeof document.scope === 'string' ? document.scope.split(' ').filter(Boolean) : null,
      issuedAt: seconds('client_id_issued_at'),
    };
  }

  protected toClient(body: unknown, previous: IdpClientRef | null): IdpClient {
    const document = (body ?? {}) as Record<string, unknown>;
    const clientId = typeof document.client_id === 'string' ? document.client_id : previous?.clientId;
    if (!clientId) throw mayHaveAppliedError(new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, 'The identity provider answered without a client_id'));
    const text = (key: string) => (typeof document[key] === 'string' && document[key] !== '' ? (document[key] as string) : null);
    const expires = document.client_secret_expires_at;
    return {
      clientId,
      clientSecret: text('client_secret'),
      // RFC 7591 §3.2.1: seconds since the epoch, 0 for never.
      secretExpiresAt: typeof expires !== 'number' || !Number.isFinite(expires) ? undefined : expires > 0 ? expires * 1000 : null,
      // Providers that rotate the registration access token send a new one; others keep the old one.
      registrationAccessToken: text('registration_access_token') ?? previous?.registrationAccessToken ?? null,
      registrationClientUri: text('registration_client_uri') ?? previous?.registrationClientUri ?? null,
    };
  }
}
