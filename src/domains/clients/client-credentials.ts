import type { EntityManager } from '@mikro-orm/knex';
import type { Principal } from '../../core/caller.js';
import { parseGlobalId } from '../../core/ids.js';
import type { Clock } from '../../core/ports.js';
import { hasControlCharacters } from '../../core/validation.js';
import { Client } from '../../store/entities/client.entity.js';
import type { SealedColumns } from '../../store/sealed-columns.js';
import { platformCredentials } from '../../vendors/platform.js';

/** For gateways enforcing client-id policies on the built-in provider's clients. */
export class ClientCredentials {
  constructor(
    private readonly caller: Principal,
    private readonly em: EntityManager,
    private readonly deps: { sealed: SealedColumns; clock: Clock },
  ) {}

  /** Whether the built-in provider issued this client id and secret (or the secret before a rotation, within its grace) in the environment. */
  async verify(environmentGlobalId: string, clientId: string, clientSecret: string): Promise<boolean> {
    const environmentId = parseGlobalId(environmentGlobalId, 'Environment');
    if (!environmentId || clientId.length > 255 || clientSecret.length > 1024 || hasControlCharacters(clientId)) return false;
    const client = await this.em.findOne(Client, {
      orgId: this.caller.org,
      environment: environmentId,
      clientId,
      provider: { builtInOrgId: this.caller.org },
    });
    const current = client && this.deps.sealed.clientSecret.get(client);
    if (!client || !current) return false;
    const previousValid = client.previousSecretExpiresAt !== null && client.previousSecretExpiresAt.getTime() > this.deps.clock();
    const previous = previousValid ? this.deps.sealed.previousClientSecret.get(client) : null;
    const matchesCurrent = platformCredentials.secretsEqual(clientSecret, current);
    const matchesPrevious = previous !== null && platformCredentials.secretsEqual(clientSecret, previous);
    return matchesCurrent || matchesPrevious;
  }
}
