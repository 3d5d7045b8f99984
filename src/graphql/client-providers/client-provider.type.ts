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
    return Object.assign(new ClientProviderNode(), {
      id: toGlobalId('ClientProvider', entity.id),
      dbId: entity.id,
      name: entity.name,
      description: entity.description,
      vendor: entity.vendor,
      builtIn: entity.builtInOrgId !== null,
      issuer: entity.issuer,
      registrationUrl: entity.registrationUrl,
      hasRegistrationAuthorization: entity.registrationAuthorizationSealed !== null,
      registrationClientId: entity.registrationClientId,
      hasRegistrationClientSecret: entity.registrationClientSecretSealed !== null,
      registrationScopes: entity.registrationScopes ?? [],
      authorizeUrl: entity.authorizeUrl,
      tokenUrl: entity.tokenUrl,
      introspectionUrl: entity.introspectionUrl,
      introspectionClientId: entity.introspectionClientId,
      hasIntrospectionClientSecret: entity.introspectionClientSecretSealed !== null,
      disableServerCertificateValidation: entity.disableServerCertificateValidation,
      allowClientDeletion: entity.allowClientDeletion,
      propagateClientChanges: entity.propagateClientChanges,
      requestTimeoutMs: entity.requestTimeoutMs,
      validateJwtLocally: entity.validateJwtLocally,
      jwksUrl: entity.jwksUrl,
      jwtAudience: entity.jwtAudience,
      grantTypesSupported: entity.grantTypesSupported,
      createdAt: entity.createdAt,
      updatedAt: entity.updatedAt,
    });
  }
}

export const ClientProviderConnection = ConnectionType('ClientProvider', ClientProviderNode);
