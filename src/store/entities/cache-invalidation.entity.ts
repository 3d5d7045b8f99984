import { DateTimeType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../../core/ids.js';

/**
 * The durable change feed of cache invalidations (PostgreSQL): written in the transaction of the
 * change it describes, announced to every replica by NOTIFY on commit (a trigger), and read back
 * by a replica that may have missed announcements. Kept for an hour.
 */
@Entity({ tableName: 'cache_invalidation' })
@Index({ name: 'cache_invalidation_created_at_index', properties: ['createdAt'] })
export class CacheInvalidationRecord {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  /** client, provider or routes (core/ports.ts CacheInvalidation). */
  @Property({ type: 'string', length: 20 })
  kind!: string;

  @Property({ type: 'uuid', nullable: true })
  providerId: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  clientId: string | null = null;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();
}
