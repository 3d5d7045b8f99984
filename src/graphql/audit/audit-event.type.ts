import { DateTimeResolver } from 'graphql-scalars';
import { ArgsType, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { AuditOutcome, type AuditChange } from '../../core/audit.js';
import type { AuditEventRow } from '../../store/audit-trail.js';
import { ConnectionType, PageArgsInput } from '../connection.js';

registerEnumType(AuditOutcome, { name: 'AuditOutcome' });

@ObjectType('AuditChange', { description: 'One field a change touched. A secret field says only `set`, `replaced` or null, never a value.' })
export class AuditChangeType {
  @Field(() => String) field!: string;
  @Field(() => String, { nullable: true, description: 'The value before, as JSON; null when there was none.' }) before!: string | null;
  @Field(() => String, { nullable: true, description: 'The value after, as JSON; null when there is none.' }) after!: string | null;

  static from(change: AuditChange): AuditChangeType {
    const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
    return Object.assign(new AuditChangeType(), { field: change.field, before: json(change.before), after: json(change.after) });
  }
}

@ObjectType('AuditEvent', { description: 'A change made through the API, or a call that changed (or tried to change) something in an IdP.' })
export class AuditEventType {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeResolver) occurredAt!: Date;
  @Field(() => String, { description: 'The `sub` of the caller, or `system:<pass>` for a background pass (recovery, deletion retries).' })
  actor!: string;
  @Field(() => String, { description: '`<target>.<verb>`, e.g. `client.register`, `client_provider.update`, `client.rotate_secret`.' })
  action!: string;
  @Field(() => ID, { description: 'The global ID of the environment, provider or client acted on (it may no longer exist).' })
  targetId!: string;
  @Field(() => AuditOutcome) outcome!: AuditOutcome;
  @Field(() => String, { nullable: true, description: 'On a failure, its code (for an IdP call, the IdP’s answer mapped: PROVIDER_UNAVAILABLE …).' })
  errorCode!: string | null;
  @Field(() => String) summary!: string;
  @Field(() => [AuditChangeType]) changes!: AuditChangeType[];

  static from(row: AuditEventRow): AuditEventType {
    return Object.assign(new AuditEventType(), {
      id: Buffer.from(`AuditEvent:${row.id}`, 'utf8').toString('base64url'),
      occurredAt: row.occurredAt,
      actor: row.actor,
      action: row.action,
      targetId: row.targetId,
      outcome: row.outcome,
      errorCode: row.errorCode,
      summary: row.summary,
      changes: (row.changes ?? []).map(AuditChangeType.from),
    });
  }
}

export const AuditEventConnection = ConnectionType('AuditEvent', AuditEventType);

@ArgsType()
export class AuditEventsArgs extends PageArgsInput {
  @Field(() => ID, { nullable: true }) clientProviderId?: string | null;
  @Field(() => ID, { nullable: true }) clientId?: string | null;
  @Field(() => ID, { nullable: true }) environmentId?: string | null;
  @Field(() => String, { nullable: true, description: 'The `sub` of who acted, exactly.' }) actor?: string | null;
  @Field(() => DateTimeResolver, { nullable: true, description: 'Only events at or after this time.' }) since?: Date | null;
}
