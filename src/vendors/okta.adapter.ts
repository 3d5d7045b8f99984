import { mayHaveAppliedError, ProviderError, ProviderErrorCode } from '../core/errors.js';
import type { ClientRegistrationMetadata, IdpClient, IdpClientRead, IdpClientRef, IdpClientState } from './adapter.js';
import { GenericOidcAdapter } from './generic-oidc.adapter.js';
import type { ProviderAnswer } from './http.js';

/**
 * Okta's Dynamic Client Registration API: `{base}/clients` with the admin token
 * (`SSWS <token>`, or the registration client's Bearer token) for every call, no per-client registration token, `application_type` chosen
 * from the grant types, rotation with an overlap through the application credentials API, and 429s whose wait is told by
 * X-Rate-Limit-Reset (epoch seconds) rather than Retry-After.
 */
export class OktaAdapter extends GenericOidcAdapter {
  override async register(metadata: ClientRegistrationMetadata): Promise<IdpClient> {
    const { body } = await this.registrationCall({
      method: 'POST',
      url: this.clientsUrl(),
      what: 'client registration',
      json: { ...metadata, application_type: applicationType(metadata) },
      idempotent: false,
    });
    return this.asOktaClient(body);
  }

  override async update(ref: IdpClientRef, metadata: ClientRegistrationMetadata): Promise<IdpClient> {
    const { body } = await this.registrationCall({
      method: 'PUT',
      url: this.manageUrl(ref),
      what: 'updating the client', aboutClient: true,
      json: { ...metadata, client_id: ref.clientId, application_type: applicationType(metadata) },
      idempotent: true,
    });
    return this.asOktaClient(body);
  }

  override async delete(ref: IdpClientRef): Promise<'deleted' | 'gone'> {
    const { status } = await this.registrationCall({ method: 'DELETE', url: this.manageUrl(ref), what: 'deleting the client', aboutClient: true, idempotent: true, accept: [404] });
    return status === 404 ? 'gone' : 'deleted';
  }

  /**
   * A second secret through the application credentials API (`POST /api/v1/apps/{appId}/credentials/secrets`;
   * the DCR client_id is the app id): the current one stays ACTIVE beside it until retireSecret.
   * Okta holds at most two secrets per app.
   */
  override async rotateSecret(ref: IdpClientRef): Promise<IdpClient> {
    const { body } = await this.registrationCall({ method: 'POST', url: this.secretsUrl(ref), what: 'rotating the client secret', aboutClient: true, json: {}, idempotent: false });
    const secret = (body as { client_secret?: unknown } | null)?.client_secret;
    if (typeof secret !== 'string' || secret === '') {
      throw mayHaveAppliedError(new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, 'Okta answered the new client secret without its value'));
    }
    return { clientId: ref.clientId, clientSecret: secret, secretExpiresAt: undefined, registrationAccessToken: null, registrationClientUri: null };
  }

  /** `GET /api/v1/apps/{appId}/credentials/secrets`: the ids of those ACTIVE. */
  override async activeSecretIds(ref: IdpClientRef): Promise<string[] | null> {
    const { body } = await this.registrationCall({ method: 'GET', url: this.secretsUrl(ref), what: 'listing the client secrets', aboutClient: true, idempotent: true });
    if (!Array.isArray(body)) throw new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, 'Okta answered the list of client secrets with something else than a list');
    return (body as { id?: unknown; status?: unknown }[]).filter((secret) => secret?.status === 'ACTIVE' && typeof secret.id === 'string').map((secret) => secret.id as string);
  }

  /** `POST …/secrets/{secretId}/lifecycle/deactivate`, then `DELETE …/secrets/{secretId}` (Okta deletes inactive secrets only); 404 is gone already. */
  override async retireSecret(ref: IdpClientRef, secretId: string): Promise<void> {
    const url = `${this.secretsUrl(ref)}/${encodeURIComponent(secretId)}`;
    await this.registrationCall({ method: 'POST', url: `${url}/lifecycle/deactivate`, what: 'deactivating the previous client secret', aboutClient: true, idempotent: true, accept: [404] });
    await this.registrationCall({ method: 'DELETE', url, what: 'deleting the previous client secret', aboutClient: true, idempotent: true, accept: [404] });
  }

  override async read(ref: IdpClientRef): Promise<IdpClientRead> {
    const { status, body } = await this.registrationCall({ method: 'GET', url: this.manageUrl(ref), what: 'reading the client', aboutClient: true, idempotent: true, accept: [404] });
    return status === 404 ? 'gone' : { ...this.toState(body, ref), registrationAccessToken: null, registrationClientUri: null };
  }

  /**
   * Okta lists its clients with `q` matching the start of client_name, paged by the Link header's
   * `next` (at most SEARCH_PAGES pages of 200); only exact namesakes are returned. Null when the
   * listing could not be read to its end (the caller cannot conclude a client is absent).
   */
  override readonly lists: boolean = true;

  override async search(name: string): Promise<IdpClientState[] | null> {
    const found: IdpClientState[] = [];
    let url: string | null = `${this.clientsUrl()}?${new URLSearchParams({ q: name, limit: '200' })}`;
    for (let page = 0; url && page < SEARCH_PAGES; page++) {
      const answer: ProviderAnswer = await this.registrationCall({ method: 'GET', url, what: 'listing clients', idempotent: true });
      // An answer that is not a list, or more pages than searched, cannot say a client is absent.
      if (!Array.isArray(answer.body)) return null;
      for (const client of answer.body as unknown[]) {
        const state = { ...this.toState(client, null), registrationAccessToken: null, registrationClientUri: null };
        if (state.clientName === name) found.push(state);
      }
      url = nextLink(answer.headers.link, this.clientsUrl());
    }
    return url ? null : found;
  }

  override async probeRegistration(): Promise<void> {
    await this.registrationCall({ method: 'GET', url: `${this.clientsUrl()}?limit=1`, what: 'the connection test', idempotent: true });
  }

  protected override manageUrl(ref: IdpClientRef): string {
    return `${this.clientsUrl()}/${encodeURIComponent(ref.clientId)}`;
  }

  /** The app's secrets in Okta's management API, on the org's origin. */
  private secretsUrl(ref: IdpClientRef): string {
    return `${new URL(this.clientsUrl()).origin}/api/v1/apps/${encodeURIComponent(ref.clientId)}/credentials/secrets`;
  }

  /** The registration URL as configured or discovered, else the org's `{origin}/oauth2/v1/clients`. */
  private clientsUrl(): string {
    return (this.connection.registrationUrl ?? `${new URL(this.connection.issuer).origin}/oauth2/v1/clients`).replace(/\/$/, '');
  }

  protected override retryAfter(headers: ProviderAnswer['headers']): number | undefined {
    return oktaRetryAfter(headers, Date.now());
  }

  /** Okta keeps no registration token per client: the admin token manages every client. */
  private asOktaClient(body: unknown): IdpClient {
    return { ...this.toClient(body, null), registrationAccessToken: null, registrationClientUri: null };
  }
}

const SEARCH_PAGES = 5;

/** The `rel="next"` URL of a Link header, only where it stays on the clients API's origin. */
export function nextLink(header: string | string[] | undefined, base: string): string | null {
  const value = Array.isArray(header) ? header.join(', ') : header;
  const match = value?.split(',').map((part) => /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim())).find(Boolean);
  if (!match) return null;
  try {
    const next = new URL(match[1], base);
    return next.origin === new URL(base).origin ? next.toString() : null;
  } catch {
    return null;
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
