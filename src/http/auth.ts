import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { Principal } from '../core/caller.js';
import { systemClock, type Clock } from '../core/ports.js';
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

/** How long a verified token is taken as verified without checking its signature again, at most. */
const VERIFIED_FOR_MS = 60_000;

export interface VerifierOptions {
  /** The time tokens are checked against (exp, nbf, and how long a verification is remembered). */
  clock?: Clock;
  /** How many verified tokens are remembered (least recently used dropped first). */
  maxRemembered?: number;
}

/**
 * Verifies `Authorization: Bearer <JWT>` (HS256 secret or JWKS, issuer and audience checked).
 *
 * A token that verified is remembered, by its exact text, until its `exp` and for at most a
 * minute: a gateway sends the same service token thousands of times a second, and checking its
 * signature each time was the largest part of a cached `authorizeToken`. Only successes are
 * remembered; an expired token is refused from its `exp` on, as without the memory. With a key set
 * (JWKS), a key withdrawn from it stops being accepted within that minute.
 */
export function createVerifier(auth: AuthSettings, options: VerifierOptions = {}): Verifier {
  const clock = options.clock ?? systemClock;
  const key: Uint8Array | JWTVerifyGetKey = auth.jwtSecret ?? createRemoteJWKSet(auth.jwksUrl!);
  const algorithms = auth.jwtSecret ? ['HS256'] : ['RS256', 'PS256', 'ES256', 'EdDSA'];
  const verified = new LRUCache<string, { principal: Principal; until: number }>({ max: options.maxRemembered ?? 10_000 });
  return async (authorization) => {
    if (authorization === undefined || authorization === '') return null;
    const match = /^Bearer +([A-Za-z0-9\-_.]+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    const token = match[1]!;
    const now = clock();
    const remembered = verified.get(token);
    if (remembered && now < remembered.until) return remembered.principal;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as Uint8Array, {
        issuer: auth.issuer,
        audience: auth.audience,
        algorithms,
        clockTolerance: 5,
        currentDate: new Date(now),
      }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) throw unauthenticated(describeJoseError(error));
      throw error;
    }
    const principal = principalFromClaims(payload);
    verified.set(token, { principal, until: Math.min(now + VERIFIED_FOR_MS, typeof payload.exp === 'number' ? payload.exp * 1000 : Infinity) });
    return principal;
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
