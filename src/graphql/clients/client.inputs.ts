import { Field, ID, InputType, ObjectType } from 'type-graphql';
import type { UserError } from '../../core/errors.js';
import type { ClientChange } from '../../domains/clients/client-changes.service.js';
import type { ClientImport, ClientRegistration } from '../../domains/clients/registration.service.js';
import { UserErrorType } from '../payloads.js';
import { ClientNode } from './client.type.js';

@InputType('RegisterClientInput')
export class RegisterClientInput implements ClientRegistration {
  @Field(() => ID) environmentId!: string;
  @Field(() => ID, { nullable: true, description: 'Default: the environment’s default provider.' })
  clientProviderId?: string | null;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [String], { nullable: true }) redirectUris?: string[] | null;
  @Field(() => [String], {
    nullable: true,
    description: 'RFC 7591 names. Default: authorization_code when redirect URIs are given, else client_credentials.',
  })
  grantTypes?: string[] | null;
  @Field(() => [String], { nullable: true }) scopes?: string[] | null;
  @Field(() => String, {
    nullable: true,
    description: 'Retrying with the same key returns the same client (and secret) instead of registering another.',
  })
  idempotencyKey?: string | null;
}

@InputType('UpdateClientInput')
export class UpdateClientInput implements ClientChange {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [String], { nullable: true }) redirectUris?: string[] | null;
  @Field(() => [String], { nullable: true }) grantTypes?: string[] | null;
  @Field(() => [String], { nullable: true }) scopes?: string[] | null;
}

@InputType('ImportClientInput')
export class ImportClientInput implements ClientImport {
  @Field(() => ID) environmentId!: string;
  @Field(() => ID) clientProviderId!: string;
  @Field(() => String, { description: 'The client_id the IdP issued.' }) clientId!: string;
  @Field(() => String, { nullable: true, description: 'Its secret, if the platform should hold it (sealed, write-only).' })
  clientSecret?: string | null;
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'An UNRESOLVED client (an interrupted registration) that this IdP client is: it becomes ACTIVE with this clientId, keeping its owner, idempotency key and metadata.',
  })
  resolves?: string | null;
}

@InputType('DismissUnresolvedClientInput')
export class DismissUnresolvedClientInput {
  @Field(() => ID) id!: string;
}

@InputType('DeleteClientInput')
export class DeleteClientInput {
  @Field(() => ID) id!: string;
}

@InputType('RotateClientSecretInput')
export class RotateClientSecretInput {
  @Field(() => ID) id!: string;
}

@ObjectType('ClientPayload')
export class ClientPayload {
  @Field(() => ClientNode, { nullable: true }) client!: ClientNode | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the identity provider holds the change too; false when the provider’s switches keep changes in the platform.',
  })
  changedInProvider!: boolean | null;
  @Field(() => [UserErrorType]) userErrors!: UserError[];
}

@ObjectType('RegisterClientPayload')
export class RegisterClientPayload {
  @Field(() => ClientNode, { nullable: true }) client!: ClientNode | null;
  @Field(() => String, { nullable: true, description: 'The client secret, returned this once; store it now.' })
  clientSecret!: string | null;
  @Field(() => [UserErrorType]) userErrors!: UserError[];
}
