import type { GraphQLContext } from '../context.js';
import { loadReference } from '../reference.js';
import { ClientProviderNode } from './client-provider.type.js';

export async function resolveClientProviderReference({ id }: { id: string }, ctx: GraphQLContext): Promise<ClientProviderNode | null> {
  const row = await loadReference(ctx, id, 'ClientProvider', (dbId) => ctx.loaders.providerById.load(dbId));
  return row && ClientProviderNode.from(row);
}
