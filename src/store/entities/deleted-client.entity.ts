import { DateTimeType, Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '../../core/ids.js';

/**
 * A client the platform deleted: its IdP may keep vouching for its tokens until they expire, and a
 * gateway that accepts clients the platform does not manage must still refuse these.
 */
@Entity({ tableName: 'deleted_client' })
@Unique({ name: 'deleted_client_provider_client_id_unique', properties: ['providerId', 'clientId'] })
export class DeletedClient {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'string', length: 255 })
  orgId!: string;

  /** No foreign key: the provider may be deleted afterwards. */
  @Property({ type: 'uuid' })
  providerId!: string;

  @Property({ type: 'string', length: 255 })
  clientId!: string;

  @Property({ type: DateTimeType })
  deletedAt: Date = new Date();
}
