import type { EntityManager } from '@mikro-orm/knex';
import { UserErrorCode, UserErrors } from '../../core/errors.js';
import { ClientProvider } from '../../store/entities/client-provider.entity.js';
import { trustedEndpoints } from '../../vendors/discovery.js';
import type { ProviderAdapters } from './provider-adapters.js';
import { callIdp } from './provider-rules.js';

/**
 * A provider created with just an issuer learns its endpoints from discovery the first time it is
 * used; only the URLs left empty are filled in (and stored), and an IdP asserting another issuer
 * is refused.
 */
export async function withEndpoints(em: EntityManager, adapters: ProviderAdapters, provider: ClientProvider, field: string): Promise<ClientProvider> {
  if (provider.registrationUrl) return provider;
  const discovery = await callIdp(() => adapters.for(provider).discover(), field);
  const trust = trustedEndpoints(provider.issuer, discovery);
  if (!trust.trusted) throw UserErrors.of(UserErrorCode.INVALID_VALUE, trust.problem, field);
  const found = trust.endpoints;
  const endpoints = {
    registrationUrl: found.registrationUrl,
    authorizeUrl: provider.authorizeUrl ?? found.authorizeUrl,
    tokenUrl: provider.tokenUrl ?? found.tokenUrl,
    introspectionUrl: provider.introspectionUrl ?? found.introspectionUrl,
  };
  if (!endpoints.registrationUrl) {
    throw UserErrors.of(
      UserErrorCode.PROVIDER_OPERATION_UNSUPPORTED,
      'Discovery names no registration endpoint on the issuer’s own origin; set registrationUrl explicitly',
      field,
    );
  }
  await em.fork().nativeUpdate(ClientProvider, { id: provider.id }, endpoints);
  return Object.assign(provider, endpoints);
}
