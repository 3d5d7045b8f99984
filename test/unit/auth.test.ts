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

describe('remembered verifications', () => {
  const claims = { sub: 'gw', org: 'acme', roles: ['gateway'] };
  const at = (seconds: number) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('iss').setAudience('aud').setIssuedAt(seconds - 60).setExpirationTime(seconds).sign(secret);

  it('answers a token it verified from memory, and refuses it from its exp on', async () => {
    let now = Date.now();
    const exp = Math.floor(now / 1000) + 30;
    const token = `Bearer ${await at(exp)}`;
    const remembering = createVerifier({ jwtSecret: secret, issuer: 'iss', audience: 'aud' }, { clock: () => now });
    const first = await remembering(token);
    expect(await remembering(token)).toBe(first); // the same principal: not verified again
    now = exp * 1000 + 1;
    // Past exp (jose still allows 5 s of skew, the memory does not outlive exp): verified again and refused past the skew.
    expect(await remembering(token)).not.toBe(first);
    now = exp * 1000 + 6_000;
    expect(await codeOf(remembering(token))).toBe('UNAUTHENTICATED');
  });

  it('checks the signature again after at most a minute, and never remembers a refusal', async () => {
    let now = Date.now();
    const token = `Bearer ${await at(Math.floor(now / 1000) + 3600)}`;
    const remembering = createVerifier({ jwtSecret: secret, issuer: 'iss', audience: 'aud' }, { clock: () => now });
    const first = await remembering(token);
    now += 59_000;
    expect(await remembering(token)).toBe(first);
    now += 2_000;
    const again = await remembering(token);
    expect(again).not.toBe(first);
    expect(again).toMatchObject({ sub: 'gw', org: 'acme', isGateway: true });
    // A token with a bad signature stays refused however often it is sent.
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(await codeOf(remembering(forged))).toBe('UNAUTHENTICATED');
    expect(await codeOf(remembering(forged))).toBe('UNAUTHENTICATED');
  });

  it('keeps at most maxRemembered tokens', async () => {
    const now = Date.now();
    const remembering = createVerifier({ jwtSecret: secret, issuer: 'iss', audience: 'aud' }, { clock: () => now, maxRemembered: 2 });
    const tokens = await Promise.all([1, 2, 3].map((i) => at(Math.floor(now / 1000) + 600 + i).then((t) => `Bearer ${t}`)));
    const first = await remembering(tokens[0]!);
    await remembering(tokens[1]!);
    const third = await remembering(tokens[2]!); // drops the least recently used: the first
    expect(await remembering(tokens[2]!)).toBe(third);
    expect(await remembering(tokens[0]!)).not.toBe(first);
  });
});
