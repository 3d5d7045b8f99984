import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createVerifier, requireAdmin, requireGatewayOrAdmin, requireMember } from '../../src/server/auth.js';

const secret = new TextEncoder().encode('s'.repeat(40));
const verify = createVerifier({ jwtSecret: secret, issuer: 'iss', audience: 'aud' });
const sign = (claims: Record<string, unknown>, { iss = 'iss', aud = 'aud', exp = '5m', key = secret } = {}) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(iss).setAudience(aud).setExpirationTime(exp).sign(key);

const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: { extensions?: { code?: string } }) => error.extensions?.code,
  );

describe('bearer tokens', () => {
  it('yields the principal of a valid token', async () => {
    const principal = await verify(`Bearer ${await sign({ sub: 'alice', org: 'acme', roles: ['organization_admin'] })}`);
    expect(principal).toMatchObject({ sub: 'alice', org: 'acme', isAdmin: true, isMember: true, isGateway: false });
    expect(await verify(undefined)).toBeNull();
  });

  it('refuses wrong issuer, audience, key, expiry, missing claims and malformed headers', async () => {
    const claims = { sub: 'alice', org: 'acme', roles: [] };
    expect(await codeOf(verify(`Bearer ${await sign(claims, { iss: 'other' })}`))).toBe('UNAUTHENTICATED');
    expect(await codeOf(verify(`Bearer ${await sign(claims, { aud: 'other' })}`))).toBe('UNAUTHENTICATED');
    expect(await codeOf(verify(`Bearer ${await sign(claims, { key: new TextEncoder().encode('k'.repeat(40)) })}`))).toBe('UNAUTHENTICATED');
    expect(await codeOf(verify(`Bearer ${await sign(claims, { exp: '-1m' })}`))).toBe('UNAUTHENTICATED');
    expect(await codeOf(verify(`Bearer ${await sign({ sub: 'alice' })}`))).toBe('UNAUTHENTICATED');
    expect(await codeOf(verify(`Bearer ${await sign({ sub: 'alice', org: 'acme', roles: 'admin' })}`))).toBe('UNAUTHENTICATED');
    expect(await codeOf(verify('Basic dXNlcjpwYXNz'))).toBe('UNAUTHENTICATED');
  });

  it('tells members, administrators and gateways apart', async () => {
    const as = async (roles: string[]) => verify(`Bearer ${await sign({ sub: 'x', org: 'acme', roles })}`);
    const gatewayPrincipal = await as(['gateway']);
    expect(await codeOf(Promise.resolve().then(() => requireMember(gatewayPrincipal)))).toBe('FORBIDDEN');
    expect(await codeOf(Promise.resolve().then(() => requireGatewayOrAdmin(gatewayPrincipal)))).toBe('ok');
    const developer = await as(['developer']);
    expect(await codeOf(Promise.resolve().then(() => requireMember(developer)))).toBe('ok');
    expect(await codeOf(Promise.resolve().then(() => requireAdmin(developer)))).toBe('FORBIDDEN');
    expect(await codeOf(Promise.resolve().then(() => requireGatewayOrAdmin(developer)))).toBe('FORBIDDEN');
    expect(await codeOf(Promise.resolve().then(() => requireMember(null)))).toBe('UNAUTHENTICATED');
  });
});
