import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { IdentityVendor } from '../../core/model.js';
import { ClientProvider } from '../../store/entities/client-provider.entity.js';

const BUILT_IN_PROVIDER_NAME = 'Platform (built-in)';

/**
 * Every organization has exactly one built-in provider, created the first time the organization
 * needs it. Its existence never changes afterwards, so which organizations have one is remembered.
 */
export class BuiltInProviders {
  private readonly idsByOrg = new Map<string, string>();

  /** The built-in provider's id; must run outside a transaction (a lost insert race is re-read). */
  async ensure(em: EntityManager, orgId: string): Promise<string> {
    const known = this.idsByOrg.get(orgId);
    if (known) return known;
    const fork = em.fork();
    let provider = await fork.findOne(ClientProvider, { builtInOrgId: orgId });
    if (!provider) {
      provider = fork.create(ClientProvider, {
        orgId,
        builtInOrgId: orgId,
        name: BUILT_IN_PROVIDER_NAME,
        description: 'Issues client IDs and secrets itself.',
        vendor: IdentityVendor.PLATFORM,
        allowClientDeletion: true,
        propagateClientChanges: true,
      });
      try {
        await fork.persistAndFlush(provider);
      } catch (error) {
        if (!(error instanceof UniqueConstraintViolationException)) throw error;
        provider = await em.fork().findOneOrFail(ClientProvider, { builtInOrgId: orgId });
      }
    }
    this.idsByOrg.set(orgId, provider.id);
    return provider.id;
  }
}
