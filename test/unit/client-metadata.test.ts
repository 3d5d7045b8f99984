import { describe, expect, it } from 'vitest';
import { checkClientMetadata } from '../../src/domains/clients/client-metadata.js';
import { Validator } from '../../src/core/validation.js';

const check = (redirectUris: string[], grantTypes: string[], scopes: string[] = []) => {
  const validator = new Validator();
  const metadata = checkClientMetadata({ redirectUris, grantTypes, scopes }, validator);
  return { metadata, codes: validator.errors.map((e) => e.code) };
};

describe('client metadata', () => {
  it('accepts web and native redirect URIs and deduplicates', () => {
    const { metadata, codes } = check(['https://a.example/cb', 'com.example.app:/cb', 'https://a.example/cb'], ['authorization_code', 'refresh_token'], ['a', 'a', 'b']);
    expect(codes).toEqual([]);
    expect(metadata).toEqual({ redirectUris: ['https://a.example/cb', 'com.example.app:/cb'], grantTypes: ['authorization_code', 'refresh_token'], scopes: ['a', 'b'] });
  });

  it('refuses fragments, relative and script URIs, unknown grants, missing redirect URIs and bad scopes', () => {
    expect(check(['https://a.example/cb#x'], ['authorization_code']).codes).toEqual(['INVALID_REDIRECT_URI']);
    expect(check(['/cb'], ['client_credentials']).codes).toEqual(['INVALID_REDIRECT_URI']);
    expect(check(['javascript:alert(1)'], ['implicit']).codes).toEqual(['INVALID_REDIRECT_URI']);
    expect(check([], ['authorization_code']).codes).toEqual(['INVALID_REDIRECT_URI']);
    expect(check([], ['telepathy']).codes).toEqual(['INVALID_CLIENT_METADATA']);
    expect(check([], []).codes).toEqual(['INVALID_CLIENT_METADATA']);
    expect(check([], ['client_credentials'], ['two words']).codes).toEqual(['INVALID_CLIENT_METADATA']);
    expect(check([], ['client_credentials'], Array.from({ length: 51 }, (_, i) => `s${i}`)).codes).toEqual(['TOO_MANY']);
  });
});

describe('Okta application types', async () => {
  const { applicationType } = await import('../../src/vendors/okta.adapter.js');
  const meta = (grant_types: string[], redirect_uris: string[] = []) => ({
    client_name: 'x',
    grant_types,
    redirect_uris,
    response_types: [],
    token_endpoint_auth_method: 'client_secret_basic',
  });
  it('follow the grants and redirect URIs', () => {
    expect(applicationType(meta(['client_credentials']))).toBe('service');
    expect(applicationType(meta(['authorization_code', 'refresh_token'], ['https://a.example/cb']))).toBe('web');
    expect(applicationType(meta(['authorization_code'], ['com.example.app:/cb']))).toBe('native');
    expect(applicationType(meta(['implicit'], ['https://spa.example/cb']))).toBe('browser');
  });
});
