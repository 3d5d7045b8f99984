import { describe, expect, it } from 'vitest';
import { ProviderError, ProviderErrorCode } from '../../src/core/errors.js';
import { discoveryUrl, discoveryUrls, onIssuerOrigin, parseDiscovery, sameIssuer, trustedEndpoints, type Discovery } from '../../src/vendors/discovery.js';

const ISSUER = 'https://idp.example.com/realms/acme';

function discovery(overrides: Partial<Discovery> = {}): Discovery {
  return {
    issuer: ISSUER,
    registrationUrl: `${ISSUER}/clients-registrations/openid-connect`,
    authorizeUrl: `${ISSUER}/protocol/openid-connect/auth`,
    tokenUrl: `${ISSUER}/protocol/openid-connect/token`,
    introspectionUrl: `${ISSUER}/protocol/openid-connect/token/introspect`,
    jwksUrl: `${ISSUER}/protocol/openid-connect/certs`,
    grantTypesSupported: null,
    ...overrides,
  };
}

describe('discoveryUrl', () => {
  it('appends the well-known path to the issuer', () => {
    expect(discoveryUrl(ISSUER)).toBe(`${ISSUER}/.well-known/openid-configuration`);
    expect(discoveryUrl('https://idp.example.com')).toBe('https://idp.example.com/.well-known/openid-configuration');
  });

  it('drops one trailing slash of the issuer', () => {
    expect(discoveryUrl(`${ISSUER}/`)).toBe(`${ISSUER}/.well-known/openid-configuration`);
    expect(discoveryUrl('https://idp.example.com/')).toBe('https://idp.example.com/.well-known/openid-configuration');
  });
});

describe('discoveryUrls', () => {
  it('asks OpenID Connect Discovery first, then RFC 8414 in its own and in the appended form', () => {
    expect(discoveryUrls(ISSUER)).toEqual([
      `${ISSUER}/.well-known/openid-configuration`,
      'https://idp.example.com/.well-known/oauth-authorization-server/realms/acme',
      `${ISSUER}/.well-known/oauth-authorization-server`,
    ]);
  });

  it('has one RFC 8414 address for an issuer without a path', () => {
    expect(discoveryUrls('https://idp.example.com/')).toEqual([
      'https://idp.example.com/.well-known/openid-configuration',
      'https://idp.example.com/.well-known/oauth-authorization-server',
    ]);
  });
});

describe('parseDiscovery', () => {
  it('keeps grant_types_supported when it is a list of names, and says nothing otherwise', () => {
    const grants = (value: unknown) => parseDiscovery({ issuer: ISSUER, grant_types_supported: value }).grantTypesSupported;
    expect(grants(['authorization_code', 'client_credentials', 'authorization_code'])).toEqual(['authorization_code', 'client_credentials']);
    expect(grants(undefined)).toBeNull();
    expect(grants('client_credentials')).toBeNull();
    expect(grants(['client_credentials', 7])).toBeNull();
    expect(grants(['x'.repeat(201)])).toBeNull();
    expect(grants(Array.from({ length: 51 }, (_, i) => `grant-${i}`))).toBeNull();
  });

  it('reads the endpoints by their RFC 8414 names', () => {
    expect(
      parseDiscovery({
        issuer: ISSUER,
        registration_endpoint: 'https://idp.example.com/reg',
        authorization_endpoint: 'https://idp.example.com/auth',
        token_endpoint: 'https://idp.example.com/token',
        introspection_endpoint: 'https://idp.example.com/introspect',
        jwks_uri: 'https://idp.example.com/jwks',
        userinfo_endpoint: 'https://idp.example.com/userinfo',
      }),
    ).toEqual({
      issuer: ISSUER,
      registrationUrl: 'https://idp.example.com/reg',
      authorizeUrl: 'https://idp.example.com/auth',
      tokenUrl: 'https://idp.example.com/token',
      introspectionUrl: 'https://idp.example.com/introspect',
      jwksUrl: 'https://idp.example.com/jwks',
      grantTypesSupported: null,
    });
  });

  it('answers null for missing or non-string endpoints', () => {
    expect(
      parseDiscovery({
        issuer: ISSUER,
        registration_endpoint: 42,
        authorization_endpoint: ['https://idp.example.com/auth'],
        token_endpoint: { url: 'x' },
        introspection_endpoint: null,
      }),
    ).toEqual({ issuer: ISSUER, registrationUrl: null, authorizeUrl: null, tokenUrl: null, introspectionUrl: null, jwksUrl: null, grantTypesSupported: null });
  });

  it('does not read the camel-case names', () => {
    expect(parseDiscovery({ issuer: ISSUER, tokenUrl: 'https://idp.example.com/token', jwksUrl: 'x' })).toMatchObject({ tokenUrl: null, jwksUrl: null });
  });

  it('throws PROVIDER_UNAVAILABLE for a document without a string issuer', () => {
    for (const body of [{}, { issuer: 42 }, { issuer: null }, { token_endpoint: 'https://idp.example.com/token' }, null, undefined, 'text', 7]) {
      let thrown: unknown;
      try {
        parseDiscovery(body);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(body)).toBeInstanceOf(ProviderError);
      expect((thrown as ProviderError).code).toBe(ProviderErrorCode.PROVIDER_UNAVAILABLE);
      expect((thrown as ProviderError).message).toMatch(/no issuer/);
    }
  });
});

describe('sameIssuer', () => {
  it('compares issuers up to a trailing slash', () => {
    expect(sameIssuer(ISSUER, ISSUER)).toBe(true);
    expect(sameIssuer(ISSUER, `${ISSUER}/`)).toBe(true);
    expect(sameIssuer(`${ISSUER}/`, ISSUER)).toBe(true);
    expect(sameIssuer(`${ISSUER}/`, `${ISSUER}/`)).toBe(true);
  });

  it('tolerates nothing else', () => {
    expect(sameIssuer(ISSUER, `${ISSUER}//`)).toBe(false);
    expect(sameIssuer(`${ISSUER}//`, ISSUER)).toBe(false);
    expect(sameIssuer(ISSUER, ISSUER.toUpperCase())).toBe(false);
    expect(sameIssuer(ISSUER.toUpperCase(), ISSUER)).toBe(false);
    expect(sameIssuer(ISSUER, `${ISSUER}/x`)).toBe(false);
    expect(sameIssuer(ISSUER, ISSUER.replace('https:', 'http:'))).toBe(false);
    expect(sameIssuer(ISSUER, ` ${ISSUER}`)).toBe(false);
    expect(sameIssuer(ISSUER, ISSUER.slice(0, -1))).toBe(false);
  });

  it('never matches a missing issuer, not even another missing one', () => {
    expect(sameIssuer(null, undefined)).toBe(false);
    expect(sameIssuer(null, '')).toBe(false);
    expect(sameIssuer(null, '/')).toBe(false);
    expect(sameIssuer('/', '')).toBe(false);
    expect(sameIssuer(null, ISSUER)).toBe(false);
    expect(sameIssuer(ISSUER, undefined)).toBe(false);
  });
});

describe('onIssuerOrigin', () => {
  it("keeps an http(s) URL on the issuer's origin, as given", () => {
    expect(onIssuerOrigin(ISSUER, 'https://idp.example.com/other/path?x=1')).toBe('https://idp.example.com/other/path?x=1');
    expect(onIssuerOrigin(ISSUER, 'https://idp.example.com:443/token')).toBe('https://idp.example.com:443/token');
    expect(onIssuerOrigin(ISSUER, 'https://IDP.example.com/token')).toBe('https://IDP.example.com/token');
    expect(onIssuerOrigin('http://localhost:8080/realms/x', 'http://localhost:8080/token')).toBe('http://localhost:8080/token');
  });

  it('refuses another host, port or scheme', () => {
    expect(onIssuerOrigin(ISSUER, 'https://evil.example.com/token')).toBeNull();
    expect(onIssuerOrigin(ISSUER, 'https://idp.example.com.evil.example/token')).toBeNull();
    expect(onIssuerOrigin(ISSUER, 'https://sub.idp.example.com/token')).toBeNull();
    expect(onIssuerOrigin(ISSUER, 'https://idp.example.com:8443/token')).toBeNull();
    expect(onIssuerOrigin(ISSUER, 'http://idp.example.com/token')).toBeNull();
    expect(onIssuerOrigin('http://idp.example.com', 'https://idp.example.com/token')).toBeNull();
    expect(onIssuerOrigin(ISSUER, 'https://user:pass@evil.example.com/token')).toBeNull();
  });

  it('refuses non-http schemes', () => {
    expect(onIssuerOrigin(ISSUER, 'javascript:alert(1)')).toBeNull();
    expect(onIssuerOrigin(ISSUER, 'data:text/plain,hello')).toBeNull();
    expect(onIssuerOrigin(ISSUER, 'ftp://idp.example.com/token')).toBeNull();
    expect(onIssuerOrigin(ISSUER, 'file:///etc/passwd')).toBeNull();
    // Both have the opaque origin "null": only the scheme check refuses these.
    expect(onIssuerOrigin('urn:example:issuer', 'javascript:alert(1)')).toBeNull();
    expect(onIssuerOrigin('data:text/plain,issuer', 'data:text/plain,endpoint')).toBeNull();
  });

  it('refuses URLs longer than 2048 characters', () => {
    const prefix = 'https://idp.example.com/';
    const atLimit = prefix + 'a'.repeat(2048 - prefix.length);
    expect(atLimit).toHaveLength(2048);
    expect(onIssuerOrigin(ISSUER, atLimit)).toBe(atLimit);
    expect(onIssuerOrigin(ISSUER, `${atLimit}a`)).toBeNull();
  });

  it('refuses unparsable or relative URLs, an unparsable issuer, and missing values', () => {
    expect(onIssuerOrigin(ISSUER, 'not a url')).toBeNull();
    expect(onIssuerOrigin(ISSUER, '/protocol/openid-connect/token')).toBeNull();
    expect(onIssuerOrigin(ISSUER, 'https://')).toBeNull();
    expect(onIssuerOrigin('not a url', 'https://idp.example.com/token')).toBeNull();
    expect(onIssuerOrigin(ISSUER, null)).toBeNull();
    expect(onIssuerOrigin(ISSUER, '')).toBeNull();
    expect(onIssuerOrigin(null, 'https://idp.example.com/token')).toBeNull();
    expect(onIssuerOrigin('', 'https://idp.example.com/token')).toBeNull();
  });
});

describe('trustedEndpoints', () => {
  it('trusts a document asserting the configured issuer, keeping endpoints on its origin', () => {
    const doc = discovery();
    expect(trustedEndpoints(ISSUER, doc)).toEqual({
      trusted: true,
      endpoints: {
        registrationUrl: doc.registrationUrl,
        authorizeUrl: doc.authorizeUrl,
        tokenUrl: doc.tokenUrl,
        introspectionUrl: doc.introspectionUrl,
        jwksUrl: doc.jwksUrl,
      },
    });
  });

  it('tolerates a trailing slash on either side', () => {
    expect(trustedEndpoints(`${ISSUER}/`, discovery()).trusted).toBe(true);
    expect(trustedEndpoints(ISSUER, discovery({ issuer: `${ISSUER}/` })).trusted).toBe(true);
  });

  it('drops, one by one, endpoints off the issuer origin', () => {
    const result = trustedEndpoints(
      ISSUER,
      discovery({
        registrationUrl: 'https://evil.example.com/register',
        introspectionUrl: 'http://idp.example.com/introspect',
        jwksUrl: 'javascript:alert(1)',
        authorizeUrl: null,
      }),
    );
    expect(result).toEqual({
      trusted: true,
      endpoints: {
        registrationUrl: null,
        authorizeUrl: null,
        tokenUrl: `${ISSUER}/protocol/openid-connect/token`,
        introspectionUrl: null,
        jwksUrl: null,
      },
    });
  });

  it('trusts nothing from a document asserting another issuer, and names both', () => {
    const result = trustedEndpoints(ISSUER, discovery({ issuer: 'https://idp.example.com/realms/other' }));
    expect(result.trusted).toBe(false);
    if (result.trusted) throw new Error('unreachable');
    expect(result.problem).toContain('https://idp.example.com/realms/other');
    expect(result.problem).toContain(ISSUER);
    expect(result).not.toHaveProperty('endpoints');
  });

  it('clips the asserted issuer in the problem to 300 characters', () => {
    const asserted = `https://evil.example.com/${'x'.repeat(400)}`;
    const result = trustedEndpoints(ISSUER, discovery({ issuer: asserted }));
    if (result.trusted) throw new Error('expected an untrusted document');
    expect(result.problem).toContain(asserted.slice(0, 300));
    expect(result.problem).not.toContain(asserted.slice(0, 301));
  });

  it('without a configured issuer, trusts no endpoint', () => {
    const result = trustedEndpoints(null, discovery());
    expect(result.trusted).toBe(false);
  });
});
