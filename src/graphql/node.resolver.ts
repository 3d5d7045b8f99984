import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { ClientProviderNode } from './client-providers/client-provider.type.js';
import { ClientNode } from './clients/client.type.js';
import { fromGlobalId, type NodeType } from '../core/ids.js';
import { Node } from './node.js';
import { EnvironmentNode } from './environments/environment.type.js';
import type { RequestContext } from './context.js';

/** Resolves any object by its global ID: what `node(id:)` and federation's `_entities` share. */
export async function loadNode(ctx: RequestContext, globalId: string, expectedType?: NodeType): Promise<Node | null> {
  const { loaders } = ctx; // checks the caller first, whatever the ID looks like
  const parsed = fromGlobalId(globalId);
  if (!parsed || (expectedType && parsed.type !== expectedType)) return null;
  switch (parsed.type) {
    case 'Environment': {
      const row = await loaders.environmentById.load(parsed.id);
      return row && EnvironmentNode.from(row);
    }
    case 'ClientProvider': {
      const row = await loaders.providerById.load(parsed.id);
      return row && ClientProviderNode.from(row);
    }
    case 'Client': {
      const row = await loaders.clientById.load(parsed.id);
      return row && ClientNode.from(row);
    }
  }
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its opaque ID.' })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return loadNode(ctx, id);
  }
}
