import type { EntityManager } from '@mikro-orm/knex';
import { ProviderError, ProviderErrorCode, UserErrorCode, UserErrors } from '../../core/errors.js';
import { ClientProvider } from '../../store/entities/client-provider.entity.js';
import { trustedEndpoints, type DiscoveredEndpoint } from '../../vendors/discovery.js';
import type { ProviderAdapters } from './provider-adapters.js';
import { callIdp } from './provider-rules.js';

/** The URLs an administrator expects to see on a provider; any of them missing is a reason to discover. */
const SHOWN_ENDPOINTS = ['registrationUrl', 'authorizeUrl', 'tokenUrl', 'introspectionUrl'] as const;

/** What discovery adds to a provider: the URLs it found on the issuer's origin, and the grant types it supports. */
export interface DiscoveredSettings {
  endpoints: Record<DiscoveredEndpoint, string | null>;
  grantTypesSupported: string[] | null;
}

/**
 * Whether saving a provider reads its discovery document first: as asked (`discover`), or by
 * default when one of the URLs it shows is missing — on create, and on an update that changes the
 * issuer or a URL (an update of anything else, say a description, does not depend on the IdP
 * answering). The built-in provider has no issuer to ask.
 */
export function discoversOnSave(provider: ClientProvider, input: EndpointChange, isUpdate: boolean): boolean {
  if (provider.builtIn || !provider.issuer) return false;
  if (input.discover !== undefined && input.discover !== null) return input.discover;
  return (!isUpdate || changesEndpoints(input)) && SHOWN_ENDPOINTS.some((field) => !provider[field]);
}

type EndpointChange = { discover?: boolean | null; issuer?: unknown } & Partial<Record<DiscoveredEndpoint, unknown>>;

/** Whether an update can discover at all: it asks to, or it changes the issuer or a URL. */
export const updateMayDiscover = (input: EndpointChange): boolean => input.discover === true || (input.discover == null && changesEndpoints(input));

const changesEndpoints = (input: EndpointChange): boolean => input.issuer !== undefined || SHOWN_ENDPOINTS.some((field) => input[field] !== undefined);

/**
 * Reads the provider's discovery document (OpenID Connect, then RFC 8414) with its settings as
 * they will be saved. The document must assert the configured issuer, and only URLs on the
 * issuer's origin are taken. Any failure is DISCOVERY_FAILED with the IdP's own words, except an
 * address the platform may not call, which keeps its own code.
 */
export async function discoverSettings(adapters: ProviderAdapters, provider: ClientProvider, field = 'issuer'): Promise<DiscoveredSettings> {
  let found;
  try {
    found = await adapters.for(provider).discover();
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    if (error.code === ProviderErrorCode.PROVIDER_ADDRESS_NOT_ALLOWED) throw UserErrors.of(error.code, error.message, field);
    throw UserErrors.of(UserErrorCode.DISCOVERY_FAILED, `Discovery at ${provider.issuer?.slice(0, 300)} failed: ${error.message}`, field);
  }
  const trust = trustedEndpoints(provider.issuer, found);
  if (!trust.trusted) throw UserErrors.of(UserErrorCode.DISCOVERY_FAILED, trust.problem, field);
  return { endpoints: trust.endpoints, grantTypesSupported: found.grantTypesSupported };
}

/** Fills the URLs the provider has none for (a URL an administrator set is never replaced) and keeps the supported grant types. */
export function applyDiscovered(provider: ClientProvider, discovered: DiscoveredSettings): Partial<ClientProvider> {
  const changes: Partial<ClientProvider> = { grantTypesSupported: discovered.grantTypesSupported };
  for (const [field, url] of Object.entries(discovered.endpoints) as [DiscoveredEndpoint, string | null][]) {
    if (!provider[field] && url) changes[field] = url;
  }
  Object.assign(provider, changes);
  return changes;
}

/**
 * A provider saved without its registration URL (discovery skipped, or a provider older than
 * discovery on save) learns it from discovery the first time a client is registered; what is
 * found is stored. Here a failure keeps the IdP's own code (PROVIDER_UNAVAILABLE…), as every
 * other failure of a registration does.
 */
export async function withEndpoints(em: EntityManager, adapters: ProviderAdapters, provider: ClientProvider, field: string): Promise<ClientProvider> {
  if (provider.registrationUrl) return provider;
  const found = await callIdp(() => adapters.for(provider).discover(), field);
  const trust = trustedEndpoints(provider.issuer, found);
  if (!trust.trusted) throw UserErrors.of(UserErrorCode.INVALID_VALUE, trust.problem, field);
  const changes = applyDiscovered(provider, { endpoints: trust.endpoints, grantTypesSupported: found.grantTypesSupported });
  if (!provider.registrationUrl) {
    throw UserErrors.of(
      UserErrorCode.PROVIDER_OPERATION_UNSUPPORTED,
      'Discovery names no registration endpoint on the issuer’s own origin; set registrationUrl explicitly',
      field,
    );
  }
  await em.fork().nativeUpdate(ClientProvider, { id: provider.id }, changes);
  return provider;
}
