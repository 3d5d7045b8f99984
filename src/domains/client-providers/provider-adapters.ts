import { toGlobalId } from '../../core/ids.js';
import type { ClientProvider } from '../../store/entities/client-provider.entity.js';
import type { SealedColumns } from '../../store/sealed-columns.js';
import type { ProviderConnection, VendorAdapter } from '../../vendors/adapter.js';
import { adapterFor } from '../../vendors/adapters.js';
import type { ProviderHttp, ProviderHttpSettings } from '../../vendors/http.js';
import type { RegistrationTokenSource, RegistrationTokens } from '../../vendors/registration-tokens.js';

/** Settings to try instead of the stored ones (a connection test tries discovered URLs). */
export type ConnectionOverrides = Partial<ProviderConnection> & { tokenUrl?: string | null };

/** The adapter for a stored provider: its sealed secrets opened for the call, its HTTP settings applied. */
export class ProviderAdapters {
  constructor(
    private readonly sealed: SealedColumns,
    private readonly http: ProviderHttp,
    private readonly registrationTokens: RegistrationTokens,
  ) {}

  for(provider: ClientProvider, { tokenUrl, ...overrides }: ConnectionOverrides = {}): VendorAdapter {
    const connection = { ...this.connectionOf(provider), ...overrides };
    connection.registrationTokens = this.registrationTokensOf(provider, connection, tokenUrl === undefined ? provider.tokenUrl : tokenUrl);
    return adapterFor(provider.vendor, connection, this.http);
  }

  private connectionOf(provider: ClientProvider): ProviderConnection {
    const introspectionSecret = this.sealed.introspectionClientSecret.get(provider);
    return {
      issuer: provider.issuer ?? '',
      registrationUrl: provider.registrationUrl,
      registrationAuthorization: this.sealed.registrationAuthorization.get(provider),
      registrationTokens: null,
      introspectionUrl: provider.introspectionUrl,
      introspectionClient:
        provider.introspectionClientId && introspectionSecret ? { clientId: provider.introspectionClientId, clientSecret: introspectionSecret } : null,
      timeoutMs: provider.requestTimeoutMs,
      disableServerCertificateValidation: provider.disableServerCertificateValidation,
      labels: { provider: toGlobalId('ClientProvider', provider.id), vendor: provider.vendor },
    };
  }

  /** The registration client's tokens, when the provider authorizes its registrations by client credentials. */
  private registrationTokensOf(provider: ClientProvider, settings: ProviderHttpSettings, tokenUrl: string | null): RegistrationTokenSource | null {
    const clientSecret = this.sealed.registrationClientSecret.get(provider);
    if (!provider.registrationClientId || clientSecret === null) return null;
    const client = { tokenUrl, clientId: provider.registrationClientId, clientSecret, scopes: provider.registrationScopes ?? [] };
    return this.registrationTokens.source(provider.id, client, settings);
  }
}
