/** Every way an IdP can fail, mapped once here to a ProviderError: HTTP statuses, OAuth error codes and network failures. */
import { mayHaveAppliedError, ProviderError, ProviderErrorCode } from '../core/errors.js';

/** RFC 7591 §3.2.2 error codes, and the closest code of ours. */
const OAUTH_ERRORS: Record<string, ProviderErrorCode> = {
  invalid_redirect_uri: ProviderErrorCode.INVALID_REDIRECT_URI,
  invalid_client_metadata: ProviderErrorCode.INVALID_CLIENT_METADATA,
  invalid_software_statement: ProviderErrorCode.INVALID_CLIENT_METADATA,
  unapproved_software_statement: ProviderErrorCode.INVALID_CLIENT_METADATA,
  invalid_request: ProviderErrorCode.INVALID_CLIENT_METADATA,
  invalid_token: ProviderErrorCode.PROVIDER_REJECTED_CREDENTIALS,
  invalid_client: ProviderErrorCode.PROVIDER_REJECTED_CREDENTIALS,
  unauthorized_client: ProviderErrorCode.PROVIDER_REJECTED_CREDENTIALS,
  access_denied: ProviderErrorCode.PROVIDER_REJECTED_CREDENTIALS,
};

/** An error answer (status ≥ 400) as a ProviderError. */
export function providerErrorFromResponse(status: number, body: unknown, call: { what: string; url: string; aboutClient?: boolean }): ProviderError {
  return Object.assign(errorForStatus(status, body, call), { httpStatus: status });
}

function errorForStatus(status: number, body: unknown, { what, url, aboutClient }: { what: string; url: string; aboutClient?: boolean }): ProviderError {
  const { error, error_description: description, errorSummary } = (body ?? {}) as Record<string, unknown>;
  const text = typeof description === 'string' ? description : typeof errorSummary === 'string' ? errorSummary : typeof error === 'string' ? error : undefined;
  const clipped = text?.slice(0, 500);
  if (status === 401 || status === 403) {
    return new ProviderError(ProviderErrorCode.PROVIDER_REJECTED_CREDENTIALS, `The identity provider refused the credentials for ${what} (HTTP ${status})`, clipped);
  }
  if (status === 404 && aboutClient) {
    return new ProviderError(ProviderErrorCode.PROVIDER_CLIENT_NOT_FOUND, `The identity provider does not know the client (${what})`, clipped);
  }
  if (status === 404) {
    return new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, `Nothing answers ${what} at ${url.slice(0, 300)} (HTTP 404); check the provider's URLs`, clipped);
  }
  if (status === 405 || status === 501) {
    return new ProviderError(ProviderErrorCode.PROVIDER_OPERATION_UNSUPPORTED, `The identity provider does not support ${what} (HTTP ${status})`, clipped);
  }
  if (status === 429) return new ProviderError(ProviderErrorCode.PROVIDER_RATE_LIMITED, `The identity provider is rate limiting ${what}`, clipped);
  if (status >= 500) return mayHaveAppliedError(new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, `The identity provider failed ${what} (HTTP ${status})`, clipped));
  const mapped = typeof error === 'string' && Object.hasOwn(OAUTH_ERRORS, error) ? OAUTH_ERRORS[error] : undefined;
  return new ProviderError(mapped ?? ProviderErrorCode.INVALID_CLIENT_METADATA, `The identity provider refused ${what} (HTTP ${status})`, clipped);
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** A failure before any answer (TLS, time-out, refused or reset connection), or an answer too large to read. */
export function providerErrorFromNetwork(error: unknown, what: string, timeoutMs: number, maxResponseBytes?: number): ProviderError {
  for (let cause: unknown = error, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    if (cause instanceof ProviderError) return cause; // refused before connecting (the address policy)
  }
  const codes: string[] = [];
  let depth = 0;
  for (let cause: unknown = error; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    if ((cause as { name?: string }).name === 'TimeoutError' || (cause as { name?: string }).name === 'AbortError') codes.push('TIMEOUT');
  }
  if (codes.includes('UND_ERR_RES_EXCEEDED_MAX_SIZE')) {
    // It answered, so what was asked may have been done; the answer is not read.
    return mayHaveAppliedError(
      new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, `The identity provider's answer to ${what} is larger than ${maxResponseBytes === undefined ? 'allowed' : `${maxResponseBytes} bytes allowed`} (IDP_MAX_RESPONSE_BYTES); it was not read`),
    );
  }
  const tls = codes.find((code) => TLS_CODES.has(code));
  if (tls) {
    return new ProviderError(
      ProviderErrorCode.PROVIDER_TLS_ERROR,
      `The identity provider's certificate is not trusted (${tls}); fix the certificate or, for a self-signed or internal CA, enable disableServerCertificateValidation`,
    );
  }
  if (codes.includes('UND_ERR_CONNECT_TIMEOUT')) {
    // Nothing was sent: the connection (look-up, TCP, TLS) was not made in time.
    return new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, `The identity provider could not be reached for ${what}: no connection was made within the time limit (${timeoutMs} ms, rounded up to the second; UND_ERR_CONNECT_TIMEOUT)`);
  }
  if (codes.some((code) => code.includes('TIMEOUT') || code === 'ETIMEDOUT')) {
    return mayHaveAppliedError(new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, `The identity provider did not answer ${what} within ${timeoutMs} ms`));
  }
  const unreached = new ProviderError(ProviderErrorCode.PROVIDER_UNAVAILABLE, `The identity provider could not be reached for ${what} (${codes[0] ?? 'network error'})`);
  // Only a connection never made is certain to have carried nothing; a reset may come after the request.
  return codes.some((code) => NEVER_CONNECTED.has(code)) ? unreached : mayHaveAppliedError(unreached);
}
