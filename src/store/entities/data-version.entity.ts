import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The version of what an organization's reads can show: raised by triggers (per-dialect
 * migrations) whenever a row of its environments, providers, links, clients, reconciliation
 * reports or audit trail is inserted, updated or deleted, by whoever writes it, in the writing
 * transaction (on PostgreSQL at its commit, so versions follow the order of commits). An answer
 * remembered at one version is still the answer while the version is the same
 * (graphql/remembered-answers.ts); a replica reads the version from the store, so none of them
 * serves what another has changed. No row: version 0. Never written by the application.
 */
@Entity({ tableName: 'data_version' })
export class DataVersion {
  @PrimaryKey({ type: 'string', length: 255 })
  orgId!: string;

  @Property({ type: 'bigint' })
  version!: string;
}
