import { ProviderLink } from '../../store/entities/provider-link.entity.js';
import { ClientProvider } from '../../store/entities/client-provider.entity.js';
import { Client } from '../../store/entities/client.entity.js';
import { UserErrorCode, UserErrors, userError } from '../../core/errors.js';
import { findEnvironment } from '../../store/lookups.js';
import { inTransaction } from '../../store/transaction.js';
import { Validator } from '../../core/validation.js';
import type { RequestContext } from '../../graphql/context.js';
import { Environment } from '../../store/entities/environment.entity.js';
import type { CreateEnvironmentInput, DeleteEnvironmentInput, UpdateEnvironmentInput } from '../../graphql/environments/environment.inputs.js';

/** Rules for environments; every method runs as an organization administrator. */
export class EnvironmentService {
  constructor(private readonly ctx: RequestContext) {}

  async create(input: CreateEnvironmentInput): Promise<Environment> {
    const { org } = this.ctx.admin();
    const check = new Validator();
    const name = check.name('name', input.name);
    if (!check.ok) throw new UserErrors(check.errors);
    const builtInId = await this.ctx.app.builtInProviders.ensure(this.ctx.em, org);
    return inTransaction(this.ctx, async (em) => {
      await this.assertNameFree(em, org, name, null);
      const environment = em.create(Environment, {
        orgId: org,
        name,
        type: input.type,
        defaultProvider: em.getReference(ClientProvider, builtInId),
      });
      em.create(ProviderLink, { environment, provider: em.getReference(ClientProvider, builtInId) });
      return environment;
    }, nameTaken);
  }

  async update(input: UpdateEnvironmentInput): Promise<Environment> {
    const { org } = this.ctx.admin();
    return inTransaction(this.ctx, async (em) => {
      const environment = await findEnvironment(em, org, input.id, 'id');
      const check = new Validator();
      const name = input.name === undefined || input.name === null ? environment.name : check.name('name', input.name);
      if (!check.ok) throw new UserErrors(check.errors);
      if (name !== environment.name) await this.assertNameFree(em, org, name, environment.id);
      environment.name = name;
      environment.type = input.type ?? environment.type;
      return environment;
    }, nameTaken);
  }

  async delete(input: DeleteEnvironmentInput): Promise<string> {
    const { org } = this.ctx.admin();
    return inTransaction(this.ctx, async (em) => {
      const environment = await findEnvironment(em, org, input.id, 'id');
      const clients = await em.count(Client, { environment });
      if (clients > 0) {
        throw new UserErrors([
          userError(
            UserErrorCode.ENVIRONMENT_HAS_CLIENTS,
            `The environment still has ${clients} client(s); delete them first`,
            'id',
          ),
        ]);
      }
      await em.nativeDelete(ProviderLink, { environment });
      em.remove(environment);
      this.ctx.app.tokenRouting.dropRoutes();
      return input.id;
    });
  }

  private async assertNameFree(em: RequestContext['em'], org: string, name: string, self: string | null): Promise<void> {
    const others = await em.count(Environment, { orgId: org, name, ...(self ? { id: { $ne: self } } : {}) });
    if (others > 0) throw nameTaken();
  }
}

const nameTaken = () =>
  new UserErrors([userError(UserErrorCode.NAME_TAKEN, 'An environment with this name already exists', 'name')]);

