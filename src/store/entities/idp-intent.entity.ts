import { DateTimeType, Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../../core/ids.js';
import { IdpOperation } from '../../core/model.js';

/**
 * An IdP side effect about to be sent: written (and committed) before the call, deleted in the
 * transaction that stores its result. One that outlives its lease belonged to a process that died
 * on the way, and recovery resolves it. Never holds a secret.
 */
@Entity({ tableName: 'idp_intent' })
@Index({ name: 'idp_intent_lease_index', properties: ['leaseUntil'] })
export class IdpIntent {
  [OptionalProps]?: 'attempts' | 'lastError' | 'idpClientId' | 'sent';

  /** Also the correlation marker: the same value is kept on the client row it is about. */
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'string', length: 255 })
  orgId!: string;

  /** No foreign keys: the intent must outlive whatever the crash left half-done. */
  @Property({ type: 'uuid' })
  providerId!: string;

  /** The platform's client row (the REGISTERING placeholder for a registration). */
  @Property({ type: 'uuid' })
  clientRowId!: string;

  @Enum({ items: () => IdpOperation })
  operation!: IdpOperation;

  /** The name the client has (or is given) in the IdP: what to look for there. */
  @Property({ type: 'string', length: 100 })
  clientName!: string;

  /** The IdP's client_id where it is known before the call (update, rotate, delete). */
  @Property({ type: 'string', length: 255, nullable: true })
  idpClientId: string | null = null;

  /** The metadata sent (no secrets), to tell the IdP's client from a namesake. */
  @Property({ type: 'json', nullable: true })
  sent: Record<string, unknown> | null = null;

  @Property({ type: DateTimeType })
  createdAt!: Date;

  /** Until when the process that wrote it may still be on the call; after that, recovery's. Claimed by compare-and-set. */
  @Property({ type: DateTimeType })
  leaseUntil!: Date;

  @Property({ type: 'integer' })
  attempts = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;
}
