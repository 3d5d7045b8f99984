import type { ClientRegistrationMetadata, Discovery, IdpClient, IdpClientRef, VendorAdapter } from './adapter.js';
import type { ProviderAnswer, ProviderCall, ProviderHttp, ProviderHttpSettings } from './http.js';
import { ProviderError, ProviderErrorCode } from './provider-error.js';

export interface ProviderConnection extends ProviderHttpSettings {
  issuer: string;
  registrationUrl: string | null;
  /** The whole Authorization header value for registration calls, opened from its sealed form. */
  registrationAuthorization: string | null;
  introspectionUrl: string | null;
  introspectionClient: { clientId: string; clientSecret: string } | null;
}

/** Fields RFC 7592 §2.2 forbids in an update request. */
const NOT_IN_UPDATES = ['registration_access_token', 'registration_client_uri', 'client_secret_expires_at', 'client_id_issued_at', 'client_secret'];

/**
 * RFC 7591 registration and RFC 7592 management. OpenAM / ForgeRock AM and Salesforce speak it
 * too; their differences are handled here where they are compatible (a query-form
 * registration_client_uri, extra response fields) and answered clearly where they are not.
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

  async discover(): Promise<Discovery> {
    const url = `${this.connection.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const { body } = await this.call({ method: 'GET', url, what: 'discovery', idempotent: true });
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
    };
  }

  async register(metadata: ClientRegistrationMetadata): Promise<IdpClient> {
    const { body } = await this.call({
      method: 'POST',
      url: this.requireRegistrationUrl(),
      what: 'client registration',
      headers: this.registrationHeaders(),
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

  async rotateSecret(_ref: IdpClientRef): Promise<IdpClient> {
    throw new ProviderError(
      ProviderErrorCode.PROVIDER_OPERATION_UNSUPPORTED,
      'RFC 7592 defines no secret rotation, and this provider offers none; delete the client and register a new one',
    );
  }

  async probeRegistration(): Promise<void> {
    // Metadata every IdP refuses (RFC 7591 §3.2.2): an accepted authorization earns a 400, a
    // refused one a 401/403, and nothing is registered either way.
    const { status, body } = await this.call({
      method: 'POST',
      url: this.requireRegistrationUrl(),
      what: 'the connection test',
      headers: this.registrationHeaders(),
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

  async introspect(token: string, tokenTypeHint?: string): Promise<Record<string, unknown>> {
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
      form: { token, ...(tokenTypeHint ? { token_type_hint: tokenTypeHint } : {}) },
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

  protected registrationHeaders(): Record<string, string> {
    return this.connection.registrationAuthorization ? { authorization: this.connection.registrationAuthorization } : {};
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

  protected toClient(body: unknown, previous: IdpClientRef | null): IdpClient {
    const document = (body ?? {}) as Record<string, unknown>;
    const clientId = typeof document.client_id === 'string' ? document.client_id : previous?.clientId;
    if (!clientId) throw new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, 'The identity provider answered without a client_id');
    const text = (key: string) => (typeof document[key] === 'string' && document[key] !== '' ? (document[key] as string) : null);
    return {
      clientId,
      clientSecret: text('client_secret'),
      // Providers that rotate the registration access token send a new one; others keep the old one.
      registrationAccessToken: text('registration_access_token') ?? previous?.registrationAccessToken ?? null,
      registrationClientUri: text('registration_client_uri') ?? previous?.registrationClientUri ?? null,
      metadata: document,
    };
  }
}
