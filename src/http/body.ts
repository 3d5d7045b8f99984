// Request bodies read, and JSON answers written, on node:http's own objects (the paths that do not go through express).
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Why a request body was not taken: the HTTP status and body-parser's name for the reason. */
export interface BodyRefusal {
  status: number;
  type: string;
}

/** Whether the request's body is of this media type, in UTF-8 and not compressed: what readBody reads. */
export function hasBodyOf(req: IncomingMessage, mediaType: string): boolean {
  const type = req.headers['content-type'];
  if (type === undefined || !type.toLowerCase().startsWith(mediaType)) return false;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const rest = type.slice(mediaType.length);
  return /^\s*(;\s*charset="?utf-8"?\s*)?$/i.test(rest);
}

/**
 * The request's body as UTF-8 text, at most `limit` bytes. Rejects with a BodyRefusal: 413 when
 * it is declared or found larger (the rest is read and dropped, so the connection can carry the
 * answer), 400 when the caller went away.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const refuse = (refusal: BodyRefusal) => {
      req.resume();
      reject(refusal);
    };
    if (Number(req.headers['content-length']) > limit) return refuse({ status: 413, type: 'entity.too.large' });
    const chunks: Buffer[] = [];
    let length = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      length += chunk.length;
      if (length <= limit) return void chunks.push(chunk);
      done = true;
      chunks.length = 0;
      refuse({ status: 413, type: 'entity.too.large' });
    });
    req.once('error', () => {
      if (done) return;
      done = true;
      reject({ status: 400, type: 'request.aborted' });
    });
    req.once('end', () => {
      if (done) return;
      done = true;
      resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length)).toString('utf8'));
    });
  });
}

/** A JSON answer, as express's res.json writes it. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  endSoon(res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }), text);
}

/** Answers ready in this turn of the event loop, written together at its end (endSoon). */
const ending: { res: ServerResponse; body: string | Buffer }[] = [];

function endAll(): void {
  for (const { res, body } of ending.splice(0)) {
    try {
      res.end(body);
    } catch {
      res.destroy(); // never expected; the caller then sees the connection cut, and the others are still answered
    }
  }
}

/**
 * Ends the response with `body` once the requests read in this turn of the event loop have been
 * served too (setImmediate runs after the poll phase that read them), so their answers are written
 * back to back. A write to a caller asleep on its sockets wakes it, and the writer's system call
 * pays for the waking; answers written one at a time, a request's work apart, woke the caller for
 * each one. With c=50 on loopback, the cached `authorizeToken` took 0.125 ms of
 * main-thread CPU a request ending each answer at once and 0.08 ms ending them together
 * (docs/performance.md). Under no load the turn holds one request and nothing waits.
 */
export function endSoon(res: ServerResponse, body: string | Buffer): void {
  ending.push({ res, body });
  if (ending.length === 1) setImmediate(endAll);
}
