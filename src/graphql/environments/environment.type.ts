import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../connection.js';
import { toGlobalId } from '../../core/ids.js';
import { Node } from '../node.js';
import { EnvironmentType } from '../../core/model.js';
import type { EnvironmentRow } from '../../store/rows.js';

registerEnumType(EnvironmentType, { name: 'EnvironmentType' });

@Directive('@key(fields: "id")')
@ObjectType('Environment', { implements: Node, description: 'A deployment stage of the organization’s APIs.' })
export class EnvironmentNode extends Node {
  readonly nodeType = 'Environment' as const;
  /** Internal ids, never exposed as such. */
  dbId!: string;
  defaultProviderId!: string;

  @Field(() => String) name!: string;
  @Field(() => EnvironmentType) type!: EnvironmentType;
  @Field(() => DateTimeResolver) createdAt!: Date;
  @Field(() => DateTimeResolver) updatedAt!: Date;

  static from(entity: EnvironmentRow): EnvironmentNode {
    // Assigned one by one (not Object.assign of a literal): a page makes hundreds of these.
    const node = new EnvironmentNode();
    node.id = toGlobalId('Environment', entity.id);
    node.dbId = entity.id;
    node.defaultProviderId = entity.defaultProvider.id;
    node.name = entity.name;
    node.type = entity.type;
    node.createdAt = entity.createdAt;
    node.updatedAt = entity.updatedAt;
    return node;
  }
}

export const EnvironmentConnection = ConnectionType('Environment', EnvironmentNode);

