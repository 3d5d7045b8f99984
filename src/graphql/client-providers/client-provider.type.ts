import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../connection.js';
import { toGlobalId } from '../../core/ids.js';
import { Node } from '../node.js';
import { IdentityVendor } from '../../core/model.js';
import type { ProviderRow } from '../../store/rows.js';

registerEnumType(IdentityVendor, { name: 'IdentityVendor' });

@Directive('@key(fields: "id")')
@ObjectType('ClientProvider', {
  implements: Node,
  description: 'Where client applications are registered: the built-in platform provider or an external IdP.',
})
export class ClientProviderNode extends Node {
  readonly nodeType = 'ClientProvider' as const;
  dbId!: string;

  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => IdentityVendor) vendor!: IdentityVendor;
  @Field(() => Boolean) builtIn!: boolean;
  @Field(() => String, { nullable: true }) issuer!: string | null;
  @Field(() => String, { nullable: true }) registrationUrl!: string | null;
  @Field(() => Boolean, { description: 'Whether a registration Authorization header is stored; it is never readable.' })
  hasRegistrationAuthorization!: boolean;
  @Field(() => String, { nullable: true, description: 'The client registration and management tokens are obtained with (client credentials), instead of a registration Authorization header.' })
  registrationClientId!: string | null;
  @Field(() => Boolean, { description: 'Whether a registration client secret is stored; it is never readable.' })
  hasRegistrationClientSecret!: boolean;
  @Field(() => [String], { description: 'Scopes asked for with the registration client’s token.' })
  registrationScopes!: string[];
  @Field(() => String, { nullable: true }) authorizeUrl!: string | null;
  @Field(() => String, { nullable: true }) tokenUrl!: string | null;
  @Field(() => String, { nullable: true }) introspectionUrl!: string | null;
  @Field(() => String, { nullable: true }) introspectionClientId!: string | null;
  @Field(() => Boolean, { description: 'Whether an introspection client secret is stored; it is never readable.' })
  hasIntrospectionClientSecret!: boolean;
  @Field(() => Boolean) disableServerCertificateValidation!: boolean;
  @Field(() => Boolean, { description: 'Clients may be deleted in the platform.' }) allowClientDeletion!: boolean;
  @Field(() => Boolean, { description: 'Updates and deletions also reach the IdP; requires allowClientDeletion.' })
  propagateClientChanges!: boolean;
  @Field(() => Int) requestTimeoutMs!: number;
  @Field(() => Boolean, { description: 'JWT access tokens are validated against the JWKS locally (signature, iss, aud, exp, nbf).' })
  validateJwtLocally!: boolean;
  @Field(() => String, { nullable: true }) jwksUrl!: string | null;
  @Field(() => String, { nullable: true }) jwtAudience!: string | null;
  @Field(() => [String], {
    nullable: true,
    description: 'The grant types the IdP supports, as its discovery document says; null when unknown. registerClient and updateClient refuse others.',
  })
  grantTypesSupported!: string[] | null;
  @Field(() => DateTimeResolver) createdAt!: Date;
  @Field(() => DateTimeResolver) updatedAt!: Date;

  static from(entity: ProviderRow): ClientProviderNode {
    // Assigned one by one (not Object.assign of a literal): a page makes hundreds of these.
    const node = new ClientProviderNode();
    node.id = toGlobalId('ClientProvider', entity.id);
    node.dbId = entity.id;
    node.name = entity.name;
    node.description = entity.description;
    node.vendor = entity.vendor;
    node.builtIn = entity.builtInOrgId !== null;
    node.issuer = entity.issuer;
    node.registrationUrl = entity.registrationUrl;
    node.hasRegistrationAuthorization = entity.hasRegistrationAuthorization;
    node.registrationClientId = entity.registrationClientId;
    node.hasRegistrationClientSecret = entity.hasRegistrationClientSecret;
    node.registrationScopes = entity.registrationScopes ?? [];
    node.authorizeUrl = entity.authorizeUrl;
    node.tokenUrl = entity.tokenUrl;
    node.introspectionUrl = entity.introspectionUrl;
    node.introspectionClientId = entity.introspectionClientId;
    node.hasIntrospectionClientSecret = entity.hasIntrospectionClientSecret;
    node.disableServerCertificateValidation = entity.disableServerCertificateValidation;
    node.allowClientDeletion = entity.allowClientDeletion;
    node.propagateClientChanges = entity.propagateClientChanges;
    node.requestTimeoutMs = entity.requestTimeoutMs;
    node.validateJwtLocally = entity.validateJwtLocally;
    node.jwksUrl = entity.jwksUrl;
    node.jwtAudience = entity.jwtAudience;
    node.grantTypesSupported = entity.grantTypesSupported;
    node.createdAt = entity.createdAt;
    node.updatedAt = entity.updatedAt;
    return node;
  }
}

export const ClientProviderConnection = ConnectionType('ClientProvider', ClientProviderNode);
