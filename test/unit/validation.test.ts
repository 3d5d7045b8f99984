import { describe, expect, it } from 'vitest';
import { UserErrorCode } from '../../src/core/errors.js';
import { Validator } from '../../src/core/validation.js';

/** The one error a check produced, or undefined when it produced none. */
function only(check: (v: Validator) => unknown) {
  const v = new Validator();
  const value = check(v);
  expect(v.errors.length).toBeLessThanOrEqual(1);
  return { value, error: v.errors[0], ok: v.ok };
}

describe('Validator', () => {
  it('starts ok with no errors', () => {
    const v = new Validator();
    expect(v.ok).toBe(true);
    expect(v.errors).toEqual([]);
  });

  it('collects errors from several checks, in order, and is then not ok', () => {
    const v = new Validator();
    v.name('name', '   ');
    v.httpUrl('issuer', 'ftp://idp.example.com');
    v.name('displayName', 'fine');
    v.integer('ttlSeconds', 0, 1, 10);
    expect(v.ok).toBe(false);
    expect(v.errors.map((e) => [e.code, e.field])).toEqual([
      [UserErrorCode.BLANK, ['input', 'name']],
      [UserErrorCode.INVALID_URL, ['input', 'issuer']],
      [UserErrorCode.OUT_OF_RANGE, ['input', 'ttlSeconds']],
    ]);
  });

  it('add() records an error with the field path, or none without a field', () => {
    const v = new Validator();
    v.add(UserErrorCode.CONFLICT, 'changed meanwhile');
    v.add(UserErrorCode.NAME_TAKEN, 'taken', 'name');
    expect(v.errors).toEqual([
      { code: UserErrorCode.CONFLICT, message: 'changed meanwhile', field: null },
      { code: UserErrorCode.NAME_TAKEN, message: 'taken', field: ['input', 'name'] },
    ]);
    expect(v.ok).toBe(false);
  });

  describe('name', () => {
    it('trims and accepts a plain name', () => {
      expect(only((v) => v.name('name', '  Acme Okta  '))).toEqual({ value: 'Acme Okta', error: undefined, ok: true });
      expect(only((v) => v.name('name', 'Ünïcødé — ok'))).toMatchObject({ value: 'Ünïcødé — ok', ok: true });
    });

    it('refuses a blank name as BLANK on ["input", field]', () => {
      for (const value of ['', '   ', '\t\n ']) {
        const { value: returned, error } = only((v) => v.name('displayName', value));
        expect(returned).toBe('');
        expect(error).toEqual({ code: UserErrorCode.BLANK, message: 'displayName must not be blank', field: ['input', 'displayName'] });
      }
    });

    it('accepts exactly max characters and refuses one more as TOO_LONG', () => {
      expect(only((v) => v.name('name', 'x'.repeat(100))).ok).toBe(true);
      const { error } = only((v) => v.name('name', 'x'.repeat(101)));
      expect(error).toEqual({ code: UserErrorCode.TOO_LONG, message: 'name must be at most 100 characters', field: ['input', 'name'] });
    });

    it('measures the length after trimming, and honours a custom max', () => {
      expect(only((v) => v.name('name', `  ${'x'.repeat(100)}  `)).ok).toBe(true);
      expect(only((v) => v.name('name', 'abcd', 3)).error?.code).toBe(UserErrorCode.TOO_LONG);
      expect(only((v) => v.name('name', 'abc', 3)).ok).toBe(true);
    });

    it('refuses control and text-direction characters inside the name as INVALID_VALUE', () => {
      for (const value of ['a\u0000b', 'a\nb', 'a\tb', 'a\u001fb', 'a\u007fb', 'a\rb', 'a\u0085b', 'a\u009fb', 'invoice\u202egnp.exe', 'a\u2066b']) {
        const { error } = only((v) => v.name('name', value));
        expect(error, JSON.stringify(value)).toEqual({
          code: UserErrorCode.INVALID_VALUE,
          message: 'name must not contain control or text-direction characters',
          field: ['input', 'name'],
        });
      }
      expect(only((v) => v.name('name', 'Zürich — 東京 ✓')).ok).toBe(true);
    });

    it('does not count control characters that trimming removes', () => {
      expect(only((v) => v.name('name', '\tname\n'))).toEqual({ value: 'name', error: undefined, ok: true });
    });

    it('reports only one error per value: blank, then length, then characters', () => {
      const v = new Validator();
      v.name('name', `${'x'.repeat(101)}\u0000x`);
      expect(v.errors.map((e) => e.code)).toEqual([UserErrorCode.TOO_LONG]);
    });
  });

  describe('description', () => {
    it('keeps null as null without an error', () => {
      expect(only((v) => v.description('description', null))).toEqual({ value: null, error: undefined, ok: true });
    });

    it('clears a blank description to null', () => {
      for (const value of ['', '   ', '\n\t']) expect(only((v) => v.description('description', value))).toEqual({ value: null, error: undefined, ok: true });
    });

    it('trims the text and allows newlines', () => {
      expect(only((v) => v.description('description', '  line one\nline two  '))).toEqual({ value: 'line one\nline two', error: undefined, ok: true });
    });

    it('accepts exactly max characters and refuses one more as TOO_LONG', () => {
      expect(only((v) => v.description('description', 'd'.repeat(1000))).ok).toBe(true);
      expect(only((v) => v.description('description', ` ${'d'.repeat(1000)} `)).ok).toBe(true);
      const { error } = only((v) => v.description('notes', 'd'.repeat(1001)));
      expect(error).toEqual({ code: UserErrorCode.TOO_LONG, message: 'notes must be at most 1000 characters', field: ['input', 'notes'] });
      expect(only((v) => v.description('notes', 'abcdef', 5)).error?.code).toBe(UserErrorCode.TOO_LONG);
    });
  });

  describe('httpUrl', () => {
    it('clears null or blank to null', () => {
      for (const value of [null, '', '   ']) expect(only((v) => v.httpUrl('issuer', value))).toEqual({ value: null, error: undefined, ok: true });
    });

    it('accepts absolute http and https URLs, trimmed and otherwise as given', () => {
      expect(only((v) => v.httpUrl('issuer', ' https://idp.example.com/realms/acme '))).toEqual({ value: 'https://idp.example.com/realms/acme', error: undefined, ok: true });
      expect(only((v) => v.httpUrl('issuer', 'http://localhost:8080/path?query=1')).ok).toBe(true);
      expect(only((v) => v.httpUrl('issuer', 'HTTPS://IDP.example.com')).value).toBe('HTTPS://IDP.example.com');
    });

    it('refuses what is not an absolute URL as INVALID_URL', () => {
      for (const value of ['not a url', '/relative/path', 'idp.example.com', 'https://']) {
        const { value: returned, error } = only((v) => v.httpUrl('issuer', value));
        expect(returned).toBe(value);
        expect(error, value).toEqual({ code: UserErrorCode.INVALID_URL, message: 'issuer must be an absolute http or https URL', field: ['input', 'issuer'] });
      }
    });

    it('refuses other schemes as INVALID_URL', () => {
      for (const value of ['ftp://idp.example.com', 'javascript:alert(1)', 'file:///etc/passwd', 'mailto:a@b.example', 'ws://idp.example.com', 'data:text/plain,x']) {
        expect(only((v) => v.httpUrl('jwksUrl', value)).error, value).toEqual({
          code: UserErrorCode.INVALID_URL,
          message: 'jwksUrl must be an absolute http or https URL',
          field: ['input', 'jwksUrl'],
        });
      }
    });

    it('refuses credentials in the URL', () => {
      for (const value of ['https://user:pass@idp.example.com', 'https://user@idp.example.com', 'https://:pass@idp.example.com']) {
        const { error } = only((v) => v.httpUrl('issuer', value));
        expect(error?.code, value).toBe(UserErrorCode.INVALID_URL);
        expect(error?.message).toMatch(/credentials/);
        expect(error?.field).toEqual(['input', 'issuer']);
      }
    });

    it('refuses a fragment', () => {
      const { error } = only((v) => v.httpUrl('issuer', 'https://idp.example.com/realms/acme#section'));
      expect(error).toEqual({ code: UserErrorCode.INVALID_URL, message: 'issuer must not have a fragment', field: ['input', 'issuer'] });
      expect(only((v) => v.httpUrl('issuer', 'https://idp.example.com/#')).error?.code).toBe(UserErrorCode.INVALID_URL);
    });

    it('accepts exactly 2048 characters and refuses longer as TOO_LONG', () => {
      const prefix = 'https://idp.example.com/';
      const atLimit = prefix + 'a'.repeat(2048 - prefix.length);
      expect(only((v) => v.httpUrl('issuer', atLimit)).ok).toBe(true);
      expect(only((v) => v.httpUrl('issuer', `  ${atLimit}  `)).ok).toBe(true);
      const { value, error } = only((v) => v.httpUrl('issuer', `${atLimit}a`));
      expect(value).toBe(`${atLimit}a`);
      expect(error).toEqual({ code: UserErrorCode.TOO_LONG, message: 'issuer must be at most 2048 characters', field: ['input', 'issuer'] });
    });

    it('checks the length before anything else', () => {
      expect(only((v) => v.httpUrl('issuer', `ftp://${'a'.repeat(2048)}`)).error?.code).toBe(UserErrorCode.TOO_LONG);
    });
  });

  describe('integer', () => {
    it('accepts integers within the bounds, bounds included', () => {
      for (const value of [1, 5, 10]) expect(only((v) => v.integer('ttlSeconds', value, 1, 10))).toEqual({ value, error: undefined, ok: true });
      expect(only((v) => v.integer('n', -3, -5, 0)).ok).toBe(true);
      expect(only((v) => v.integer('n', 2.0, 1, 10)).ok).toBe(true);
    });

    it('refuses values outside the bounds as OUT_OF_RANGE', () => {
      for (const value of [0, 11, -1, Number.MAX_SAFE_INTEGER]) {
        const { value: returned, error } = only((v) => v.integer('ttlSeconds', value, 1, 10));
        expect(returned).toBe(value);
        expect(error).toEqual({ code: UserErrorCode.OUT_OF_RANGE, message: 'ttlSeconds must be between 1 and 10', field: ['input', 'ttlSeconds'] });
      }
    });

    it('refuses non-integers as OUT_OF_RANGE', () => {
      for (const value of [1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        expect(only((v) => v.integer('n', value, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)).error?.code, String(value)).toBe(UserErrorCode.OUT_OF_RANGE);
      }
      expect(only((v) => v.integer('n', 5.5, 1, 10)).error?.code).toBe(UserErrorCode.OUT_OF_RANGE);
    });
  });
});
