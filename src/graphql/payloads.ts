import { Field, ID, ObjectType } from 'type-graphql';
import { UserErrors, type UserError, type UserErrorCode } from '../core/errors.js';
import type { GraphQLContext } from './context.js';
import { EnvironmentNode } from './environments/environment.type.js';

@ObjectType('UserError', { description: 'A business rule the input broke. Nothing was changed.' })
export class UserErrorType implements UserError {
  @Field(() => [String], { nullable: true, description: 'Path to the input field at fault, e.g. ["input", "issuer"].' })
  field!: string[] | null;

  @Field(() => String)
  message!: string;

  @Field(() => String, { description: 'Stable machine-readable code, e.g. NAME_TAKEN.' })
  code!: UserErrorCode;
}

@ObjectType('EnvironmentPayload')
export class EnvironmentPayload {
  @Field(() => EnvironmentNode, { nullable: true }) environment!: EnvironmentNode | null;
  @Field(() => [UserErrorType]) userErrors!: UserError[];
}

@ObjectType('DeletePayload')
export class DeletePayload {
  @Field(() => ID, { nullable: true, description: 'The ID of what was deleted.' }) deletedId!: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'For a client: whether it was deleted in its identity provider too, or only in the platform.',
  })
  deletedInProvider?: boolean | null;
  @Field(() => [UserErrorType]) userErrors!: UserError[];
}

/**
 * Runs a mutation: business-rule refusals become userErrors, anything else stays a fault; then the
 * request forgets what it had read, so the payload shows the new state.
 */
export async function runMutation<T>(ctx: GraphQLContext, work: () => Promise<T>): Promise<{ result: T | null; userErrors: UserError[] }> {
  try {
    return { result: await work(), userErrors: [] };
  } catch (error) {
    if (error instanceof UserErrors) return { result: null, userErrors: error.errors };
    throw error;
  } finally {
    ctx.afterWrite();
  }
}
