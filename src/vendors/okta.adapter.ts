import type { ClientRegistrationMetadata, IdpClient, IdpClientRef } from './adapter.js';
import { GenericOidcAdapter } from './generic-oidc.adapter.js';
import type { ProviderAnswer, ProviderCall } from './http.js';

/**
 * Okta's Dynamic Client Registration API: `{base}/clients` with the admin token
 * (`SSWS <token>`) for every call, no per-client registration token, `application_type` chosen
 * from the grant types, a `lifecycle/newSecret` operation, and 429s whose wait is told by
 * X-Rate-Limit-Reset (epoch seconds) rather than Retry-After.
 */
export class OktaAdapter extends GenericOidcAdapter {
  override async register(metadata: ClientRegistrationMetadata): Promise<IdpClient> {
    const { body } = await this.call({
      ...this.admin(),
      method: 'POST',
      url: this.clientsUrl(),
      what: 'client registration',
      json: { ...metadata, application_type: applicationType(metadata) },
      idempotent: false,
    });
    return this.asOktaClient(body);
  }

  override async update(ref: IdpClientRef, metadata: ClientRegistrationMetadata): Promise<IdpClient> {
    const { body } = await this.call({
      ...this.admin(),
      method: 'PUT',
      url: this.manageUrl(ref),
      what: 'updating the client', aboutClient: true,
      json: { ...metadata, client_id: ref.clientId, application_type: applicationType(metadata) },
      idempotent: true,
    });
    return this.asOktaClient(body);
  }

  override async delete(ref: IdpClientRef): Promise<'deleted' | 'gone'> {
    const { status } = await this.call({ ...this.admin(), method: 'DELETE', url: this.manageUrl(ref), what: 'deleting the client', aboutClient: true, idempotent: true, accept: [404] });
    return status === 404 ? 'gone' : 'deleted';
  }

  override async rotateSecret(ref: IdpClientRef): Promise<IdpClient> {
    const { body } = await this.call({
      ...this.admin(),
      method: 'POST',
      url: `${this.manageUrl(ref)}/lifecycle/newSecret`,
      what: 'rotating the client secret', aboutClient: true,
      idempotent: false,
    });
    return this.asOktaClient(body);
  }

  override async probeRegistration(): Promise<void> {
    await this.call({ ...this.admin(), method: 'GET', url: `${this.clientsUrl()}?limit=1`, what: 'the connection test', idempotent: true });
  }

  protected override manageUrl(ref: IdpClientRef): string {
    return `${this.clientsUrl()}/${encodeURIComponent(ref.clientId)}`;
  }

  /** The registration URL as configured or discovered, else the org's `{origin}/oauth2/v1/clients`. */
  private clientsUrl(): string {
    return (this.connection.registrationUrl ?? `${new URL(this.connection.issuer).origin}/oauth2/v1/clients`).replace(/\/$/, '');
  }

  protected override retryAfter(headers: ProviderAnswer['headers']): number | undefined {
    return oktaRetryAfter(headers, Date.now());
  }

  private admin(): Pick<ProviderCall, 'headers'> {
    return { headers: this.registrationHeaders() };
  }

  /** Okta keeps no registration token per client: the admin token manages every client. */
  private asOktaClient(body: unknown): IdpClient {
    return { ...this.toClient(body, null), registrationAccessToken: null, registrationClientUri: null };
  }
}

/** web, native, browser or service, as Okta wants it (from the grant types and redirect URIs). */
export function applicationType(metadata: ClientRegistrationMetadata): 'web' | 'native' | 'browser' | 'service' {
  const grants = metadata.grant_types;
  if (grants.length > 0 && grants.every((grant) => grant === 'client_credentials')) return 'service';
  if (grants.includes('implicit') && !grants.includes('authorization_code')) return 'browser';
  const customScheme = metadata.redirect_uris.some((uri) => !/^https?:/i.test(uri));
  return customScheme ? 'native' : 'web';
}

/** How long Okta asks to wait: X-Rate-Limit-Reset is the epoch second when the limit resets. */
export function oktaRetryAfter(headers: ProviderAnswer['headers'], now: number): number | undefined {
  const reset = Number(headers['x-rate-limit-reset']);
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now) : undefined;
}
