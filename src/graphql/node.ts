import { Field, ID, InterfaceType } from 'type-graphql';
import type { NodeType } from '../core/ids.js';

/** Which object type a node is: each node type's objects say it themselves. Synchronous, as graphql-jit takes it (schema.ts). */
export const nodeTypeOf = (value: { nodeType: NodeType }): NodeType => value.nodeType;

@InterfaceType('Node', {
  description: 'An object with an opaque, globally unique ID.',
  resolveType: nodeTypeOf,
})
export abstract class Node {
  @Field(() => ID)
  id!: string;
}
