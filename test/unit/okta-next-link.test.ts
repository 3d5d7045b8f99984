import { describe, expect, it } from 'vitest';
import { nextLink } from '../../src/vendors/okta.adapter.js';

describe("Okta's Link header", () => {
  const base = 'https://acme.okta.com/oauth2/v1/clients';
  it('gives the next page from rel="next", among other relations', () => {
    const header = `<${base}?limit=200>; rel="self", <${base}?after=0oa2&limit=200>; rel="next"`;
    expect(nextLink(header, base)).toBe(`${base}?after=0oa2&limit=200`);
    expect(nextLink([`<${base}?limit=200>; rel="self"`, `<${base}?after=0oa3>; rel="next"`], base)).toBe(`${base}?after=0oa3`);
  });

  it('ends the listing without a next page, and never follows one to another origin', () => {
    expect(nextLink(undefined, base)).toBeNull();
    expect(nextLink(`<${base}?limit=200>; rel="self"`, base)).toBeNull();
    expect(nextLink('<https://evil.example.com/oauth2/v1/clients?after=x>; rel="next"', base)).toBeNull();
    expect(nextLink('<http://[::1>; rel="next"', base)).toBeNull();
  });
});
