import { DateTimeType, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '../../core/ids.js';
import { EnvironmentType } from '../../core/model.js';
import { ClientProvider } from './client-provider.entity.js';

@Entity({ tableName: 'environment' })
@Unique({ name: 'environment_org_name_unique', properties: ['orgId', 'name'] })
@Index({ name: 'environment_org_id_index', properties: ['orgId', 'id'] })
export class Environment {
  [OptionalProps]?: 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'string', length: 255 })
  orgId!: string;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Enum({ items: () => EnvironmentType })
  type!: EnvironmentType;

  @ManyToOne({ entity: () => ClientProvider, deleteRule: 'no action', updateRule: 'no action' })
  defaultProvider!: ClientProvider;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @Property({ type: DateTimeType, onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
