import type { GraphQLResolveInfo } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { UserError } from '../../core/errors.js';
import { parseGlobalId } from '../../core/ids.js';
import type { IssuedClient } from '../../domains/clients/client-deps.js';
import { ClientStatus } from '../../core/model.js';
import { hasControlCharacters } from '../../core/validation.js';
import type { ClientFilter } from '../../store/client-queries.js';
import type { Client } from '../../store/entities/client.entity.js';
import { Access } from '../auth-checker.js';
import { ClientProviderNode } from '../client-providers/client-provider.type.js';
import { PageArgsInput, countFor, pageArgs } from '../connection.js';
import type { GraphQLContext } from '../context.js';
import { badUserInput } from '../errors.js';
import { EnvironmentNode } from '../environments/environment.type.js';
import { DeletePayload, runMutation } from '../payloads.js';
import { resolveClientReference } from './client.reference.js';
import {
  ClientPayload,
  DeleteClientInput,
  DismissUnresolvedClientInput,
  ImportClientInput,
  RegisterClientInput,
  RegisterClientPayload,
  RotateClientSecretInput,
  UpdateClientInput,
} from './client.inputs.js';
import { clientConnection, ClientConnection, ClientNode, type ReadTime } from './client.type.js';

const MAX_SEARCH_LENGTH = 200;

@ArgsType()
class ClientsArgs extends PageArgsInput {
  @Field(() => ID, { nullable: true }) environmentId?: string | null;
  @Field(() => ID, { nullable: true }) clientProviderId?: string | null;
  @Field(() => [ClientStatus], { nullable: true, description: 'Only clients in one of these states (e.g. UNRESOLVED, ORPHANED).' })
  status?: ClientStatus[] | null;
  @Field(() => String, {
    nullable: true,
    description: `Only clients whose name contains this text, ignoring case (on the embedded SQLite store, of A–Z only), or whose clientId is exactly this text; % and _ are plain characters. At most ${MAX_SEARCH_LENGTH} characters.`,
  })
  search?: string | null;
  @Field(() => DateTimeResolver, {
    nullable: true,
    description: 'Only clients whose secret expires (as their identity provider says) before this time, those already expired included; clients whose secret never expires are not among them.',
  })
  secretExpiresBefore?: Date | null;
}

const NO_MATCH = '00000000-0000-0000-0000-000000000000';

/** Checked search text: bounded, single-line; blank searches for nothing in particular. */
function searchText(search: string | null | undefined): string | undefined {
  if (search === null || search === undefined) return undefined;
  if (search.length > MAX_SEARCH_LENGTH) throw badUserInput(`search must be at most ${MAX_SEARCH_LENGTH} characters`, 'search');
  if (hasControlCharacters(search)) throw badUserInput('search must not contain control characters', 'search');
  const text = search.trim();
  return text === '' ? undefined : text;
}

@Resolver(() => ClientNode)
export class ClientResolver {
  @Authorized(Access.MEMBER)
  @Query(() => ClientConnection, { description: 'Administrators see every client of the organization; members see their own.' })
  async clients(@Args(() => ClientsArgs) { environmentId, clientProviderId, status, search, secretExpiresBefore, ...pageInput }: ClientsArgs, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    const args = pageArgs(pageInput);
    const text = searchText(search);
    // An unknown filter ID matches nothing, exactly like an ID of another organization.
    const filter: ClientFilter = {
      ...(environmentId ? { environmentId: parseGlobalId(environmentId, 'Environment') ?? NO_MATCH } : {}),
      ...(clientProviderId ? { providerId: parseGlobalId(clientProviderId, 'ClientProvider') ?? NO_MATCH } : {}),
      ...(status ? { statuses: status } : {}),
      ...(text !== undefined ? { search: text } : {}),
      ...(secretExpiresBefore ? { secretExpiresBefore } : {}),
    };
    const countAll = countFor(info, () => ctx.loaders.clientTotal(filter));
    return clientConnection(await ctx.loaders.clientList(filter, args), ctx.readTime(), countAll);
  }

  @Authorized(Access.MEMBER)
  @Query(() => ClientNode, { nullable: true })
  client(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return resolveClientReference({ id }, ctx);
  }

  @Authorized(Access.GATEWAY)
  @Query(() => Boolean, {
    description: 'For gateways enforcing client-id policies: whether the built-in provider issued this client id and secret in the environment.',
  })
  verifyClientCredentials(
    @Arg('environmentId', () => ID) environmentId: string,
    @Arg('clientId', () => String) clientId: string,
    @Arg('clientSecret', () => String) clientSecret: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return ctx.services.clientCredentials.verify(environmentId, clientId, clientSecret);
  }

  @Authorized(Access.MEMBER)
  @FieldResolver(() => ClientProviderNode)
  async provider(@Root() client: ClientNode, @Ctx() ctx: GraphQLContext) {
    return ClientProviderNode.from((await ctx.loaders.providerById.load(client.providerId))!);
  }

  @Authorized(Access.MEMBER)
  @FieldResolver(() => EnvironmentNode)
  async environment(@Root() client: ClientNode, @Ctx() ctx: GraphQLContext) {
    return EnvironmentNode.from((await ctx.loaders.environmentById.load(client.environmentId))!);
  }

  @Authorized(Access.MEMBER)
  @Mutation(() => RegisterClientPayload, { description: 'The client secret is in this answer only.' })
  async registerClient(@Arg('input', () => RegisterClientInput) input: RegisterClientInput, @Ctx() ctx: GraphQLContext) {
    return issued(await runMutation(ctx, () => ctx.services.registrations.register(input)), ctx.readTime());
  }

  @Authorized(Access.MEMBER)
  @Mutation(() => ClientPayload)
  async updateClient(@Arg('input', () => UpdateClientInput) input: UpdateClientInput, @Ctx() ctx: GraphQLContext) {
    const { result, userErrors } = await runMutation(ctx, () => ctx.services.clientChanges.update(input.id, input));
    return { client: result && ClientNode.from(result.client, ctx.readTime()), changedInProvider: result?.changedInProvider ?? null, userErrors };
  }

  @Authorized(Access.ADMIN)
  @Mutation(() => ClientPayload, { description: 'Records a client that already exists in the IdP (organization_admin).' })
  async importClient(@Arg('input', () => ImportClientInput) input: ImportClientInput, @Ctx() ctx: GraphQLContext) {
    const { result, userErrors } = await runMutation(ctx, () => ctx.services.registrations.import(input));
    return { client: result && ClientNode.from(result, ctx.readTime()), changedInProvider: result ? false : null, userErrors };
  }

  @Authorized(Access.ADMIN)
  @Mutation(() => DeletePayload, {
    description: 'Forgets an UNRESOLVED client whose registration the IdP turned out not to hold (organization_admin).',
  })
  async dismissUnresolvedClient(@Arg('input', () => DismissUnresolvedClientInput) input: DismissUnresolvedClientInput, @Ctx() ctx: GraphQLContext) {
    const { result, userErrors } = await runMutation(ctx, () => ctx.services.registrations.dismissUnresolved(input.id));
    return { deletedId: result, deletedInProvider: result ? false : null, userErrors };
  }

  @Authorized(Access.MEMBER)
  @Mutation(() => DeletePayload)
  async deleteClient(@Arg('input', () => DeleteClientInput) input: DeleteClientInput, @Ctx() ctx: GraphQLContext) {
    const { result, userErrors } = await runMutation(ctx, () => ctx.services.clientChanges.delete(input.id));
    return { deletedId: result?.deletedId ?? null, deletedInProvider: result?.deletedInProvider ?? null, userErrors };
  }

  @Authorized(Access.MEMBER)
  @Mutation(() => RegisterClientPayload, {
    description: 'Issues a new secret, returned once; the previous one stays valid for a grace period.',
  })
  async rotateClientSecret(@Arg('input', () => RotateClientSecretInput) input: RotateClientSecretInput, @Ctx() ctx: GraphQLContext) {
    return issued(await runMutation(ctx, () => ctx.services.clientChanges.rotateSecret(input.id)), ctx.readTime());
  }
}

function issued({ result, userErrors }: { result: IssuedClient<Client> | null; userErrors: UserError[] }, time: ReadTime) {
  return { client: result && ClientNode.from(result.client, time), clientSecret: result?.clientSecret ?? null, userErrors };
}
