import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { Principal } from '../core/caller.js';
import { unauthenticated } from '../graphql/errors.js';

/** How callers' bearer tokens are verified. */
export interface AuthSettings {
  /** HS256 shared secret; exactly one of jwtSecret / jwksUrl is set. */
  jwtSecret?: Uint8Array;
  jwksUrl?: URL;
  issuer: string;
  audience: string;
}

export type Verifier = (authorization: string | undefined) => Promise<Principal | null>;

/** Verifies `Authorization: Bearer <JWT>` (HS256 secret or JWKS, issuer and audience checked). */
export function createVerifier(auth: AuthSettings): Verifier {
  const key: Uint8Array | JWTVerifyGetKey = auth.jwtSecret ?? createRemoteJWKSet(auth.jwksUrl!);
  const algorithms = auth.jwtSecret ? ['HS256'] : ['RS256', 'PS256', 'ES256', 'EdDSA'];
  return async (authorization) => {
    if (authorization === undefined || authorization === '') return null;
    const match = /^Bearer +([A-Za-z0-9\-_.]+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1]!, key as Uint8Array, {
        issuer: auth.issuer,
        audience: auth.audience,
        algorithms,
        clockTolerance: 5,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) throw unauthenticated(describeJoseError(error));
      throw error;
    }
    return principalFromClaims(payload);
  };
}

function describeJoseError(error: InstanceType<typeof joseErrors.JOSEError>): string {
  if (error instanceof joseErrors.JWTExpired) return 'The bearer token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `The bearer token's ${error.claim} claim is not accepted`;
  return 'The bearer token is not valid';
}

function principalFromClaims(payload: JWTPayload): Principal {
  const { sub, org, roles } = payload as JWTPayload & { org?: unknown; roles?: unknown };
  if (typeof sub !== 'string' || sub === '') throw unauthenticated('The bearer token has no sub claim');
  if (typeof org !== 'string' || org === '' || org.length > 255) throw unauthenticated('The bearer token has no org claim');
  const roleList = roles === undefined ? [] : roles;
  if (!Array.isArray(roleList) || !roleList.every((r) => typeof r === 'string')) {
    throw unauthenticated('The bearer token roles claim must be an array of strings');
  }
  return new Principal(sub, org, roleList);
}
