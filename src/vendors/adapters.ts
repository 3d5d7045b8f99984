import { sealContext } from '../domains/client-providers/client-provider.service.js';
import { IdentityVendor, type ClientProvider } from '../store/entities/client-provider.entity.js';
import { toGlobalId } from '../core/ids.js';
import type { SecretBox } from '../store/secret-box.js';
import type { VendorAdapter } from './adapter.js';
import { GenericOidcAdapter, type ProviderConnection } from './generic-oidc.adapter.js';
import { OktaAdapter } from './okta.adapter.js';
import { OpenAmAdapter } from './openam.adapter.js';
import type { ProviderHttp } from './http.js';
import { ProviderError, ProviderErrorCode } from './provider-error.js';

/** How to reach a provider, with its sealed authorization opened for the call. */
export function connectionOf(provider: ClientProvider, secrets: SecretBox): ProviderConnection {
  return {
    issuer: provider.issuer ?? '',
    registrationUrl: provider.registrationUrl,
    registrationAuthorization: provider.registrationAuthorizationSealed
      ? secrets.open(provider.registrationAuthorizationSealed, sealContext(provider.id, 'registration_authorization'))
      : null,
    introspectionUrl: provider.introspectionUrl,
    introspectionClient:
      provider.introspectionClientId && provider.introspectionClientSecretSealed
        ? {
            clientId: provider.introspectionClientId,
            clientSecret: secrets.open(provider.introspectionClientSecretSealed, sealContext(provider.id, 'introspection_client_secret')),
          }
        : null,
    timeoutMs: provider.requestTimeoutMs,
    disableServerCertificateValidation: provider.disableServerCertificateValidation,
    labels: { provider: toGlobalId('ClientProvider', provider.id), vendor: provider.vendor },
  };
}

/** The adapter that speaks the provider's vendor's dialect. */
export function adapterFor(
  provider: ClientProvider,
  secrets: SecretBox,
  http: ProviderHttp,
  /** Settings to try instead of the stored ones (a connection test uses discovered URLs). */
  overrides: Partial<ProviderConnection> = {},
): VendorAdapter {
  const connection = { ...connectionOf(provider, secrets), ...overrides };
  switch (provider.vendor) {
    case IdentityVendor.GENERIC_OIDC:
    case IdentityVendor.SALESFORCE: // RFC 7591; where it offers no RFC 7592 management, that is said clearly
      return new GenericOidcAdapter(connection, http);
    case IdentityVendor.OPENAM:
      return new OpenAmAdapter(connection, http);
    case IdentityVendor.OKTA:
      return new OktaAdapter(connection, http);
    case IdentityVendor.PLATFORM:
      throw new ProviderError(ProviderErrorCode.PROVIDER_OPERATION_UNSUPPORTED, 'The built-in provider has no identity provider to call');
  }
}
