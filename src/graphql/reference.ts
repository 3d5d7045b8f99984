import { parseGlobalId, type NodeType } from '../core/ids.js';
import { Access, assertAccess } from './auth-checker.js';
import type { GraphQLContext } from './context.js';

/**
 * Loads a row by a global ID of the given type for a reference resolver (Federation's `_entities`)
 * and `node(id:)`: the caller is checked first, whatever the ID looks like, and an ID of another
 * type or organization is null, exactly like an unknown one.
 */
export async function loadReference<T>(ctx: GraphQLContext, globalId: string, type: NodeType, byId: (dbId: string) => Promise<T | null>): Promise<T | null> {
  assertAccess(ctx.caller, Access.MEMBER);
  const dbId = parseGlobalId(globalId, type);
  return dbId ? byId(dbId) : null;
}
