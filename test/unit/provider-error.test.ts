import { describe, expect, it } from 'vitest';
import { ProviderError, ProviderErrorCode } from '../../src/core/errors.js';
import { providerErrorFromNetwork, providerErrorFromResponse } from '../../src/vendors/provider-error.js';

const call = { what: 'client registration', url: 'https://idp.example/oauth2/register' };

describe('providerErrorFromResponse', () => {
  it('maps 401 and 403 to PROVIDER_REJECTED_CREDENTIALS, whatever the OAuth error says', () => {
    for (const status of [401, 403]) {
      const error = providerErrorFromResponse(status, { error: 'invalid_redirect_uri' }, call);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error.name).toBe('ProviderError');
      expect(error.code).toBe(ProviderErrorCode.PROVIDER_REJECTED_CREDENTIALS);
      expect(error.message).toContain('client registration');
      expect(error.message).toContain(`HTTP ${status}`);
    }
  });

  it('maps a 404 about a client to PROVIDER_CLIENT_NOT_FOUND', () => {
    const error = providerErrorFromResponse(404, null, { ...call, aboutClient: true });
    expect(error.code).toBe(ProviderErrorCode.PROVIDER_CLIENT_NOT_FOUND);
    expect(error.message).not.toContain(call.url);
  });

  it('maps any other 404 to PROVIDER_UNAVAILABLE naming the URL', () => {
    for (const options of [call, { ...call, aboutClient: false }]) {
      const error = providerErrorFromResponse(404, null, options);
      expect(error.code).toBe(ProviderErrorCode.PROVIDER_UNAVAILABLE);
      expect(error.message).toContain(call.url);
      expect(error.message).toContain('HTTP 404');
    }
  });

  it('clips the URL named in a 404 to 300 characters', () => {
    const url = `https://idp.example/${'a'.repeat(400)}`;
    const error = providerErrorFromResponse(404, null, { what: 'discovery', url });
    expect(error.message).toContain(url.slice(0, 300));
    expect(error.message).not.toContain(url.slice(0, 301));
  });

  it('maps 405 and 501 to PROVIDER_OPERATION_UNSUPPORTED', () => {
    for (const status of [405, 501]) {
      const error = providerErrorFromResponse(status, { error: 'invalid_client_metadata' }, call);
      expect(error.code).toBe(ProviderErrorCode.PROVIDER_OPERATION_UNSUPPORTED);
      expect(error.message).toContain(`HTTP ${status}`);
    }
  });

  it('maps 429 to PROVIDER_RATE_LIMITED without a wait of its own', () => {
    const error = providerErrorFromResponse(429, { error: 'invalid_token' }, call);
    expect(error.code).toBe(ProviderErrorCode.PROVIDER_RATE_LIMITED);
    expect(error.retryAfterMs).toBeUndefined();
  });

  it('maps 5xx (other than 501) to PROVIDER_UNAVAILABLE', () => {
    for (const status of [500, 502, 503, 504, 599]) {
      const error = providerErrorFromResponse(status, { error: 'invalid_redirect_uri' }, call);
      expect(error.code).toBe(ProviderErrorCode.PROVIDER_UNAVAILABLE);
      expect(error.message).toContain(`HTTP ${status}`);
    }
  });

  it.each([
    ['invalid_redirect_uri', ProviderErrorCode.INVALID_REDIRECT_URI],
    ['invalid_client_metadata', ProviderErrorCode.INVALID_CLIENT_METADATA],
    ['invalid_software_statement', ProviderErrorCode.INVALID_CLIENT_METADATA],
    ['unapproved_software_statement', ProviderErrorCode.INVALID_CLIENT_METADATA],
    ['invalid_request', ProviderErrorCode.INVALID_CLIENT_METADATA],
    ['invalid_token', ProviderErrorCode.PROVIDER_REJECTED_CREDENTIALS],
    ['invalid_client', ProviderErrorCode.PROVIDER_REJECTED_CREDENTIALS],
    ['unauthorized_client', ProviderErrorCode.PROVIDER_REJECTED_CREDENTIALS],
    ['access_denied', ProviderErrorCode.PROVIDER_REJECTED_CREDENTIALS],
  ])('maps a 400 with error %s to %s', (oauthError, code) => {
    const error = providerErrorFromResponse(400, { error: oauthError }, call);
    expect(error.code).toBe(code);
    expect(error.message).toContain('HTTP 400');
  });

  it('defaults other 4xx answers to INVALID_CLIENT_METADATA', () => {
    expect(providerErrorFromResponse(400, { error: 'something_new' }, call).code).toBe(ProviderErrorCode.INVALID_CLIENT_METADATA);
    expect(providerErrorFromResponse(400, { error: 42 }, call).code).toBe(ProviderErrorCode.INVALID_CLIENT_METADATA);
    expect(providerErrorFromResponse(409, {}, call).code).toBe(ProviderErrorCode.INVALID_CLIENT_METADATA);
    expect(providerErrorFromResponse(422, null, call).code).toBe(ProviderErrorCode.INVALID_CLIENT_METADATA);
    expect(providerErrorFromResponse(400, undefined, call).code).toBe(ProviderErrorCode.INVALID_CLIENT_METADATA);
    expect(providerErrorFromResponse(400, 'not an object', call).code).toBe(ProviderErrorCode.INVALID_CLIENT_METADATA);
  });

  it('maps no code from the object prototype (an IdP answering error "constructor" gets the default)', () => {
    for (const error of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(providerErrorFromResponse(400, { error }, call).code).toBe(ProviderErrorCode.INVALID_CLIENT_METADATA);
    }
  });

  it('the OAuth error code is case-sensitive', () => {
    expect(providerErrorFromResponse(400, { error: 'INVALID_REDIRECT_URI' }, call).code).toBe(ProviderErrorCode.INVALID_CLIENT_METADATA);
  });

  it("carries the IdP's error_description as providerDescription and in the message", () => {
    const error = providerErrorFromResponse(400, { error: 'invalid_redirect_uri', error_description: 'redirect_uris[0] must be https' }, call);
    expect(error.providerDescription).toBe('redirect_uris[0] must be https');
    expect(error.message).toBe('The identity provider refused client registration (HTTP 400): redirect_uris[0] must be https');
  });

  it("falls back to Okta's errorSummary, then to the error code itself", () => {
    const okta = providerErrorFromResponse(400, { errorCode: 'E0000001', errorSummary: 'Api validation failed: redirect_uris' }, call);
    expect(okta.providerDescription).toBe('Api validation failed: redirect_uris');
    expect(okta.message).toContain('Api validation failed: redirect_uris');

    const preferred = providerErrorFromResponse(400, { error: 'e', error_description: 'the description', errorSummary: 'the summary' }, call);
    expect(preferred.providerDescription).toBe('the description');

    const summaryOverCode = providerErrorFromResponse(400, { error: 'invalid_request', errorSummary: 'the summary' }, call);
    expect(summaryOverCode.providerDescription).toBe('the summary');

    const codeOnly = providerErrorFromResponse(400, { error: 'invalid_client_metadata' }, call);
    expect(codeOnly.providerDescription).toBe('invalid_client_metadata');
    expect(codeOnly.message).toContain(': invalid_client_metadata');
  });

  it('ignores descriptions that are not strings', () => {
    const error = providerErrorFromResponse(400, { error_description: { nested: true }, errorSummary: 7 }, call);
    expect(error.providerDescription).toBeUndefined();
    expect(error.message).toBe('The identity provider refused client registration (HTTP 400)');
    expect(providerErrorFromResponse(400, { error_description: 5, error: 'invalid_request' }, call).providerDescription).toBe('invalid_request');
  });

  it('carries the description on every status', () => {
    for (const status of [401, 403, 404, 405, 429, 500, 501, 503]) {
      const error = providerErrorFromResponse(status, { error_description: 'why' }, { ...call, aboutClient: status === 404 });
      expect(error.providerDescription).toBe('why');
      expect(error.message.endsWith(': why')).toBe(true);
    }
  });

  it('clips the description to 500 characters', () => {
    const long = `${'x'.repeat(500)}TAIL`;
    const error = providerErrorFromResponse(400, { error_description: long }, call);
    expect(error.providerDescription).toHaveLength(500);
    expect(error.providerDescription).toBe('x'.repeat(500));
    expect(error.message).not.toContain('TAIL');
    expect(providerErrorFromResponse(400, { error_description: 'y'.repeat(500) }, call).providerDescription).toHaveLength(500);
  });

  it('has no description when the body is empty', () => {
    const error = providerErrorFromResponse(503, null, call);
    expect(error.providerDescription).toBeUndefined();
    expect(error.message).toBe('The identity provider failed client registration (HTTP 503)');
  });
});

/** An error like undici's or Node's, with a code and optionally a cause. */
function netError(code: string | undefined, cause?: unknown, name = 'Error'): Error {
  const error = new Error(`failed (${code})`, { cause }) as Error & { code?: string };
  if (code) error.code = code;
  error.name = name;
  return error;
}

describe('providerErrorFromNetwork', () => {
  it('maps a TLS code to PROVIDER_TLS_ERROR mentioning disableServerCertificateValidation', () => {
    for (const code of [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'CERT_HAS_EXPIRED',
      'CERT_NOT_YET_VALID',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'ERR_SSL_WRONG_VERSION_NUMBER',
    ]) {
      const error = providerErrorFromNetwork(netError(code), 'discovery', 1000);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error.code).toBe(ProviderErrorCode.PROVIDER_TLS_ERROR);
      expect(error.message).toContain(code);
      expect(error.message).toContain('disableServerCertificateValidation');
    }
  });

  it('finds a TLS code anywhere in the cause chain', () => {
    const wrapped = new TypeError('fetch failed', { cause: netError('UND_ERR_SOCKET', netError('SELF_SIGNED_CERT_IN_CHAIN')) });
    const error = providerErrorFromNetwork(wrapped, 'discovery', 1000);
    expect(error.code).toBe(ProviderErrorCode.PROVIDER_TLS_ERROR);
    expect(error.message).toContain('SELF_SIGNED_CERT_IN_CHAIN');
  });

  it('prefers the TLS answer to a time-out found in the same chain', () => {
    const error = providerErrorFromNetwork(netError('UND_ERR_CONNECT_TIMEOUT', netError('CERT_HAS_EXPIRED')), 'discovery', 1000);
    expect(error.code).toBe(ProviderErrorCode.PROVIDER_TLS_ERROR);
  });

  it('maps TimeoutError and AbortError to PROVIDER_UNAVAILABLE with the time limit', () => {
    for (const name of ['TimeoutError', 'AbortError']) {
      const error = providerErrorFromNetwork(netError(undefined, undefined, name), 'token introspection', 2500);
      expect(error.code).toBe(ProviderErrorCode.PROVIDER_UNAVAILABLE);
      expect(error.message).toBe('The identity provider did not answer token introspection within 2500 ms');
    }
    const domTimeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(providerErrorFromNetwork(domTimeout, 'discovery', 300).message).toContain('within 300 ms');
  });

  it('treats a time-out found in a cause the same way', () => {
    const error = providerErrorFromNetwork(new Error('outer', { cause: netError(undefined, undefined, 'AbortError') }), 'discovery', 10);
    expect(error.message).toContain('did not answer discovery within 10 ms');
  });

  it('maps codes containing TIMEOUT to PROVIDER_UNAVAILABLE with the time limit, as calls that may have been carried out', () => {
    for (const code of ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'TIMEOUT']) {
      const error = providerErrorFromNetwork(netError(code), 'discovery', 750);
      expect(error.code).toBe(ProviderErrorCode.PROVIDER_UNAVAILABLE);
      expect(error.message).toContain('did not answer discovery within 750 ms');
      expect(error.mayHaveApplied).toBe(true);
    }
  });

  it('maps a connection not made in time to PROVIDER_UNAVAILABLE, as a call that certainly did nothing', () => {
    const error = providerErrorFromNetwork(netError('UND_ERR_CONNECT_TIMEOUT'), 'client registration', 750);
    expect(error.code).toBe(ProviderErrorCode.PROVIDER_UNAVAILABLE);
    expect(error.message).toBe('The identity provider could not be reached for client registration: no connection was made within the time limit (750 ms, rounded up to the second; UND_ERR_CONNECT_TIMEOUT)');
    expect(error.mayHaveApplied).toBe(false);
  });

  it('maps ETIMEDOUT to a time-out too', () => {
    const error = providerErrorFromNetwork(Object.assign(new Error('connect'), { code: 'ETIMEDOUT' }), 'discovery', 1234);
    expect(error.message).toMatch(/did not answer discovery within 1234 ms/);
  });

  it('follows at most five causes, also of a chain that loops without a code', () => {
    const looping: Error & { cause?: unknown } = new Error('loop');
    looping.cause = looping;
    expect(providerErrorFromNetwork(looping, 'discovery', 1000).code).toBe(ProviderErrorCode.PROVIDER_UNAVAILABLE);
  });

  it('maps a refused or reset connection to PROVIDER_UNAVAILABLE naming the code', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET']) {
      const error = providerErrorFromNetwork(netError(code), 'client registration', 1000);
      expect(error.code).toBe(ProviderErrorCode.PROVIDER_UNAVAILABLE);
      expect(error.message).toBe(`The identity provider could not be reached for client registration (${code})`);
      expect(error.message).not.toContain('disableServerCertificateValidation');
    }
  });

  it('names the outermost code, and says "network error" when there is none', () => {
    expect(providerErrorFromNetwork(netError('ECONNRESET', netError('ECONNREFUSED')), 'x', 1).message).toContain('(ECONNRESET)');
    expect(providerErrorFromNetwork(new TypeError('fetch failed', { cause: netError('ECONNREFUSED') }), 'x', 1).message).toContain('(ECONNREFUSED)');
    for (const thrown of [new Error('boom'), 'a string', undefined, null, { code: 42 }]) {
      const error = providerErrorFromNetwork(thrown, 'x', 1);
      expect(error.code).toBe(ProviderErrorCode.PROVIDER_UNAVAILABLE);
      expect(error.message).toBe('The identity provider could not be reached for x (network error)');
    }
  });

  it('has no providerDescription', () => {
    expect(providerErrorFromNetwork(netError('ECONNREFUSED'), 'x', 1).providerDescription).toBeUndefined();
  });
});
