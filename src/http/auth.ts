import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config.js';
import { forbidden, tokenRequired, unauthenticated } from '../core/errors.js';

export const ADMIN_ROLE = 'organization_admin';
export const GATEWAY_ROLE = 'gateway';

/** Who is calling, from a verified bearer token. */
export class Principal {
  readonly roles: ReadonlySet<string>;
  constructor(
    readonly sub: string,
    readonly org: string,
    roles: readonly string[],
  ) {
    this.roles = new Set(roles);
  }

  get isAdmin(): boolean {
    return this.roles.has(ADMIN_ROLE);
  }

  /** A person of the organization, as opposed to a gateway's service principal. */
  get isMember(): boolean {
    return this.isAdmin || [...this.roles].some((role) => role !== GATEWAY_ROLE) || this.roles.size === 0;
  }

  get isGateway(): boolean {
    return this.roles.has(GATEWAY_ROLE);
  }
}

export type Verifier = (authorization: string | undefined) => Promise<Principal | null>;

/** Verifies `Authorization: Bearer <JWT>` (HS256 secret or JWKS, issuer and audience checked). */
export function createVerifier(auth: Config['auth']): Verifier {
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

/** Guards for resolvers; tenancy itself is enforced by the org-scoped store queries. */
export function requireMember(principal: Principal | null): Principal {
  if (!principal) throw tokenRequired();
  if (!principal.isMember) throw forbidden('Service principals may only authorize tokens');
  return principal;
}

export function requireAdmin(principal: Principal | null): Principal {
  const member = requireMember(principal);
  if (!member.isAdmin) throw forbidden(`Requires the ${ADMIN_ROLE} role`);
  return member;
}

export function requireGatewayOrAdmin(principal: Principal | null): Principal {
  if (!principal) throw tokenRequired();
  if (!principal.isGateway && !principal.isAdmin) throw forbidden(`Requires the ${GATEWAY_ROLE} or ${ADMIN_ROLE} role`);
  return principal;
}
