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
    return Object.assign(new EnvironmentNode(), {
      id: toGlobalId('Environment', entity.id),
      dbId: entity.id,
      defaultProviderId: entity.defaultProvider.id,
      name: entity.name,
      type: entity.type,
      createdAt: entity.createdAt,
      updatedAt: entity.updatedAt,
    });
  }
}

export const EnvironmentConnection = ConnectionType('Environment', EnvironmentNode);

