import { GraphQLError } from 'graphql';
import { ErrorCode } from '../core/errors.js';

/** A bearer token was sent and refused: the whole request is answered 401. */
export const unauthenticated = (message = 'A valid bearer token is required') =>
  new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });

/**
 * A field needs a token and the request has none: an error on that field only, with HTTP 200, so a
 * gateway keeps the rest of the response (a 401 would make it discard everything this subgraph sent).
 */
export const tokenRequired = () => new GraphQLError('A valid bearer token is required', { extensions: { code: ErrorCode.UNAUTHENTICATED } });

export const forbidden = (message = 'Not allowed for your role') => new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });

export const badUserInput = (message: string, argument?: string) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...(argument ? { argumentName: argument } : {}) } });
