import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { UserError } from '../../core/errors.js';
import { IdentityVendor } from '../../core/model.js';
import type { CreateProvider, ProviderLinkChange, ProviderSettings as Settings, UpdateProvider } from '../../domains/client-providers/client-provider.service.js';
import { UserErrorType } from '../payloads.js';
import { ClientProviderNode } from './client-provider.type.js';

/** The settings of an external provider; on update every one is optional and null clears it. */
@InputType('ClientProviderSettings')
abstract class ProviderSettings implements Settings {
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true, description: 'The URL the OpenID provider asserts as its issuer.' })
  issuer?: string | null;
  @Field(() => String, { nullable: true }) registrationUrl?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The whole Authorization header value for registration calls, e.g. "SSWS …" or "Bearer …". Write-only; omit to keep the stored one, null to remove it.',
  })
  registrationAuthorization?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Instead of registrationAuthorization: the client the platform obtains registration and management tokens with (client credentials grant at tokenUrl, client_secret_basic), sent as Bearer. Null to remove it.',
  })
  registrationClientId?: string | null;
  @Field(() => String, { nullable: true, description: 'The registration client’s secret. Write-only; omit to keep the stored one, null to remove it.' })
  registrationClientSecret?: string | null;
  @Field(() => [String], { nullable: true, description: 'Scopes asked for with the registration client’s token; default none. Null or empty to ask for none.' })
  registrationScopes?: string[] | null;
  @Field(() => String, { nullable: true }) authorizeUrl?: string | null;
  @Field(() => String, { nullable: true }) tokenUrl?: string | null;
  @Field(() => String, { nullable: true }) introspectionUrl?: string | null;
  @Field(() => String, { nullable: true }) introspectionClientId?: string | null;
  @Field(() => String, { nullable: true, description: 'Write-only; omit to keep the stored one, null to remove it.' })
  introspectionClientSecret?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Default false.' }) disableServerCertificateValidation?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Default false.' }) allowClientDeletion?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Default false; requires allowClientDeletion.' })
  propagateClientChanges?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Default 5000; between 100 and 60000.' }) requestTimeoutMs?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Default false: validate JWT access tokens locally against the JWKS.' })
  validateJwtLocally?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Default: discovered from the issuer.' }) jwksUrl?: string | null;
  @Field(() => String, { nullable: true, description: 'The aud a locally validated JWT must carry.' }) jwtAudience?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'Read {issuer}/.well-known/openid-configuration (then oauth-authorization-server) before saving and fill the URLs left empty, jwksUrl and grantTypesSupported. Default: when registrationUrl, authorizeUrl, tokenUrl or introspectionUrl is missing, on create and on an update that changes the issuer or a URL. A failure is DISCOVERY_FAILED and nothing is saved.',
  })
  discover?: boolean | null;
}

@InputType('CreateClientProviderInput')
export class CreateClientProviderInput extends ProviderSettings implements CreateProvider {
  @Field(() => String) name!: string;
  @Field(() => IdentityVendor, { description: 'Any vendor but PLATFORM.' }) vendor!: IdentityVendor;
  @Field(() => String) override issuer!: string;
}

@InputType('UpdateClientProviderInput')
export class UpdateClientProviderInput extends ProviderSettings implements UpdateProvider {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
}

@InputType('DeleteClientProviderInput')
export class DeleteClientProviderInput {
  @Field(() => ID) id!: string;
}

@InputType('LinkClientProviderInput')
export class LinkClientProviderInput implements ProviderLinkChange {
  @Field(() => ID) environmentId!: string;
  @Field(() => ID) clientProviderId!: string;
  @Field(() => Boolean, { nullable: true, description: 'Also make it the environment’s default provider for new clients.' })
  makeDefault?: boolean | null;
}

@InputType('UnlinkClientProviderInput')
export class UnlinkClientProviderInput implements ProviderLinkChange {
  @Field(() => ID) environmentId!: string;
  @Field(() => ID) clientProviderId!: string;
}

@ObjectType('ClientProviderPayload')
export class ClientProviderPayload {
  @Field(() => ClientProviderNode, { nullable: true }) clientProvider!: ClientProviderNode | null;
  @Field(() => [UserErrorType]) userErrors!: UserError[];
}

