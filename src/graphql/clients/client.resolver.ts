import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ClientProviderNode } from '../client-providers/client-provider.type.js';
import { PageArgsInput, pageArgs } from '../connection.js';
import { findPage } from '../../store/pages.js';
import { parseGlobalId } from '../../core/ids.js';
import { runMutation } from '../payloads.js';
import { DeletePayload } from '../environments/environment.inputs.js';
import { EnvironmentNode } from '../environments/environment.type.js';
import type { RequestContext } from '../context.js';
import { Client } from '../../store/entities/client.entity.js';
import {
  ClientPayload,
  DeleteClientInput,
  ImportClientInput,
  RegisterClientInput,
  RegisterClientPayload,
  RotateClientSecretInput,
  UpdateClientInput,
} from './client.inputs.js';
import { ClientService, type IssuedClient } from '../../domains/clients/client.service.js';
import { ClientConnection, ClientNode } from './client.type.js';

@ArgsType()
class ClientsArgs extends PageArgsInput {
  @Field(() => ID, { nullable: true }) environmentId?: string | null;
  @Field(() => ID, { nullable: true }) clientProviderId?: string | null;
}

const NO_MATCH = '00000000-0000-0000-0000-000000000000';

@Resolver(() => ClientNode)
export class ClientResolver {
  @Query(() => ClientConnection, { description: 'Administrators see every client of the organization; members see their own.' })
  async clients(@Args(() => ClientsArgs) { first, after, environmentId, clientProviderId }: ClientsArgs, @Ctx() ctx: RequestContext) {
    const args = pageArgs(first, after);
    // An unknown filter ID matches nothing, exactly like an ID of another organization.
    const where = {
      ...ctx.loaders.clientScope(),
      ...(environmentId ? { environment: parseGlobalId(environmentId, 'Environment') ?? NO_MATCH } : {}),
      ...(clientProviderId ? { provider: parseGlobalId(clientProviderId, 'ClientProvider') ?? NO_MATCH } : {}),
    };
    const page = await findPage(ctx.em, Client, where, args);
    return ClientConnection.from(page, ClientNode.from, () => ctx.em.count(Client, where));
  }

  @Query(() => ClientNode, { nullable: true })
  async client(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    const { loaders } = ctx; // checks the caller first, whatever the ID looks like
    const dbId = parseGlobalId(id, 'Client');
    const row = dbId ? await loaders.clientById.load(dbId) : null;
    return row && ClientNode.from(row);
  }

  @Query(() => Boolean, {
    description: 'For gateways enforcing client-id policies: whether the built-in provider issued this client id and secret in the environment.',
  })
  verifyClientCredentials(
    @Arg('environmentId', () => ID) environmentId: string,
    @Arg('clientId', () => String) clientId: string,
    @Arg('clientSecret', () => String) clientSecret: string,
    @Ctx() ctx: RequestContext,
  ) {
    return new ClientService(ctx).verifyCredentials(environmentId, clientId, clientSecret);
  }

  @FieldResolver(() => ClientProviderNode)
  async provider(@Root() client: ClientNode, @Ctx() ctx: RequestContext) {
    return ClientProviderNode.from((await ctx.loaders.providerById.load(client.providerId))!);
  }

  @FieldResolver(() => EnvironmentNode)
  async environment(@Root() client: ClientNode, @Ctx() ctx: RequestContext) {
    return EnvironmentNode.from((await ctx.loaders.environmentById.load(client.environmentId))!);
  }

  @Mutation(() => RegisterClientPayload, { description: 'The client secret is in this answer only.' })
  async registerClient(@Arg('input', () => RegisterClientInput) input: RegisterClientInput, @Ctx() ctx: RequestContext) {
    return issued(await runMutation(() => new ClientService(ctx).register(input)));
  }

  @Mutation(() => ClientPayload)
  async updateClient(@Arg('input', () => UpdateClientInput) input: UpdateClientInput, @Ctx() ctx: RequestContext) {
    const { result, userErrors } = await runMutation(() => new ClientService(ctx).update(input));
    return { client: result && ClientNode.from(result.client), changedInProvider: result?.changedInProvider ?? null, userErrors };
  }

  @Mutation(() => ClientPayload, { description: 'Records a client that already exists in the IdP (organization_admin).' })
  async importClient(@Arg('input', () => ImportClientInput) input: ImportClientInput, @Ctx() ctx: RequestContext) {
    const { result, userErrors } = await runMutation(() => new ClientService(ctx).import(input));
    return { client: result && ClientNode.from(result), changedInProvider: result ? false : null, userErrors };
  }

  @Mutation(() => DeletePayload)
  async deleteClient(@Arg('input', () => DeleteClientInput) input: DeleteClientInput, @Ctx() ctx: RequestContext) {
    const { result, userErrors } = await runMutation(() => new ClientService(ctx).delete(input));
    return { deletedId: result?.deletedId ?? null, deletedInProvider: result?.deletedInProvider ?? null, userErrors };
  }

  @Mutation(() => RegisterClientPayload, {
    description: 'Issues a new secret, returned once; the previous one stays valid for a grace period.',
  })
  async rotateClientSecret(@Arg('input', () => RotateClientSecretInput) input: RotateClientSecretInput, @Ctx() ctx: RequestContext) {
    return issued(await runMutation(() => new ClientService(ctx).rotateSecret(input)));
  }
}

function issued({ result, userErrors }: { result: IssuedClient | null; userErrors: RegisterClientPayload['userErrors'] }) {
  return { client: result && ClientNode.from(result.client), clientSecret: result?.clientSecret ?? null, userErrors };
}
