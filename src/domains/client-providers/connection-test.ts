import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import type { Principal } from '../../core/caller.js';
import { findProvider } from '../../store/lookups.js';
import type { VendorAdapter } from '../../vendors/adapter.js';
import { trustedEndpoints } from '../../vendors/discovery.js';
import { ProviderError } from '../../core/errors.js';
import type { ProviderAdapters } from './provider-adapters.js';

/** One check of a connection test: discovery, registration_authorization or introspection_client. */
export interface ProviderCheck {
  name: string;
  ok: boolean;
  message: string | null;
}

const check = (name: string, ok: boolean, message: string): ProviderCheck => ({ name, ok, message });
const failure = (error: unknown) => (error instanceof ProviderError ? `${error.code}: ${error.message}` : 'Unexpected failure; see the server log');

/**
 * Checks a provider's configuration against the IdP without leaving anything behind: discovery and
 * its issuer, the registration authorization, the introspection client's credentials.
 */
export class ConnectionTest {
  constructor(
    private readonly caller: Principal,
    private readonly em: EntityManager,
    private readonly deps: { adapters: ProviderAdapters; logger: Logger },
  ) {}

  async run(providerGlobalId: string): Promise<ProviderCheck[]> {
    const provider = await findProvider(this.em, this.caller.org, providerGlobalId, 'id');
    if (provider.builtIn) return [check('built_in', true, 'The built-in provider issues credentials itself; there is nothing to connect to')];
    const { adapters, logger } = this.deps;
    const log = (error: unknown) => {
      if (!(error instanceof ProviderError)) logger.error({ err: error, providerId: provider.id }, 'connection test failed unexpectedly');
    };

    let discovered: { registrationUrl?: string | null; tokenUrl?: string | null; introspectionUrl?: string | null } = {};
    let discovery: ProviderCheck;
    try {
      const found = await adapters.for(provider).discover();
      const trust = trustedEndpoints(provider.issuer, found);
      discovery = trust.trusted ? check('discovery', true, `Discovery answers for issuer ${found.issuer}`) : check('discovery', false, trust.problem);
      if (trust.trusted) discovered = trust.endpoints;
    } catch (error) {
      log(error);
      discovery = check('discovery', false, failure(error));
    }
    // URLs left empty are tried from discovery, as registration would; nothing is saved here.
    const overrides = {
      registrationUrl: provider.registrationUrl ?? discovered.registrationUrl ?? null,
      tokenUrl: provider.tokenUrl ?? discovered.tokenUrl ?? null,
      introspectionUrl: provider.introspectionUrl ?? discovered.introspectionUrl ?? null,
    };
    const run = async (name: string, ok: string, work: (adapter: VendorAdapter) => Promise<unknown>): Promise<ProviderCheck> => {
      try {
        await work(adapters.for(provider, overrides));
        return check(name, true, ok);
      } catch (error) {
        log(error);
        return check(name, false, failure(error));
      }
    };
    // By client credentials, the probe obtains the registration client's token first: a refused secret fails here.
    const accepted = provider.registrationClientId ? 'The registration client obtains a token, and the token is accepted' : 'The registration authorization is accepted';
    const registration = await run('registration_authorization', accepted, (adapter) => adapter.probeRegistration());
    const introspection = await run('introspection_client', 'The introspection client’s credentials are accepted', (adapter) =>
      adapter.introspect(`connection-test-${randomBytes(16).toString('hex')}`),
    );
    return [discovery, registration, introspection];
  }
}
