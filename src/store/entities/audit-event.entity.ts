import { DateTimeType, Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { AuditOutcome, type AuditChange } from '../../core/audit.js';
import { newId } from '../../core/ids.js';

/**
 * One entry of the audit trail, written in the transaction of the change it records (or, for an
 * IdP call that failed, in a transaction of its own). Its IDs are time-ordered, so newest first is
 * `id` descending. No foreign keys: the trail outlives what it speaks of.
 */
@Entity({ tableName: 'audit_event' })
@Index({ name: 'audit_event_org_index', properties: ['orgId', 'id'] })
@Index({ name: 'audit_event_org_provider_index', properties: ['orgId', 'providerId', 'id'] })
@Index({ name: 'audit_event_org_client_index', properties: ['orgId', 'clientId', 'id'] })
@Index({ name: 'audit_event_org_environment_index', properties: ['orgId', 'environmentId', 'id'] })
@Index({ name: 'audit_event_org_actor_index', properties: ['orgId', 'actor', 'id'] })
@Index({ name: 'audit_event_occurred_at_index', properties: ['occurredAt'] })
export class AuditEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'string', length: 255 })
  orgId!: string;

  @Property({ type: DateTimeType })
  occurredAt!: Date;

  /** The caller's `sub`, or `system:<pass>` for a background pass. */
  @Property({ type: 'string', length: 255 })
  actor!: string;

  @Property({ type: 'string', length: 100 })
  action!: string;

  /** The target's global ID. */
  @Property({ type: 'string', length: 255 })
  targetId!: string;

  @Property({ type: 'uuid', nullable: true })
  environmentId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  providerId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  clientId: string | null = null;

  @Enum({ items: () => AuditOutcome })
  outcome!: AuditOutcome;

  @Property({ type: 'string', length: 100, nullable: true })
  errorCode: string | null = null;

  @Property({ type: 'text' })
  summary!: string;

  @Property({ type: 'json', nullable: true })
  changes: AuditChange[] | null = null;
}
