import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ClientProviderNode } from '../client-providers/client-provider.type.js';
import { ClientConnection, ClientNode } from '../clients/client.type.js';
import { PageArgsInput, pageArgs } from '../connection.js';
import { findPage } from '../../store/pages.js';
import { parseGlobalId } from '../../core/ids.js';
import { runMutation } from '../payloads.js';
import type { RequestContext } from '../context.js';
import { Environment } from '../../store/entities/environment.entity.js';
import {
  CreateEnvironmentInput,
  DeleteEnvironmentInput,
  DeletePayload,
  EnvironmentPayload,
  UpdateEnvironmentInput,
} from './environment.inputs.js';
import { EnvironmentService } from '../../domains/environments/environment.service.js';
import { EnvironmentConnection, EnvironmentNode } from './environment.type.js';

@Resolver(() => EnvironmentNode)
export class EnvironmentResolver {
  @Query(() => EnvironmentConnection)
  async environments(@Args(() => PageArgsInput) { first, after }: PageArgsInput, @Ctx() ctx: RequestContext) {
    const { org } = ctx.member();
    const args = pageArgs(first, after);
    const page = await findPage(ctx.em, Environment, { orgId: org }, args);
    return EnvironmentConnection.from(page, EnvironmentNode.from, () => ctx.em.count(Environment, { orgId: org }));
  }

  @Query(() => EnvironmentNode, { nullable: true })
  async environment(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    const { loaders } = ctx; // checks the caller first, whatever the ID looks like
    const dbId = parseGlobalId(id, 'Environment');
    const row = dbId ? await loaders.environmentById.load(dbId) : null;
    return row && EnvironmentNode.from(row);
  }

  @FieldResolver(() => [ClientProviderNode], { description: 'Linked providers; the built-in provider always comes first.' })
  async clientProviders(@Root() environment: EnvironmentNode, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.providersByEnvironment.load(environment.dbId)).map(ClientProviderNode.from);
  }

  @FieldResolver(() => ClientProviderNode, { description: 'Where new clients are registered unless another provider is named.' })
  async defaultClientProvider(@Root() environment: EnvironmentNode, @Ctx() ctx: RequestContext) {
    // The default is always linked, so the batched link lookup answers this too.
    const linked = await ctx.loaders.providersByEnvironment.load(environment.dbId);
    const provider = linked.find((p) => p.id === environment.defaultProviderId) ?? (await ctx.loaders.providerById.load(environment.defaultProviderId));
    return ClientProviderNode.from(provider!);
  }

  @FieldResolver(() => ClientConnection)
  async clients(@Root() environment: EnvironmentNode, @Args(() => PageArgsInput) { first, after }: PageArgsInput, @Ctx() ctx: RequestContext) {
    const args = pageArgs(first, after);
    const page = await ctx.loaders.clientPage('environment_id', environment.dbId, args);
    return ClientConnection.from(page, ClientNode.from, () => ctx.loaders.clientCount('environment_id', environment.dbId));
  }

  @Mutation(() => EnvironmentPayload)
  async createEnvironment(@Arg('input', () => CreateEnvironmentInput) input: CreateEnvironmentInput, @Ctx() ctx: RequestContext) {
    const { result, userErrors } = await runMutation(() => new EnvironmentService(ctx).create(input));
    return { environment: result && EnvironmentNode.from(result), userErrors };
  }

  @Mutation(() => EnvironmentPayload)
  async updateEnvironment(@Arg('input', () => UpdateEnvironmentInput) input: UpdateEnvironmentInput, @Ctx() ctx: RequestContext) {
    const { result, userErrors } = await runMutation(() => new EnvironmentService(ctx).update(input));
    return { environment: result && EnvironmentNode.from(result), userErrors };
  }

  @Mutation(() => DeletePayload, { description: 'Refused while clients exist in the environment.' })
  async deleteEnvironment(@Arg('input', () => DeleteEnvironmentInput) input: DeleteEnvironmentInput, @Ctx() ctx: RequestContext) {
    const { result, userErrors } = await runMutation(() => new EnvironmentService(ctx).delete(input));
    return { deletedId: result, userErrors };
  }
}
