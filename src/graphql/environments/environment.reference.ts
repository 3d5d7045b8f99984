import type { GraphQLContext } from '../context.js';
import { loadReference } from '../reference.js';
import { EnvironmentNode } from './environment.type.js';

export async function resolveEnvironmentReference({ id }: { id: string }, ctx: GraphQLContext): Promise<EnvironmentNode | null> {
  const row = await loadReference(ctx, id, 'Environment', (dbId) => ctx.loaders.environmentById.load(dbId));
  return row && EnvironmentNode.from(row);
}
