import { createHash, webcrypto } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
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

/** How many verified tokens are remembered, and for at most how long (never past their `exp`). */
const VERIFIED_TOKENS = 10_000;
const VERIFIED_TTL_MS = 5 * 60_000;

/**
 * Verifies `Authorization: Bearer <JWT>` (HS256 secret or JWKS, issuer and audience checked). A
 * token that verified is remembered (by its SHA-256) with its caller until it expires, so a
 * gateway sending the same token again is not verified again; a cached token past its `exp` is
 * verified afresh, and refused. `now` is the clock (tests move it).
 */
export function createVerifier(auth: AuthSettings, now: () => number = Date.now): Verifier {
  const algorithms = auth.jwtSecret ? ['HS256'] : ['RS256', 'PS256', 'ES256', 'EdDSA'];
  // The HMAC key is imported once, not at every verification.
  let hmacKey: Promise<webcrypto.CryptoKey> | undefined;
  const key = async (): Promise<webcrypto.CryptoKey | JWTVerifyGetKey> =>
    auth.jwtSecret ? (hmacKey ??= webcrypto.subtle.importKey('raw', auth.jwtSecret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])) : jwks!;
  const jwks = auth.jwksUrl ? createRemoteJWKSet(auth.jwksUrl) : undefined;
  const verified = new LRUCache<string, { principal: Principal; until: number }>({ max: VERIFIED_TOKENS });
  return async (authorization) => {
    if (authorization === undefined || authorization === '') return null;
    const match = /^Bearer +([A-Za-z0-9\-_.]+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    const token = match[1]!;
    const digest = createHash('sha256').update(token).digest('base64url');
    const known = verified.get(digest);
    if (known && now() < known.until) return known.principal;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, (await key()) as webcrypto.CryptoKey, {
        issuer: auth.issuer,
        audience: auth.audience,
        algorithms,
        clockTolerance: 5,
        currentDate: new Date(now()),
      }));
    } catch (error) {
      verified.delete(digest);
      if (error instanceof joseErrors.JOSEError) throw unauthenticated(describeJoseError(error));
      throw error;
    }
    const principal = principalFromClaims(payload);
    const until = Math.min(now() + VERIFIED_TTL_MS, typeof payload.exp === 'number' ? payload.exp * 1000 : Infinity);
    verified.set(digest, { principal, until });
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
