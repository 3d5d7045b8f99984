import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ClientProvider } from '../../store/entities/client-provider.entity.js';
import { findPage } from '../../store/pages.js';
import { PROVIDER_FIELDS } from '../../store/rows.js';
import { Access } from '../auth-checker.js';
import { clientConnection, ClientConnection, ClientNode } from '../clients/client.type.js';
import { PageArgsInput, countFor, pageArgs } from '../connection.js';
import type { GraphQLContext } from '../context.js';
import { EnvironmentNode } from '../environments/environment.type.js';
import { DeletePayload, EnvironmentPayload, runMutation } from '../payloads.js';
import { resolveClientProviderReference } from './client-provider.reference.js';
import {
  ClientProviderPayload,
  CreateClientProviderInput,
  DeleteClientProviderInput,
  LinkClientProviderInput,
  UnlinkClientProviderInput,
  UpdateClientProviderInput,
} from './client-provider.inputs.js';
import { ClientProviderConnection, ClientProviderNode } from './client-provider.type.js';
import { TestClientProviderInput, TestClientProviderPayload } from './connection-test.type.js';
import { ReconcileClientProviderInput, ReconcileClientProviderPayload, ReconciliationFindingType, ReconciliationReportType } from './reconciliation.type.js';

@Resolver(() => ClientProviderNode)
export class ClientProviderResolver {
  @Authorized(Access.MEMBER)
  @Query(() => ClientProviderConnection, { description: 'The built-in provider comes first.' })
  async clientProviders(@Args(() => PageArgsInput) pageInput: PageArgsInput, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    const { org } = ctx.principal;
    const args = pageArgs(pageInput);
    await ctx.domain.builtInProviders.ensure(ctx.em, org);
    const countAll = countFor(info, () => ctx.em.count(ClientProvider, { orgId: org }));
    return ClientProviderConnection.from(await findPage(ctx.em, ClientProvider, { orgId: org }, args, PROVIDER_FIELDS), ClientProviderNode.from, countAll);
  }

  @Authorized(Access.MEMBER)
  @Query(() => ClientProviderNode, { nullable: true })
  clientProvider(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return resolveClientProviderReference({ id }, ctx);
  }

  @Authorized(Access.ADMIN)
  @FieldResolver(() => ReconciliationReportType, { nullable: true, description: 'The last reconciliation with the IdP (organization_admin); null before the first.' })
  async lastReconciliation(@Root() provider: ClientProviderNode, @Ctx() ctx: GraphQLContext) {
    const report = await ctx.loaders.reconciliationByProvider.load(provider.dbId);
    return report ? ReconciliationReportType.from(report) : null;
  }

  @Authorized(Access.ADMIN)
  @Mutation(() => ReconcileClientProviderPayload, {
    description: 'Reads every client back from the IdP now and reports what differs (organization_admin); the report is also kept on the provider.',
  })
  async reconcileClientProvider(@Arg('input', () => ReconcileClientProviderInput) input: ReconcileClientProviderInput, @Ctx() ctx: GraphQLContext) {
    const { result, userErrors } = await runMutation(ctx, () => ctx.services.reconciliations.reconcile(input.id, input.removeOrphans ?? []));
    return { clientProvider: result && ClientProviderNode.from(result.provider), report: result && ReconciliationReportType.from(result.report), userErrors };
  }

  @Authorized(Access.MEMBER)
  @FieldResolver(() => [EnvironmentNode], { description: 'Environments the provider is linked to.' })
  async environments(@Root() provider: ClientProviderNode, @Ctx() ctx: GraphQLContext) {
    return (await ctx.loaders.environmentsByProvider.load(provider.dbId)).map(EnvironmentNode.from);
  }

  @Authorized(Access.MEMBER)
  @FieldResolver(() => ClientConnection)
  async clients(@Root() provider: ClientProviderNode, @Args(() => PageArgsInput) pageInput: PageArgsInput, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    const args = pageArgs(pageInput);
    const countAll = countFor(info, () => ctx.loaders.clientCount('provider', provider.dbId));
    return clientConnection(await ctx.loaders.clientPage('provider', provider.dbId, args), ctx.readTime(), countAll);
  }

  @Authorized(Access.ADMIN)
  @Mutation(() => ClientProviderPayload, { description: 'Adds an external identity provider (organization_admin).' })
  async createClientProvider(@Arg('input', () => CreateClientProviderInput) input: CreateClientProviderInput, @Ctx() ctx: GraphQLContext) {
    const { result, userErrors } = await runMutation(ctx, () => ctx.services.clientProviders.create(input));
    return { clientProvider: result && ClientProviderNode.from(result), userErrors };
  }

  @Authorized(Access.ADMIN)
  @Mutation(() => ClientProviderPayload, { description: 'Omitted fields keep their value; an omitted secret keeps the stored one.' })
  async updateClientProvider(@Arg('input', () => UpdateClientProviderInput) input: UpdateClientProviderInput, @Ctx() ctx: GraphQLContext) {
    const { result, userErrors } = await runMutation(ctx, () => ctx.services.clientProviders.update(input));
    return { clientProvider: result && ClientProviderNode.from(result), userErrors };
  }

  @Authorized(Access.ADMIN)
  @Mutation(() => DeletePayload, { description: 'Refused while the provider is linked or holds clients.' })
  async deleteClientProvider(@Arg('input', () => DeleteClientProviderInput) input: DeleteClientProviderInput, @Ctx() ctx: GraphQLContext) {
    const { result, userErrors } = await runMutation(ctx, () => ctx.services.clientProviders.delete(input.id));
    return { deletedId: result, userErrors };
  }

  @Authorized(Access.ADMIN)
  @Mutation(() => TestClientProviderPayload, { description: 'Checks the provider against its IdP, leaving nothing behind (organization_admin).' })
  async testClientProvider(@Arg('input', () => TestClientProviderInput) input: TestClientProviderInput, @Ctx() ctx: GraphQLContext) {
    const { result, userErrors } = await runMutation(ctx, () => ctx.services.connectionTest.run(input.id));
    return { ok: result !== null && result.every((c) => c.ok), checks: result ?? [], userErrors };
  }

  @Authorized(Access.ADMIN)
  @Mutation(() => EnvironmentPayload)
  async linkClientProvider(@Arg('input', () => LinkClientProviderInput) input: LinkClientProviderInput, @Ctx() ctx: GraphQLContext) {
    const { result, userErrors } = await runMutation(ctx, () => ctx.services.clientProviders.link(input));
    return { environment: result && EnvironmentNode.from(result), userErrors };
  }

  @Authorized(Access.ADMIN)
  @Mutation(() => EnvironmentPayload, { description: 'Refused for the built-in or default provider, or while it has clients there.' })
  async unlinkClientProvider(@Arg('input', () => UnlinkClientProviderInput) input: UnlinkClientProviderInput, @Ctx() ctx: GraphQLContext) {
    const { result, userErrors } = await runMutation(ctx, () => ctx.services.clientProviders.unlink(input));
    return { environment: result && EnvironmentNode.from(result), userErrors };
  }
}

@Resolver(() => ReconciliationFindingType)
export class ReconciliationFindingResolver {
  @Authorized(Access.ADMIN)
  @FieldResolver(() => ClientNode, { nullable: true, description: 'The platform’s client the finding is about; null for an orphan (or a client deleted since).' })
  async client(@Root() finding: ReconciliationFindingType, @Ctx() ctx: GraphQLContext) {
    const client = finding.clientRowId ? await ctx.loaders.clientById.load(finding.clientRowId) : null;
    return client ? ClientNode.from(client, ctx.readTime()) : null;
  }
}
