import type { EntityManager } from '@mikro-orm/knex';
import type { Principal } from '../../core/caller.js';
import { UserErrorCode, UserErrors } from '../../core/errors.js';
import type { EnvironmentType } from '../../core/model.js';
import { environmentEvent, environmentState } from '../audit-events.js';
import { Validator } from '../../core/validation.js';
import { ClientProvider } from '../../store/entities/client-provider.entity.js';
import { Client } from '../../store/entities/client.entity.js';
import { Environment } from '../../store/entities/environment.entity.js';
import { ProviderLink } from '../../store/entities/provider-link.entity.js';
import { findEnvironment } from '../../store/lookups.js';
import type { Transactions } from '../../store/transaction.js';
import type { BuiltInProviders } from '../client-providers/built-in-providers.js';

export interface EnvironmentChange {
  name?: string | null;
  type?: EnvironmentType | null;
}

/** Rules for environments (organization administrators). */
export class EnvironmentService {
  constructor(
    private readonly caller: Principal,
    private readonly em: EntityManager,
    private readonly deps: { builtInProviders: BuiltInProviders; transactions: Transactions },
  ) {}

  /** A new environment is linked to the built-in provider, which is its default. */
  async create(input: { name: string; type: EnvironmentType }): Promise<Environment> {
    const { org } = this.caller;
    const check = new Validator();
    const name = check.name('name', input.name);
    if (!check.ok) throw new UserErrors(check.errors);
    const builtInId = await this.deps.builtInProviders.ensure(this.em, org);
    return this.deps.transactions.run(this.em,
      async ({ em, audit }) => {
        await assertNameFree(em, org, name, null);
        const builtIn = em.getReference(ClientProvider, builtInId);
        const environment = em.create(Environment, { orgId: org, name, type: input.type, defaultProvider: builtIn });
        em.create(ProviderLink, { environment, provider: builtIn });
        audit(environmentEvent(this.caller, 'create', environment, { summary: `Environment ${name} created` }, null, environmentState(environment)));
        return environment;
      },
      nameTaken,
    );
  }

  async update(environmentGlobalId: string, input: EnvironmentChange): Promise<Environment> {
    const { org } = this.caller;
    return this.deps.transactions.run(this.em,
      async ({ em, audit }) => {
        const environment = await findEnvironment(em, org, environmentGlobalId, 'id');
        const before = environmentState(environment);
        const check = new Validator();
        const name = input.name === undefined || input.name === null ? environment.name : check.name('name', input.name);
        if (!check.ok) throw new UserErrors(check.errors);
        if (name !== environment.name) await assertNameFree(em, org, name, environment.id);
        environment.name = name;
        environment.type = input.type ?? environment.type;
        audit(environmentEvent(this.caller, 'update', environment, { summary: `Environment ${name} updated` }, before, environmentState(environment)));
        return environment;
      },
      nameTaken,
    );
  }

  /** Refused while clients exist in the environment. */
  async delete(environmentGlobalId: string): Promise<string> {
    const { org } = this.caller;
    await this.deps.transactions.run(this.em, async ({ em, invalidate, audit }) => {
      const environment = await findEnvironment(em, org, environmentGlobalId, 'id');
      const clients = await em.count(Client, { environment });
      if (clients > 0) throw UserErrors.of(UserErrorCode.ENVIRONMENT_HAS_CLIENTS, `The environment still has ${clients} client(s); delete them first`, 'id');
      await em.nativeDelete(ProviderLink, { environment });
      em.remove(environment);
      invalidate({ kind: 'routes' });
      audit(environmentEvent(this.caller, 'delete', environment, { summary: `Environment ${environment.name} deleted` }, environmentState(environment), null));
    });
    return environmentGlobalId;
  }
}

async function assertNameFree(em: EntityManager, org: string, name: string, self: string | null): Promise<void> {
  const others = await em.count(Environment, { orgId: org, name, ...(self ? { id: { $ne: self } } : {}) });
  if (others > 0) throw nameTaken();
}

const nameTaken = () => UserErrors.of(UserErrorCode.NAME_TAKEN, 'An environment with this name already exists', 'name');
