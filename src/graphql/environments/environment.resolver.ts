import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Environment } from '../../store/entities/environment.entity.js';
import { findPage } from '../../store/pages.js';
import { Access } from '../auth-checker.js';
import { ClientProviderNode } from '../client-providers/client-provider.type.js';
import { clientConnection, ClientConnection } from '../clients/client.type.js';
import { PageArgsInput, countFor, pageArgs } from '../connection.js';
import type { GraphQLContext } from '../context.js';
import { DeletePayload, EnvironmentPayload, runMutation } from '../payloads.js';
import { resolveEnvironmentReference } from './environment.reference.js';
import { CreateEnvironmentInput, DeleteEnvironmentInput, UpdateEnvironmentInput } from './environment.inputs.js';
import { EnvironmentConnection, EnvironmentNode } from './environment.type.js';

@Resolver(() => EnvironmentNode)
export class EnvironmentResolver {
  @Authorized(Access.MEMBER)
  @Query(() => EnvironmentConnection)
  async environments(@Args(() => PageArgsInput) pageInput: PageArgsInput, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    const { org } = ctx.principal;
    const args = pageArgs(pageInput);
    const countAll = countFor(info, () => ctx.em.count(Environment, { orgId: org }));
    return EnvironmentConnection.from(await findPage(ctx.em, Environment, { orgId: org }, args), EnvironmentNode.from, countAll);
  }

  @Authorized(Access.MEMBER)
  @Query(() => EnvironmentNode, { nullable: true })
  environment(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return resolveEnvironmentReference({ id }, ctx);
  }

  @Authorized(Access.MEMBER)
  @FieldResolver(() => [ClientProviderNode], { description: 'Linked providers; the built-in provider always comes first.' })
  async clientProviders(@Root() environment: EnvironmentNode, @Ctx() ctx: GraphQLContext) {
    return (await ctx.loaders.providersByEnvironment.load(environment.dbId)).map(ClientProviderNode.from);
  }

  @Authorized(Access.MEMBER)
  @FieldResolver(() => ClientProviderNode, { description: 'Where new clients are registered unless another provider is named.' })
  async defaultClientProvider(@Root() environment: EnvironmentNode, @Ctx() ctx: GraphQLContext) {
    // The default is always linked, so the batched link lookup answers this too.
    const linked = await ctx.loaders.providersByEnvironment.load(environment.dbId);
    const provider = linked.find((p) => p.id === environment.defaultProviderId) ?? (await ctx.loaders.providerById.load(environment.defaultProviderId));
    return ClientProviderNode.from(provider!);
  }

  @Authorized(Access.MEMBER)
  @FieldResolver(() => ClientConnection)
  async clients(@Root() environment: EnvironmentNode, @Args(() => PageArgsInput) pageInput: PageArgsInput, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    const args = pageArgs(pageInput);
    const countAll = countFor(info, () => ctx.loaders.clientCount('environment', environment.dbId));
    return clientConnection(await ctx.loaders.clientPage('environment', environment.dbId, args), ctx.readTime(), countAll);
  }

  @Authorized(Access.ADMIN)
  @Mutation(() => EnvironmentPayload)
  async createEnvironment(@Arg('input', () => CreateEnvironmentInput) input: CreateEnvironmentInput, @Ctx() ctx: GraphQLContext) {
    const { result, userErrors } = await runMutation(ctx, () => ctx.services.environments.create(input));
    return { environment: result && EnvironmentNode.from(result), userErrors };
  }

  @Authorized(Access.ADMIN)
  @Mutation(() => EnvironmentPayload)
  async updateEnvironment(@Arg('input', () => UpdateEnvironmentInput) input: UpdateEnvironmentInput, @Ctx() ctx: GraphQLContext) {
    const { result, userErrors } = await runMutation(ctx, () => ctx.services.environments.update(input.id, input));
    return { environment: result && EnvironmentNode.from(result), userErrors };
  }

  @Authorized(Access.ADMIN)
  @Mutation(() => DeletePayload, { description: 'Refused while clients exist in the environment.' })
  async deleteEnvironment(@Arg('input', () => DeleteEnvironmentInput) input: DeleteEnvironmentInput, @Ctx() ctx: GraphQLContext) {
    const { result, userErrors } = await runMutation(ctx, () => ctx.services.environments.delete(input.id));
    return { deletedId: result, userErrors };
  }
}
