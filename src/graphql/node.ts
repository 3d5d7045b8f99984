import { Field, ID, InterfaceType } from 'type-graphql';
import type { NodeType } from '../core/ids.js';

@InterfaceType('Node', {
  description: 'An object with an opaque, globally unique ID.',
  resolveType: (value: { nodeType: NodeType }) => value.nodeType,
})
export abstract class Node {
  @Field(() => ID)
  id!: string;
}
