import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError, ProviderErrorCode } from '../../src/core/errors.js';
import { ProviderHttp, parseRetryAfter, type ProviderAnswer, type ProviderCall } from '../../src/vendors/http.js';
import { oktaRetryAfter } from '../../src/vendors/okta.adapter.js';
import { AddressPolicy } from '../../src/vendors/address-policy.js';

/** The test server listens on loopback, which the default policy refuses. */
const LOOPBACK = AddressPolicy.allowing(['127.0.0.0/8']);

const NOW = Date.parse('2024-05-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delta seconds as milliseconds', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter('1', NOW)).toBe(1000);
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 5 ', NOW)).toBe(5000);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Wed, 01 May 2024 12:00:03 GMT', NOW)).toBe(3000);
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
  });

  it('answers 0 for a date in the past or now', () => {
    expect(parseRetryAfter('Wed, 01 May 2024 11:59:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter(new Date(NOW).toUTCString(), NOW)).toBe(0);
  });

  it('uses the current time by default', () => {
    const wait = parseRetryAfter(new Date(Date.now() + 60_000).toUTCString());
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(60_000);
  });

  it('answers undefined for garbage, empty or missing values', () => {
    for (const value of [undefined, '', '   ', 'soon', '5s', 'abc', '0x10', '1e3', 'Infinity', 'later, please', '1.5', '-1', '2024-05-01', 'Monday is not a date']) {
      expect(parseRetryAfter(value, NOW), JSON.stringify(value)).toBeUndefined();
    }
    expect(parseRetryAfter([], NOW)).toBeUndefined();
  });

  it('takes the first of repeated headers', () => {
    expect(parseRetryAfter(['2', '30'], NOW)).toBe(2000);
    expect(parseRetryAfter(['garbage', '30'], NOW)).toBeUndefined();
  });
});

describe('oktaRetryAfter', () => {
  const seconds = NOW / 1000;

  it('reads X-Rate-Limit-Reset (epoch seconds) as milliseconds from now', () => {
    expect(oktaRetryAfter({ 'x-rate-limit-reset': String(seconds + 3) }, NOW)).toBe(3000);
    expect(oktaRetryAfter({ 'x-rate-limit-reset': String(seconds + 60) }, NOW)).toBe(60_000);
    expect(oktaRetryAfter({ 'x-rate-limit-reset': String(seconds) }, NOW)).toBe(0);
  });

  it('never answers a negative wait', () => {
    expect(oktaRetryAfter({ 'x-rate-limit-reset': String(seconds - 10) }, NOW)).toBe(0);
    expect(oktaRetryAfter({ 'x-rate-limit-reset': '1' }, NOW)).toBe(0);
  });

  it('answers undefined when the header is missing or not a positive number', () => {
    expect(oktaRetryAfter({}, NOW)).toBeUndefined();
    expect(oktaRetryAfter({ 'x-rate-limit-reset': undefined }, NOW)).toBeUndefined();
    expect(oktaRetryAfter({ 'x-rate-limit-reset': 'soon' }, NOW)).toBeUndefined();
    expect(oktaRetryAfter({ 'x-rate-limit-reset': '' }, NOW)).toBeUndefined();
    expect(oktaRetryAfter({ 'x-rate-limit-reset': '0' }, NOW)).toBeUndefined();
    expect(oktaRetryAfter({ 'x-rate-limit-reset': '-5' }, NOW)).toBeUndefined();
    expect(oktaRetryAfter({ 'x-rate-limit-reset': 'Infinity' }, NOW)).toBeUndefined();
  });

  it('ignores Retry-After (that is the generic rule)', () => {
    expect(oktaRetryAfter({ 'retry-after': '5' }, NOW)).toBeUndefined();
  });
});

/** One scripted answer of the test server. */
interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

describe('ProviderHttp honouring waits', () => {
  const MAX_REQUESTS = 50; // the server refuses to answer more than this, so a retry loop cannot run away
  let server: Server;
  let base: string;
  let script: Answer[] = [];
  let seen: { method: string; url: string }[] = [];
  let total = 0;
  const http = new ProviderHttp(LOOPBACK, { retries: 2, minDelayMs: 1, maxRetryAfterMs: 5000 });
  const settings = { timeoutMs: 2000, disableServerCertificateValidation: false };

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      total += 1;
      if (total > MAX_REQUESTS) {
        request.socket.destroy();
        return;
      }
      seen.push({ method: request.method ?? '', url: request.url ?? '' });
      request.resume();
      request.on('end', () => {
        const answer = script.shift() ?? { status: 599, body: { error: 'unscripted request' } };
        response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        response.end(JSON.stringify(answer.body ?? {}));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    script = [];
    seen = [];
  });

  afterAll(async () => {
    await http.close();
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  const send = (call: Partial<ProviderCall> & Pick<ProviderCall, 'idempotent'>) =>
    http.call(settings, { method: 'GET', url: `${base}/thing`, what: 'test call', ...call });

  /** The ProviderError a call rejects with. */
  async function failure(promise: Promise<unknown>): Promise<ProviderError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }

  it('answers a plain 200 after one request', async () => {
    script = [{ status: 200, body: { ok: true } }];
    const answer = await send({ idempotent: true });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true });
    expect(seen).toEqual([{ method: 'GET', url: '/thing' }]);
  });

  it('retries a 429 with Retry-After: 0 and resolves', async () => {
    script = [
      { status: 429, headers: { 'retry-after': '0' }, body: { error: 'slow down' } },
      { status: 200, body: { ok: 1 } },
    ];
    const answer = await send({ idempotent: true });
    expect(answer).toMatchObject({ status: 200, body: { ok: 1 } });
    expect(seen).toHaveLength(2);
  });

  it('retries a 429 with Retry-After even on a non-idempotent call (the IdP did nothing)', async () => {
    script = [{ status: 429, headers: { 'retry-after': '0' } }, { status: 201, body: { client_id: 'c' } }];
    const answer = await send({ method: 'POST', json: { a: 1 }, idempotent: false });
    expect(answer).toMatchObject({ status: 201, body: { client_id: 'c' } });
    expect(seen.map((s) => s.method)).toEqual(['POST', 'POST']);
  });

  it('retries a 429 whose Retry-After is a date in the past', async () => {
    script = [{ status: 429, headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' } }, { status: 200 }];
    await expect(send({ idempotent: true })).resolves.toMatchObject({ status: 200 });
    expect(seen).toHaveLength(2);
  });

  it('answers PROVIDER_RATE_LIMITED at once when Retry-After is longer than maxRetryAfterMs', async () => {
    script = [{ status: 429, headers: { 'retry-after': '6' }, body: { error_description: 'quota' } }, { status: 200 }];
    const started = performance.now();
    const error = await failure(send({ idempotent: true }));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.code).toBe(ProviderErrorCode.PROVIDER_RATE_LIMITED);
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.providerDescription).toBe('quota');
    expect(seen).toHaveLength(1);
  });

  it('honours a Retry-After of exactly maxRetryAfterMs', async () => {
    // Not waited for: a 5 s wait is kept on the error only, since no attempt follows the last one.
    const noRetries = new ProviderHttp(LOOPBACK, { retries: 0, minDelayMs: 1, maxRetryAfterMs: 5000 });
    try {
      script = [{ status: 429, headers: { 'retry-after': '5' } }];
      const error = await failure(noRetries.call(settings, { method: 'GET', url: `${base}/x`, what: 'test call', idempotent: true }));
      expect(error.code).toBe(ProviderErrorCode.PROVIDER_RATE_LIMITED);
      expect(error.retryAfterMs).toBe(5000);
      expect(seen).toHaveLength(1);
    } finally {
      await noRetries.close();
    }
  });

  it('does not retry a 429 that says nothing about waiting', async () => {
    script = [{ status: 429 }, { status: 200 }];
    const error = await failure(send({ idempotent: true }));
    expect(error.code).toBe(ProviderErrorCode.PROVIDER_RATE_LIMITED);
    expect(error.retryAfterMs).toBeUndefined();
    expect(seen).toHaveLength(1);
  });

  it('gives up on 429s after the configured retries, as PROVIDER_RATE_LIMITED', async () => {
    const limited = { status: 429, headers: { 'retry-after': '0' } };
    script = [limited, limited, limited, { status: 200 }];
    const error = await failure(send({ idempotent: true }));
    expect(error.code).toBe(ProviderErrorCode.PROVIDER_RATE_LIMITED);
    expect(error.retryAfterMs).toBe(0);
    expect(seen).toHaveLength(3); // 1 + retries: 2
  });

  it('honours a retryAfter callback (like Okta’s X-Rate-Limit-Reset) on a 429', async () => {
    const asked: ProviderAnswer['headers'][] = [];
    const retryAfter = (headers: ProviderAnswer['headers']) => {
      asked.push(headers);
      return oktaRetryAfter(headers, Date.now());
    };
    const reset = String(Math.floor(Date.now() / 1000)); // already reset: wait 0
    script = [{ status: 429, headers: { 'x-rate-limit-reset': reset } }, { status: 200, body: { done: true } }];
    const answer = await send({ idempotent: true, retryAfter });
    expect(answer.body).toEqual({ done: true });
    expect(seen).toHaveLength(2);
    expect(asked).toHaveLength(1);
    expect(asked[0]!['x-rate-limit-reset']).toBe(reset);
  });

  it('waits as long as asked before trying again', async () => {
    // The only real wait in this file: 60 ms, asked for by the callback and waited by the code.
    script = [{ status: 429 }, { status: 200 }];
    const started = performance.now();
    await send({ idempotent: true, retryAfter: () => 60 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(seen).toHaveLength(2);
  });

  it('ignores a retryAfter callback whose wait is longer than maxRetryAfterMs', async () => {
    script = [{ status: 429 }, { status: 200 }];
    const error = await failure(send({ idempotent: true, retryAfter: () => 5001 }));
    expect(error.code).toBe(ProviderErrorCode.PROVIDER_RATE_LIMITED);
    expect(error.retryAfterMs).toBeUndefined();
    expect(seen).toHaveLength(1);
  });

  it('prefers Retry-After to the retryAfter callback', async () => {
    script = [{ status: 429, headers: { 'retry-after': '0' } }, { status: 200 }];
    let called = false;
    await send({
      idempotent: true,
      retryAfter: () => {
        called = true;
        return 60_000;
      },
    });
    expect(called).toBe(false);
    expect(seen).toHaveLength(2);
  });

  it('does not consult the retryAfter callback for other statuses', async () => {
    script = [{ status: 400, body: { error: 'invalid_redirect_uri' } }];
    let called = false;
    const error = await failure(
      send({
        idempotent: true,
        retryAfter: () => {
          called = true;
          return 0;
        },
      }),
    );
    expect(error.code).toBe(ProviderErrorCode.INVALID_REDIRECT_URI);
    expect(called).toBe(false);
    expect(seen).toHaveLength(1);
  });

  it('retries a 503 on an idempotent call and resolves', async () => {
    script = [{ status: 503, body: { error: 'temporarily_unavailable' } }, { status: 200, body: { ok: 2 } }];
    const answer = await send({ idempotent: true });
    expect(answer.body).toEqual({ ok: 2 });
    expect(seen).toHaveLength(2);
  });

  it('does not retry a 503 on a non-idempotent call', async () => {
    script = [{ status: 503, body: { error_description: 'down for maintenance' } }, { status: 200 }];
    const error = await failure(send({ method: 'POST', json: {}, idempotent: false }));
    expect(error.code).toBe(ProviderErrorCode.PROVIDER_UNAVAILABLE);
    expect(error.providerDescription).toBe('down for maintenance');
    expect(error.message).toContain('test call');
    expect(seen).toHaveLength(1);
  });

  it('gives up on 503s after the configured retries', async () => {
    script = [{ status: 503 }, { status: 502 }, { status: 500 }, { status: 200 }];
    const error = await failure(send({ idempotent: true }));
    expect(error.code).toBe(ProviderErrorCode.PROVIDER_UNAVAILABLE);
    expect(error.message).toContain('HTTP 500');
    expect(seen).toHaveLength(3);
  });

  it('answers, once the retries are spent, with the last attempt’s failure, not the most frequent one', async () => {
    script = [{ status: 502 }, { status: 502 }, { status: 503 }];
    const error = await failure(send({ idempotent: true }));
    expect(error.message).toContain('HTTP 503');
    expect(seen).toHaveLength(3);
  });

  it('says a call may have been carried out when any attempt may have, whatever the last one says', async () => {
    // A 503 may have done it; the 429s after it certainly did nothing more.
    script = [{ status: 503 }, { status: 429, headers: { 'retry-after': '0' } }, { status: 429, headers: { 'retry-after': '0' } }];
    const error = await failure(send({ method: 'PUT', json: {}, idempotent: true }));
    expect(error.code).toBe(ProviderErrorCode.PROVIDER_RATE_LIMITED);
    expect(error.mayHaveApplied).toBe(true);
    expect(seen).toHaveLength(3);
    // Only 429s: nothing was done.
    script = [{ status: 429, headers: { 'retry-after': '0' } }, { status: 429, headers: { 'retry-after': '0' } }, { status: 429, headers: { 'retry-after': '0' } }];
    expect((await failure(send({ method: 'PUT', json: {}, idempotent: true }))).mayHaveApplied).toBe(false);
  });

  it('does not retry a 404 on an idempotent call: nothing is there, and the status says so', async () => {
    script = [{ status: 404 }, { status: 200 }];
    const error = await failure(send({ idempotent: true }));
    expect(error.code).toBe(ProviderErrorCode.PROVIDER_UNAVAILABLE);
    expect(error.httpStatus).toBe(404);
    expect(seen).toHaveLength(1);
  });

  it('never retries a refusal that is not about availability', async () => {
    script = [{ status: 401 }, { status: 200 }];
    const error = await failure(send({ idempotent: true }));
    expect(error.code).toBe(ProviderErrorCode.PROVIDER_REJECTED_CREDENTIALS);
    expect(seen).toHaveLength(1);
  });
});

describe('ProviderHttp reading answers', () => {
  const LIMIT = 4096;
  let server: Server;
  let base: string;
  const http = new ProviderHttp(LOOPBACK, { retries: 2, minDelayMs: 1, maxRetryAfterMs: 5000 }, undefined, undefined, LIMIT);
  const settings = { timeoutMs: 2000, disableServerCertificateValidation: false };
  let requests = 0;

  beforeAll(async () => {
    // /sized/N: N bytes of JSON with their Content-Length; /chunked/N: the same without it, in 1 kB chunks.
    server = createServer((request, response) => {
      requests += 1;
      request.resume();
      const [, kind, size] = /^\/(sized|chunked)\/(\d+)$/.exec(request.url ?? '') ?? [];
      const body = JSON.stringify({ padding: 'x'.repeat(Math.max(0, Number(size) - 14)) });
      if (kind === 'sized') {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      for (let at = 0; at < body.length; at += 1024) response.write(body.slice(at, at + 1024));
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await http.close();
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  it('reads an answer up to the limit', async () => {
    for (const kind of ['sized', 'chunked']) {
      const answer = await http.call(settings, { method: 'GET', url: `${base}/${kind}/${LIMIT}`, what: 'discovery', idempotent: true });
      expect(JSON.stringify(answer.body).length, kind).toBe(LIMIT);
    }
  });

  it('refuses a larger answer as it arrives, with or without a Content-Length, without retrying, as one that may have been acted on', async () => {
    for (const kind of ['sized', 'chunked']) {
      requests = 0;
      const error = await http.call(settings, { method: 'POST', url: `${base}/${kind}/${100 * LIMIT}`, what: 'client registration', idempotent: false, json: {} }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, kind).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).code).toBe(ProviderErrorCode.PROVIDER_UNAVAILABLE);
      expect((error as ProviderError).message).toBe(`The identity provider's answer to client registration is larger than ${LIMIT} bytes allowed (IDP_MAX_RESPONSE_BYTES); it was not read`);
      expect((error as ProviderError).mayHaveApplied).toBe(true);
      expect(requests, kind).toBe(1);
    }
  });
});

describe('ProviderHttp connecting', () => {
  it('gives up on a connection not made within the call’s time limit, as a call that certainly did nothing', async () => {
    // TCP accepted, TLS never answered: undici waits for its own connect limit (10 s) unless told otherwise.
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const http = new ProviderHttp(LOOPBACK, { retries: 2, minDelayMs: 1, maxRetryAfterMs: 5000 });
    try {
      const started = Date.now();
      const error = await http
        .call({ timeoutMs: 500, disableServerCertificateValidation: false }, { method: 'POST', url: `https://127.0.0.1:${(silent.address() as AddressInfo).port}/register`, what: 'client registration', idempotent: false, json: {} })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).message).toMatch(/no connection was made within the time limit \(500 ms/);
      expect((error as ProviderError).mayHaveApplied).toBe(false);
      expect(sockets).toHaveLength(1); // not retried: a registration is sent once
      expect(Date.now() - started).toBeLessThan(5000); // the call's limit (rounded up to 1 s), not undici's 10 s
    } finally {
      await http.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
