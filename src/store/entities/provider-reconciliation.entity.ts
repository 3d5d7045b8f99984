import { DateTimeType, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** A provider's last reconciliation with its IdP (its report), and the claim of the replica running the next one. */
@Entity({ tableName: 'provider_reconciliation' })
export class ProviderReconciliation {
  [OptionalProps]?: 'ranAt' | 'report' | 'claimedUntil';

  /** No foreign key: the provider's deletion takes this row with it (or leaves it to nobody). */
  @PrimaryKey({ type: 'uuid' })
  providerId!: string;

  @Property({ type: 'string', length: 255 })
  orgId!: string;

  @Property({ type: DateTimeType, nullable: true })
  ranAt: Date | null = null;

  /** The ReconciliationReport, as JSON (client names and ids, never a secret). */
  @Property({ type: 'json', nullable: true })
  report: Record<string, unknown> | null = null;

  /** Compare-and-set: one replica reconciles a provider at a time. */
  @Property({ type: DateTimeType, nullable: true })
  claimedUntil: Date | null = null;
}
