import { ProviderErrorCode, ProviderError } from '../core/errors.js';
import { IdentityVendor } from '../core/model.js';
import type { ProviderConnection, VendorAdapter } from './adapter.js';
import { GenericOidcAdapter } from './generic-oidc.adapter.js';
import type { ProviderHttp } from './http.js';
import { OktaAdapter } from './okta.adapter.js';

/** The adapter that speaks the vendor's dialect, over an opened connection. */
export function adapterFor(vendor: IdentityVendor, connection: ProviderConnection, http: ProviderHttp): VendorAdapter {
  switch (vendor) {
    case IdentityVendor.GENERIC_OIDC:
    case IdentityVendor.OPENAM: // RFC 7591/7592 at {base}/connect/register
    case IdentityVendor.SALESFORCE: // RFC 7591; where it offers no RFC 7592 management, that is said clearly
      return new GenericOidcAdapter(connection, http);
    case IdentityVendor.OKTA:
      return new OktaAdapter(connection, http);
    case IdentityVendor.PLATFORM:
      throw new ProviderError(ProviderErrorCode.PROVIDER_OPERATION_UNSUPPORTED, 'The built-in provider has no identity provider to call');
  }
}
