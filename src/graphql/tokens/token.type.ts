import { DateTimeResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { ClientProviderNode } from '../client-providers/client-provider.type.js';
import { ClientNode } from '../clients/client.type.js';

@ObjectType('TokenAuthorization', { description: 'What an API gateway needs to decide on a bearer token.' })
export class TokenAuthorization {
  @Field(() => Boolean, { description: 'False for inactive, unknown, expired or malformed tokens.' }) active!: boolean;
  @Field(() => ClientNode, { nullable: true, description: 'The registered client the token was issued to, when known in this environment.' })
  client!: ClientNode | null;
  @Field(() => String, { nullable: true }) clientId!: string | null;
  @Field(() => ClientProviderNode, { nullable: true, description: 'The provider that vouched for the token.' })
  clientProvider!: ClientProviderNode | null;
  @Field(() => [String]) scopes!: string[];
  @Field(() => String, { nullable: true }) subject!: string | null;
  @Field(() => DateTimeResolver, { nullable: true }) expiresAt!: Date | null;
  @Field(() => [String], { description: 'Of the required scopes, those the token lacks.' }) missingScopes!: string[];
}
