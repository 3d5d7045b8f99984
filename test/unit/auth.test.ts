import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { Access, assertAccess } from '../../src/graphql/auth-checker.js';
import { createVerifier, signToken } from '../../src/http/auth.js';

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

  it('accepts what signToken signs with the same settings (npm run token, the playground sign-in), and only that', async () => {
    const settings = { jwtSecret: secret, issuer: 'iss', audience: 'aud' };
    const token = await signToken(settings, { sub: 'alice', org: 'acme', roles: ['organization_admin'] }, '5m');
    expect(await verify(`Bearer ${token}`)).toMatchObject({ sub: 'alice', org: 'acme', isAdmin: true });
    const other = await signToken({ ...settings, audience: 'other' }, { sub: 'alice', org: 'acme', roles: [] }, '5m');
    expect(await codeOf(verify(`Bearer ${other}`))).toBe('UNAUTHENTICATED');
    const expired = await signToken(settings, { sub: 'alice', org: 'acme', roles: [] }, new Date(Date.now() - 60_000));
    expect(await codeOf(verify(`Bearer ${expired}`))).toBe('UNAUTHENTICATED');
    await expect(signToken({ jwksUrl: new URL('https://idp.example/jwks'), issuer: 'iss', audience: 'aud' }, { sub: 'a', org: 'b', roles: [] }, '5m')).rejects.toThrow(/HS256/);
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
    expect(await codeOf(Promise.resolve().then(() => assertAccess(gatewayPrincipal, Access.MEMBER)))).toBe('FORBIDDEN');
    expect(await codeOf(Promise.resolve().then(() => assertAccess(gatewayPrincipal, Access.GATEWAY)))).toBe('ok');
    const developer = await as(['developer']);
    expect(await codeOf(Promise.resolve().then(() => assertAccess(developer, Access.MEMBER)))).toBe('ok');
    expect(await codeOf(Promise.resolve().then(() => assertAccess(developer, Access.ADMIN)))).toBe('FORBIDDEN');
    expect(await codeOf(Promise.resolve().then(() => assertAccess(developer, Access.GATEWAY)))).toBe('FORBIDDEN');
    expect(await codeOf(Promise.resolve().then(() => assertAccess(null, Access.MEMBER)))).toBe('UNAUTHENTICATED');
  });
});

describe('bearer tokens signed by a key set (JWKS)', () => {
  it('verifies against keys fetched from the JWKS URL, and refuses a key not in the set', async () => {
    const { createServer } = await import('node:http');
    const { exportJWK, generateKeyPair } = await import('jose');
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const stranger = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    let fetches = 0;
    const server = createServer((_req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const jwksVerify = createVerifier({ jwksUrl: new URL(`http://127.0.0.1:${port}/jwks.json`), issuer: 'iss', audience: 'aud' });
      const signWith = (key: Awaited<ReturnType<typeof generateKeyPair>>['privateKey']) =>
        new SignJWT({ sub: 'svc', org: 'acme', roles: ['gateway'] })
          .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
          .setIssuer('iss')
          .setAudience('aud')
          .setExpirationTime('5m')
          .sign(key);
      expect(await jwksVerify(`Bearer ${await signWith(privateKey)}`)).toMatchObject({ sub: 'svc', isGateway: true });
      expect(await codeOf(jwksVerify(`Bearer ${await signWith(stranger.privateKey)}`))).toBe('UNAUTHENTICATED');
      expect(fetches).toBeGreaterThanOrEqual(1);
    } finally {
      server.close();
    }
  });
});
