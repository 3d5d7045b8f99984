import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * How many clients there are per organization, environment, provider, owner and status: kept by
 * triggers on `client` (per-dialect migrations) in the same transaction as every insert, update
 * and delete, whoever makes them. A count of a list (totalCount) sums a few of these rows instead
 * of visiting every client, so it costs the same at 100,000 clients as at 1,000. Never written
 * by the application.
 */
@Entity({ tableName: 'client_tally' })
@Index({ name: 'client_tally_provider_index', properties: ['orgId', 'providerId'] })
export class ClientTally {
  @PrimaryKey({ type: 'string', length: 255 })
  orgId!: string;

  @PrimaryKey({ type: 'uuid' })
  environmentId!: string;

  @PrimaryKey({ type: 'uuid' })
  providerId!: string;

  @PrimaryKey({ type: 'string', length: 255 })
  ownerSub!: string;

  @PrimaryKey({ type: 'string', length: 32 })
  status!: string;

  @Property({ type: 'integer' })
  n!: number;
}
