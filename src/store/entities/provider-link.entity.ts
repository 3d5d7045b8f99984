import { DateTimeType, Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '../../core/ids.js';
import { Environment } from './environment.entity.js';
import { ClientProvider } from './client-provider.entity.js';

/** A provider linked to an environment. The built-in provider has a link to every environment. */
@Entity({ tableName: 'provider_link' })
@Unique({ name: 'provider_link_environment_provider_unique', properties: ['environment', 'provider'] })
export class ProviderLink {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne({ entity: () => Environment, deleteRule: 'cascade' })
  environment!: Environment;

  @ManyToOne({ entity: () => ClientProvider, index: 'provider_link_provider_index' })
  provider!: ClientProvider;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();
}
