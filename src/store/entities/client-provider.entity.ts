import { DateTimeType, Entity, Enum, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '../../core/ids.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, IdentityVendor } from '../../core/model.js';


@Entity({ tableName: 'client_provider' })
@Unique({ name: 'client_provider_org_name_unique', properties: ['orgId', 'name'] })
@Index({ name: 'client_provider_org_id_index', properties: ['orgId', 'id'] })
export class ClientProvider {
  [OptionalProps]?:
    | 'builtIn'
    | 'hasRegistrationAuthorization'
    | 'hasRegistrationClientSecret'
    | 'hasIntrospectionClientSecret'
    | 'builtInOrgId'
    | 'description'
    | 'disableServerCertificateValidation'
    | 'allowClientDeletion'
    | 'propagateClientChanges'
    | 'requestTimeoutMs'
    | 'validateJwtLocally'
    | 'jwksUrl'
    | 'jwtAudience'
    | 'grantTypesSupported'
    | 'createdAt'
    | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'string', length: 255 })
  orgId!: string;

  /** Set to orgId on the built-in provider only: a unique column keeps it one per organization. */
  @Property({ type: 'string', length: 255, nullable: true, unique: 'client_provider_built_in_org_unique' })
  builtInOrgId: string | null = null;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Enum({ items: () => IdentityVendor })
  vendor!: IdentityVendor;

  @Property({ type: 'string', length: 2048, nullable: true })
  issuer: string | null = null;

  @Property({ type: 'string', length: 2048, nullable: true })
  registrationUrl: string | null = null;

  /** Sealed (SecretBox) value of the Authorization header used for registration calls. */
  @Property({ type: 'text', nullable: true })
  registrationAuthorizationSealed: string | null = null;

  /** Client id the platform obtains registration tokens with (client credentials grant at tokenUrl); exclusive with registrationAuthorizationSealed. */
  @Property({ type: 'string', length: 255, nullable: true })
  registrationClientId: string | null = null;

  /** Sealed (SecretBox) secret of the registration client. */
  @Property({ type: 'text', nullable: true })
  registrationClientSecretSealed: string | null = null;

  /** Scopes asked for with the registration client's token; null or empty: none asked for. */
  @Property({ type: 'json', nullable: true })
  registrationScopes: string[] | null = null;

  @Property({ type: 'string', length: 2048, nullable: true })
  authorizeUrl: string | null = null;

  @Property({ type: 'string', length: 2048, nullable: true })
  tokenUrl: string | null = null;

  @Property({ type: 'string', length: 2048, nullable: true })
  introspectionUrl: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  introspectionClientId: string | null = null;

  /** Sealed (SecretBox) introspection client secret. */
  @Property({ type: 'text', nullable: true })
  introspectionClientSecretSealed: string | null = null;

  @Property({ type: 'boolean' })
  disableServerCertificateValidation = false;

  @Property({ type: 'boolean' })
  allowClientDeletion = false;

  @Property({ type: 'boolean' })
  propagateClientChanges = false;

  @Property({ type: 'integer' })
  requestTimeoutMs: number = DEFAULT_REQUEST_TIMEOUT_MS;

  /** Validate JWT access tokens against the provider's JWKS, with no IdP round trip. */
  @Property({ type: 'boolean' })
  validateJwtLocally = false;

  /** Where the provider's signing keys are; discovered from the issuer when empty. */
  @Property({ type: 'string', length: 2048, nullable: true })
  jwksUrl: string | null = null;

  /** The `aud` a locally validated JWT must carry, when set. */
  @Property({ type: 'string', length: 2048, nullable: true })
  jwtAudience: string | null = null;

  /** The IdP's `grant_types_supported`, as discovery last read it; null when unknown (nothing is refused then). */
  @Property({ type: 'json', nullable: true })
  grantTypesSupported: string[] | null = null;

  @Property({ type: DateTimeType })
  createdAt: Date = new Date();

  @Property({ type: DateTimeType, onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  get builtIn(): boolean {
    return this.builtInOrgId !== null;
  }

  // Whether each secret is stored; rows read for display carry only these (store/rows.ts), never the sealed values.
  get hasRegistrationAuthorization(): boolean {
    return this.registrationAuthorizationSealed !== null;
  }

  get hasRegistrationClientSecret(): boolean {
    return this.registrationClientSecretSealed !== null;
  }

  get hasIntrospectionClientSecret(): boolean {
    return this.introspectionClientSecretSealed !== null;
  }
}
