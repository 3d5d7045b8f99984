import { Field, ID, InputType, ObjectType } from 'type-graphql';
import type { UserError } from '../../core/errors.js';
import type { ProviderCheck } from '../../domains/client-providers/connection-test.js';
import { UserErrorType } from '../payloads.js';

@InputType('TestClientProviderInput')
export class TestClientProviderInput {
  @Field(() => ID) id!: string;
}

@ObjectType('ProviderCheck', { description: 'One check of a connection test.' })
class ProviderCheckType implements ProviderCheck {
  @Field(() => String, { description: 'discovery, registration_authorization or introspection_client.' }) name!: string;
  @Field(() => Boolean) ok!: boolean;
  @Field(() => String, { nullable: true }) message!: string | null;
}

@ObjectType('TestClientProviderPayload')
export class TestClientProviderPayload {
  @Field(() => Boolean, { description: 'Whether every check passed.' }) ok!: boolean;
  @Field(() => [ProviderCheckType]) checks!: ProviderCheck[];
  @Field(() => [UserErrorType]) userErrors!: UserError[];
}
