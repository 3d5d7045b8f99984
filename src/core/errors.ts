import { GraphQLError } from 'graphql';
import { Field, ObjectType } from 'type-graphql';
import { ProviderErrorCode } from '../vendors/provider-error.js';

/**
 * The closed set of business-rule codes a payload's userErrors may carry. Clients branch on these;
 * never rename one.
 */
export const UserErrorCode = {
  NOT_FOUND: 'NOT_FOUND',
  BLANK: 'BLANK',
  TOO_LONG: 'TOO_LONG',
  TOO_MANY: 'TOO_MANY',
  INVALID_URL: 'INVALID_URL',
  INVALID_VALUE: 'INVALID_VALUE',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  NAME_TAKEN: 'NAME_TAKEN',
  VENDOR_NOT_ALLOWED: 'VENDOR_NOT_ALLOWED',
  PROPAGATION_REQUIRES_DELETION: 'PROPAGATION_REQUIRES_DELETION',
  BUILT_IN_PROVIDER: 'BUILT_IN_PROVIDER',
  PROVIDER_LINKED: 'PROVIDER_LINKED',
  PROVIDER_HAS_CLIENTS: 'PROVIDER_HAS_CLIENTS',
  PROVIDER_IS_DEFAULT: 'PROVIDER_IS_DEFAULT',
  PROVIDER_NOT_LINKED: 'PROVIDER_NOT_LINKED',
  ENVIRONMENT_HAS_CLIENTS: 'ENVIRONMENT_HAS_CLIENTS',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  REGISTRATION_IN_PROGRESS: 'REGISTRATION_IN_PROGRESS',
  CLIENT_NOT_ACTIVE: 'CLIENT_NOT_ACTIVE',
  CONFLICT: 'CONFLICT',
  CLIENT_ALREADY_REGISTERED: 'CLIENT_ALREADY_REGISTERED',
  CLIENT_DELETION_DISABLED: 'CLIENT_DELETION_DISABLED',
  // The identity provider's answers, passed on as they are.
  ...ProviderErrorCode,
} as const;
export type UserErrorCode = (typeof UserErrorCode)[keyof typeof UserErrorCode];

@ObjectType('UserError', { description: 'A business rule the input broke. Nothing was changed.' })
export class UserError {
  @Field(() => [String], { nullable: true, description: 'Path to the input field at fault, e.g. ["input", "issuer"].' })
  field!: string[] | null;

  @Field(() => String)
  message!: string;

  @Field(() => String, { description: 'Stable machine-readable code, e.g. NAME_TAKEN.' })
  code!: UserErrorCode;
}

export function userError(code: UserErrorCode, message: string, field?: string): UserError {
  return Object.assign(new UserError(), { code, message, field: field ? ['input', field] : null });
}

/** Thrown inside a service to abort (and roll back) with business-rule errors. */
export class UserErrors extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/** A bearer token was sent and refused: the whole request is answered 401. */
export const unauthenticated = (message = 'A valid bearer token is required') =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

/**
 * A field needs a token and the request has none: an error on that field only, with HTTP 200, so a
 * gateway keeps the rest of the response (a 401 would make it discard everything this subgraph sent).
 */
export const tokenRequired = () => new GraphQLError('A valid bearer token is required', { extensions: { code: 'UNAUTHENTICATED' } });

export const forbidden = (message = 'Not allowed for your role') =>
  new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });

export const badUserInput = (message: string, argument?: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(argument ? { argumentName: argument } : {}) } });
