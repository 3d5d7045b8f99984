import { toGlobalId } from '../../core/ids.js';
import type { ClientProvider } from '../../store/entities/client-provider.entity.js';
import type { SealedColumns } from '../../store/sealed-columns.js';
import type { ProviderConnection, VendorAdapter } from '../../vendors/adapter.js';
import { adapterFor } from '../../vendors/adapters.js';
import type { ProviderHttp } from '../../vendors/http.js';

/** The adapter for a stored provider: its sealed secrets opened for the call, its HTTP settings applied. */
export class ProviderAdapters {
  constructor(
    private readonly sealed: SealedColumns,
    private readonly http: ProviderHttp,
  ) {}

  /** `overrides` are settings to try instead of the stored ones (a connection test tries discovered URLs). */
  for(provider: ClientProvider, overrides: Partial<ProviderConnection> = {}): VendorAdapter {
    return adapterFor(provider.vendor, { ...this.connectionOf(provider), ...overrides }, this.http);
  }

  private connectionOf(provider: ClientProvider): ProviderConnection {
    const introspectionSecret = this.sealed.introspectionClientSecret.get(provider);
    return {
      issuer: provider.issuer ?? '',
      registrationUrl: provider.registrationUrl,
      registrationAuthorization: this.sealed.registrationAuthorization.get(provider),
      introspectionUrl: provider.introspectionUrl,
      introspectionClient:
        provider.introspectionClientId && introspectionSecret ? { clientId: provider.introspectionClientId, clientSecret: introspectionSecret } : null,
      timeoutMs: provider.requestTimeoutMs,
      disableServerCertificateValidation: provider.disableServerCertificateValidation,
      labels: { provider: toGlobalId('ClientProvider', provider.id), vendor: provider.vendor },
    };
  }
}
