import type { EntityManager } from '@mikro-orm/knex';
import { UserErrorCode, UserErrors, ProviderError } from '../../core/errors.js';
import type { ClientProvider } from '../../store/entities/client-provider.entity.js';
import type { Environment } from '../../store/entities/environment.entity.js';
import { ProviderLink } from '../../store/entities/provider-link.entity.js';
import { rowExists } from '../../store/statements.js';

/** Whether updates and deletions of the provider's clients are sent to its IdP (the built-in provider has none). */
export const propagatesToIdp = (provider: ClientProvider): boolean => !provider.builtIn && provider.propagateClientChanges;

/** Whether a change made in the platform is held by the provider too: the built-in one always, an IdP when changes propagate. */
export const providerHoldsChanges = (provider: ClientProvider): boolean => provider.builtIn || propagatesToIdp(provider);

export const notLinked = () => UserErrors.of(UserErrorCode.PROVIDER_NOT_LINKED, 'The provider is not linked to this environment', 'clientProviderId');

/** Clients are registered or imported only with a provider linked to their environment. */
export async function assertLinked(em: EntityManager, environment: Environment, provider: ClientProvider): Promise<void> {
  if (!(await rowExists(em, ProviderLink, { environment, provider }))) throw notLinked();
}

/** Runs one IdP call; its failure becomes a userError on the given input field. */
export async function callIdp<T>(work: () => Promise<T>, field: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asUserErrors(error, field);
  }
}

/** An IdP's failure as the userError an administrator can act on; anything else stays a fault. */
export function asUserErrors(error: unknown, field: string): unknown {
  return error instanceof ProviderError ? UserErrors.of(error.code, error.message, field) : error;
}
