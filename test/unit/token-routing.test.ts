import { describe, expect, it } from 'vitest';
import { canAnswerForTokens, looksLikeJwt, providersToAsk, unverifiedIssuer } from '../../src/domains/tokens/token-routing.js';
import type { ClientProvider } from '../../src/store/entities/client-provider.entity.js';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
/** A JWT-shaped token (unsigned: the signature part is filler) with this payload. */
const jwt = (payload: unknown, header: unknown = { alg: 'RS256', typ: 'JWT' }) => `${b64(header)}.${b64(payload)}.c2lnbmF0dXJl`;

interface ProviderShape {
  id: string;
  issuer: string | null;
  builtIn: boolean;
  validateJwtLocally: boolean;
  introspectionUrl: string | null;
  introspectionClientId: string | null;
}

const provider = (id: string, fields: Partial<ProviderShape> = {}): ClientProvider =>
  ({
    id,
    issuer: `https://${id}.example.com`,
    builtIn: false,
    validateJwtLocally: false,
    introspectionUrl: null,
    introspectionClientId: null,
    ...fields,
  }) as never;

const ids = (providers: ClientProvider[]) => providers.map((p) => p.id);

describe('looksLikeJwt', () => {
  it('accepts three base64url parts', () => {
    expect(looksLikeJwt(jwt({ iss: 'x' }))).toBe(true);
    expect(looksLikeJwt('a.b.c')).toBe(true);
    expect(looksLikeJwt('A-_9.z_-0.--__')).toBe(true);
  });

  it('refuses opaque tokens, other part counts, empty parts and other characters', () => {
    for (const token of [
      '',
      'opaque-token-1234',
      'a.b',
      'a.b.c.d',
      'a.b.c.d.e',
      'a.b.',
      '.b.c',
      'a..c',
      'a.b+c.d',
      'a.b/c.d',
      'a.b=.c',
      'a+b.c.d',
      'a/b.c.d',
      'a=.b.c',
      'a.b.c=',
      'a.b.c/',
      'a.b.c ',
      ' a.b.c',
      'a.b.c\n',
      'Bearer a.b.c',
    ]) {
      expect(looksLikeJwt(token), JSON.stringify(token)).toBe(false);
    }
  });
});

describe('unverifiedIssuer', () => {
  it("reads a JWT's iss without checking the signature", () => {
    expect(unverifiedIssuer(jwt({ iss: 'https://idp.example.com', sub: 'u' }))).toBe('https://idp.example.com');
    expect(unverifiedIssuer(jwt({ iss: 'https://idp.example.com' }, 'not even json'))).toBe('https://idp.example.com');
  });

  it('answers undefined for a token that is not JWT-shaped', () => {
    expect(unverifiedIssuer('opaque')).toBeUndefined();
    expect(unverifiedIssuer(`${jwt({ iss: 'https://idp.example.com' })}.extra`)).toBeUndefined();
    expect(unverifiedIssuer(`${b64({})}.${b64({ iss: 'https://idp.example.com' })}.`)).toBeUndefined();
  });

  it('answers undefined for a payload that is not JSON or not an object with a string iss', () => {
    expect(unverifiedIssuer(`${b64({})}.bm90IGpzb24.c2ln`)).toBeUndefined(); // "not json"
    expect(unverifiedIssuer(`${b64({})}.${b64('null')}.c2ln`)).toBeUndefined();
    expect(unverifiedIssuer(`${b64({})}.${b64('42')}.c2ln`)).toBeUndefined();
    expect(unverifiedIssuer(jwt(['https://idp.example.com']))).toBeUndefined();
    expect(unverifiedIssuer(jwt({ sub: 'u' }))).toBeUndefined();
    expect(unverifiedIssuer(jwt({ iss: 42 }))).toBeUndefined();
    expect(unverifiedIssuer(jwt({ iss: ['https://idp.example.com'] }))).toBeUndefined();
    expect(unverifiedIssuer(jwt({ iss: { url: 'https://idp.example.com' } }))).toBeUndefined();
    expect(unverifiedIssuer(jwt({ iss: null }))).toBeUndefined();
  });

  it('does not read the header', () => {
    expect(unverifiedIssuer(jwt({ sub: 'u' }, { iss: 'https://idp.example.com' }))).toBeUndefined();
  });
});

describe('providersToAsk', () => {
  const a = provider('a');
  const b = provider('b');
  const c = provider('c');
  const a2 = provider('a2', { issuer: 'https://a.example.com/' });
  const none = provider('none', { issuer: null });

  it("asks only the providers whose issuer is the JWT's iss", () => {
    expect(ids(providersToAsk([a, b, c], 'c', jwt({ iss: 'https://b.example.com' })))).toEqual(['b']);
  });

  it('tolerates a trailing slash on either side, and keeps the order of the matches', () => {
    expect(ids(providersToAsk([b, a, c, a2], 'c', jwt({ iss: 'https://a.example.com' })))).toEqual(['a', 'a2']);
    expect(ids(providersToAsk([b, a, c, a2], 'a2', jwt({ iss: 'https://a.example.com/' })))).toEqual(['a', 'a2']);
  });

  it('does not put the default first among the matches', () => {
    expect(ids(providersToAsk([a, a2], 'a2', jwt({ iss: 'https://a.example.com' })))).toEqual(['a', 'a2']);
  });

  it('asks every provider, the default first, when no issuer matches', () => {
    expect(ids(providersToAsk([a, b, c], 'b', jwt({ iss: 'https://unknown.example.com' })))).toEqual(['b', 'a', 'c']);
    expect(ids(providersToAsk([a, b, c], 'b', jwt({ iss: 'https://A.example.com' })))).toEqual(['b', 'a', 'c']);
  });

  it('asks every provider, the default first, for an opaque token or a JWT without iss', () => {
    expect(ids(providersToAsk([a, b, c, none], 'c', 'opaque-token'))).toEqual(['c', 'a', 'b', 'none']);
    expect(ids(providersToAsk([a, b, c, none], 'none', jwt({ sub: 'u' })))).toEqual(['none', 'a', 'b', 'c']);
    expect(ids(providersToAsk([a, b, c, none], 'c', jwt({ iss: '' })))).toEqual(['c', 'a', 'b', 'none']);
  });

  it('keeps the given order when the default is first, or not among them', () => {
    expect(ids(providersToAsk([a, b, c], 'a', 'opaque'))).toEqual(['a', 'b', 'c']);
    expect(ids(providersToAsk([c, a, b], 'missing', 'opaque'))).toEqual(['c', 'a', 'b']);
  });

  it('does not reorder the array it was given', () => {
    const given = [a, b, c];
    const asked = providersToAsk(given, 'c', 'opaque');
    expect(ids(asked)).toEqual(['c', 'a', 'b']);
    expect(ids(given)).toEqual(['a', 'b', 'c']);
    expect(asked).not.toBe(given);
  });

  it('answers nothing when there is no provider', () => {
    expect(providersToAsk([], 'a', 'opaque')).toEqual([]);
    expect(providersToAsk([], 'a', jwt({ iss: 'https://a.example.com' }))).toEqual([]);
  });
});

describe('canAnswerForTokens', () => {
  it('never for the built-in provider', () => {
    expect(canAnswerForTokens(provider('p', { builtIn: true, validateJwtLocally: true }))).toBe(false);
    expect(canAnswerForTokens(provider('p', { builtIn: true, introspectionUrl: 'https://p.example.com/i', introspectionClientId: 'rs' }))).toBe(false);
  });

  it('when it validates JWTs locally', () => {
    expect(canAnswerForTokens(provider('p', { validateJwtLocally: true }))).toBe(true);
  });

  it('when it has both an introspection URL and an introspection client', () => {
    expect(canAnswerForTokens(provider('p', { introspectionUrl: 'https://p.example.com/i', introspectionClientId: 'rs' }))).toBe(true);
    expect(canAnswerForTokens(provider('p', { introspectionUrl: 'https://p.example.com/i' }))).toBe(false);
    expect(canAnswerForTokens(provider('p', { introspectionClientId: 'rs' }))).toBe(false);
  });

  it('not otherwise', () => {
    expect(canAnswerForTokens(provider('p'))).toBe(false);
  });
});
