import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
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

/** What a token this service signs itself says of its caller (`npm run token`, the playground's sign-in). */
export interface TokenClaims {
  sub: string;
  org: string;
  roles: string[];
}

/** The subject of a development token when none is given. */
export const DEFAULT_SUBJECT = 'dev-user';

/**
 * Signs an HS256 token that createVerifier(auth) accepts: the configured secret, issuer and
 * audience. `expiresAt` is a moment or a span from now ('8h', as jose reads it). Only for HS256
 * configurations: with a JWKS, tokens come from the identity provider.
 */
export async function signToken(auth: AuthSettings, claims: TokenClaims, expiresAt: Date | string): Promise<string> {
  if (!auth.jwtSecret) throw new Error('Tokens can only be signed with an HS256 secret (AUTH_JWT_SECRET)');
  return new SignJWT({ org: claims.org, roles: claims.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(auth.jwtSecret);
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
