import { DateTimeType, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '../../core/ids.js';
import { ClientStatus } from '../../core/model.js';
import { ClientProvider } from './client-provider.entity.js';
import { Environment } from './environment.entity.js';

@Entity({ tableName: 'client' })
@Unique({ name: 'client_provider_client_id_unique', properties: ['provider', 'clientId'] })
@Unique({ name: 'client_owner_idempotency_key_unique', properties: ['orgId', 'ownerSub', 'idempotencyKey'] })
@Index({ name: 'client_environment_index', properties: ['environment', 'id'] })
@Index({ name: 'client_provider_index', properties: ['provider', 'id'] })
@Index({ name: 'client_org_index', properties: ['orgId', 'id'] })
@Index({ name: 'client_org_client_id_index', properties: ['orgId', 'clientId'] })
/** clients(secretExpiresBefore:) in an organization, and the client_secrets_expiring gauge across all. */
@Index({ name: 'client_org_secret_expires_index', properties: ['orgId', 'secretExpiresAt'] })
@Index({ name: 'client_secret_expires_index', properties: ['secretExpiresAt'] })
@Index({ name: 'client_secret_retirement_index', properties: ['nextSecretRetirementAt'] })
/** PostgreSQL only (migrations/postgresql/Migration20261202030000): `lower(name) like '%…%'` for clients(search:). */
@Index({ name: 'client_name_trgm_index', expression: 'create index "client_name_trgm_index" on "client" using gin (lower("name") gin_trgm_ops)' })
export class Client {
  [OptionalProps]?: 'clientId' | 'status' | 'deletionAttempts' | 'secretRetirementAttempts' | 'providerMetadata' | 'createdAt' | 'updatedAt' | 'hasClientSecret';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'string', length: 255 })
  orgId!: string;

  /** The `sub` of the member who registered it; members manage the clients they own. */
  @Property({ type: 'string', length: 255 })
  ownerSub!: string;

  @ManyToOne({ entity: () => Environment })
  environment!: Environment;

  @ManyToOne({ entity: () => ClientProvider })
  provider!: ClientProvider;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  /** The client_id the provider issued; null only while that is not known (REGISTERING, UNRESOLVED). */
  @Property({ type: 'string', length: 255, nullable: true })
  clientId: string | null = null;

  /** Sealed (SecretBox) client secret; null for public clients or an imported client without one. */
  @Property({ type: 'text', nullable: true })
  clientSecretSealed: string | null = null;

  /** The secret replaced by the last rotation, still accepted until previousSecretExpiresAt. */
  @Property({ type: 'text', nullable: true })
  previousSecretSealed: string | null = null;

  @Property({ type: DateTimeType, nullable: true })
  previousSecretExpiresAt: Date | null = null;

  /**
   * The IdP's id of the secret a rotation with an overlap replaced (Okta's credentials API), to be
   * deactivated and deleted there once previousSecretExpiresAt has passed. Written before the IdP
   * is asked for a new secret; scheduled (nextSecretRetirementAt) once the new one is stored.
   */
  @Property({ type: 'string', length: 255, nullable: true })
  retiringSecretId: string | null = null;

  /** When to retire retiringSecretId in the IdP (next); null while not scheduled. */
  @Property({ type: DateTimeType, nullable: true })
  nextSecretRetirementAt: Date | null = null;

  /** Failed attempts to retire it; the failure's message is kept in lastProviderError. */
  @Property({ type: 'integer' })
  secretRetirementAttempts = 0;

  /** When the IdP says the current secret expires (its client_secret_expires_at); null for never (0) or not said. */
  @Property({ type: DateTimeType, nullable: true })
  secretExpiresAt: Date | null = null;

  @Property({ type: 'json' })
  redirectUris: string[] = [];

  @Property({ type: 'json' })
  grantTypes: string[] = [];

  @Property({ type: 'json' })
  scopes: string[] = [];

  @Enum({ items: () => ClientStatus })
  status: ClientStatus = ClientStatus.ACTIVE;

  @Property({ type: 'string', length: 255, nullable: true })
  idempotencyKey: string | null = null;

  /** SHA-256 of the registration request, so a key reused for another request is refused. */
  @Property({ type: 'string', length: 64, nullable: true })
  idempotencyFingerprint: string | null = null;

  /** Sealed RFC 7592 registration access token, for managing the client in its IdP. */
  @Property({ type: 'text', nullable: true })
  registrationAccessTokenSealed: string | null = null;

  @Property({ type: 'string', length: 2048, nullable: true })
  registrationClientUri: string | null = null;

  /** The metadata last sent to the IdP, for full-replace updates. */
  @Property({ type: 'json', nullable: true })
  providerMetadata: Record<string, unknown> | null = null;

  /** While DELETING: failed attempts to delete it in the IdP, and when to try again. */
  @Property({ type: 'integer' })
  deletionAttempts = 0;

  @Property({ type: DateTimeType, nullable: true })
  nextDeletionAttemptAt: Date | null = null;

  /** The IdP's last refusal, for the administrator who can fix it. */
  @Property({ type: 'text', nullable: true })
  lastProviderError: string | null = null;

  /** What the status means for this client and what to do (e.g. what to look for in the IdP while UNRESOLVED). */
  @Property({ type: 'text', nullable: true })
  statusMessage: string | null = null;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @Property({ type: DateTimeType, onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  /** Whether a secret is stored; rows read for display carry only this (store/rows.ts), never the sealed value. */
  get hasClientSecret(): boolean {
    return this.clientSecretSealed !== null;
  }
}
