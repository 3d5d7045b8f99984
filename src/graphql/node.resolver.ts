import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { fromGlobalId, type NodeType } from '../core/ids.js';
import { Access } from './auth-checker.js';
import { resolveClientProviderReference } from './client-providers/client-provider.reference.js';
import { resolveClientReference } from './clients/client.reference.js';
import type { GraphQLContext } from './context.js';
import { resolveEnvironmentReference } from './environments/environment.reference.js';
import { Node } from './node.js';

/** Every entity type's reference resolver: Federation's `__resolveReference`, and what `node(id:)` dispatches to. */
export const referenceResolvers: Record<NodeType, (reference: { id: string }, ctx: GraphQLContext) => Promise<Node | null>> = {
  Environment: resolveEnvironmentReference,
  ClientProvider: resolveClientProviderReference,
  Client: resolveClientReference,
};

@Resolver()
export class NodeResolver {
  @Authorized(Access.MEMBER)
  @Query(() => Node, { nullable: true, description: 'Any object by its opaque ID.' })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    const type = fromGlobalId(id)?.type;
    return type ? referenceResolvers[type]({ id }, ctx) : null;
  }
}
