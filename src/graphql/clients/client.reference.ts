import type { GraphQLContext } from '../context.js';
import { loadReference } from '../reference.js';
import { ClientNode } from './client.type.js';

export async function resolveClientReference({ id }: { id: string }, ctx: GraphQLContext): Promise<ClientNode | null> {
  const row = await loadReference(ctx, id, 'Client', (dbId) => ctx.loaders.clientById.load(dbId));
  return row && ClientNode.from(row, ctx.readTime());
}
