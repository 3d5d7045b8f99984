import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ClientConnection, ClientNode } from '../clients/client.type.js';
import { PageArgsInput, pageArgs } from '../connection.js';
import { findPage } from '../../store/pages.js';
import { parseGlobalId } from '../../core/ids.js';
import { runMutation } from '../payloads.js';
import { DeletePayload, EnvironmentPayload } from '../environments/environment.inputs.js';
import { EnvironmentNode } from '../environments/environment.type.js';
import type { RequestContext } from '../context.js';
import { ClientProvider } from '../../store/entities/client-provider.entity.js';
import {
  ClientProviderPayload,
  CreateClientProviderInput,
  DeleteClientProviderInput,
  LinkClientProviderInput,
  UnlinkClientProviderInput,
  UpdateClientProviderInput,
} from './client-provider.inputs.js';
import { ClientProviderService } from '../../domains/client-providers/client-provider.service.js';
import { TestClientProviderInput, TestClientProviderPayload, testClientProvider } from '../../domains/client-providers/connection-test.js';
import { ClientProviderConnection, ClientProviderNode } from './client-provider.type.js';

@Resolver(() => ClientProviderNode)
export class ClientProviderResolver {
  @Query(() => ClientProviderConnection, { description: 'The built-in provider comes first.' })
  async clientProviders(@Args(() => PageArgsInput) { first, after }: PageArgsInput, @Ctx() ctx: RequestContext) {
    const { org } = ctx.member();
    const args = pageArgs(first, after);
    await ctx.app.builtInProviders.ensure(ctx.em, org);
    const page = await findPage(ctx.em, ClientProvider, { orgId: org }, args);
    return ClientProviderConnection.from(page, ClientProviderNode.from, () => ctx.em.count(ClientProvider, { orgId: org }));
  }

  @Query(() => ClientProviderNode, { nullable: true })
  async clientProvider(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    const { loaders } = ctx; // checks the caller first, whatever the ID looks like
    const dbId = parseGlobalId(id, 'ClientProvider');
    const row = dbId ? await loaders.providerById.load(dbId) : null;
    return row && ClientProviderNode.from(row);
  }

  @FieldResolver(() => [EnvironmentNode], { description: 'Environments the provider is linked to.' })
  async environments(@Root() provider: ClientProviderNode, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.environmentsByProvider.load(provider.dbId)).map(EnvironmentNode.from);
  }

  @FieldResolver(() => ClientConnection)
  async clients(@Root() provider: ClientProviderNode, @Args(() => PageArgsInput) { first, after }: PageArgsInput, @Ctx() ctx: RequestContext) {
    const args = pageArgs(first, after);
    const page = await ctx.loaders.clientPage('provider_id', provider.dbId, args);
    return ClientConnection.from(page, ClientNode.from, () => ctx.loaders.clientCount('provider_id', provider.dbId));
  }

  @Mutation(() => ClientProviderPayload, { description: 'Adds an external identity provider (organization_admin).' })
  async createClientProvider(@Arg('input', () => CreateClientProviderInput) input: CreateClientProviderInput, @Ctx() ctx: RequestContext) {
    const { result, userErrors } = await runMutation(() => new ClientProviderService(ctx).create(input));
    return { clientProvider: result && ClientProviderNode.from(result), userErrors };
  }

  @Mutation(() => ClientProviderPayload, { description: 'Omitted fields keep their value; an omitted secret keeps the stored one.' })
  async updateClientProvider(@Arg('input', () => UpdateClientProviderInput) input: UpdateClientProviderInput, @Ctx() ctx: RequestContext) {
    const { result, userErrors } = await runMutation(() => new ClientProviderService(ctx).update(input));
    return { clientProvider: result && ClientProviderNode.from(result), userErrors };
  }

  @Mutation(() => DeletePayload, { description: 'Refused while the provider is linked or holds clients.' })
  async deleteClientProvider(@Arg('input', () => DeleteClientProviderInput) input: DeleteClientProviderInput, @Ctx() ctx: RequestContext) {
    const { result, userErrors } = await runMutation(() => new ClientProviderService(ctx).delete(input));
    return { deletedId: result, userErrors };
  }

  @Mutation(() => TestClientProviderPayload, { description: 'Checks the provider against its IdP, leaving nothing behind (organization_admin).' })
  async testClientProvider(@Arg('input', () => TestClientProviderInput) input: TestClientProviderInput, @Ctx() ctx: RequestContext) {
    const { result, userErrors } = await runMutation(() => testClientProvider(ctx, input));
    return { ok: result !== null && result.every((c) => c.ok), checks: result ?? [], userErrors };
  }

  @Mutation(() => EnvironmentPayload)
  async linkClientProvider(@Arg('input', () => LinkClientProviderInput) input: LinkClientProviderInput, @Ctx() ctx: RequestContext) {
    const { result, userErrors } = await runMutation(() => new ClientProviderService(ctx).link(input));
    return { environment: result && EnvironmentNode.from(result), userErrors };
  }

  @Mutation(() => EnvironmentPayload, { description: 'Refused for the built-in or default provider, or while it has clients there.' })
  async unlinkClientProvider(@Arg('input', () => UnlinkClientProviderInput) input: UnlinkClientProviderInput, @Ctx() ctx: RequestContext) {
    const { result, userErrors } = await runMutation(() => new ClientProviderService(ctx).unlink(input));
    return { environment: result && EnvironmentNode.from(result), userErrors };
  }
}
