import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sendJson } from './body.js';
import type { Metrics } from './metrics.js';

/** What readiness answers: its HTTP status and body. */
interface Readiness {
  status: number;
  body: Record<string, unknown>;
}

export interface ProbeDeps {
  ready: () => Promise<Readiness>;
  /** /metrics on this port too (HttpSettings: metrics on, no METRICS_PORT). */
  metrics?: Metrics;
  metricsToken?: string;
}

const ALLOW = { allow: 'GET, HEAD' };

/**
 * A request to one of our paths: GET and HEAD go to `read`; OPTIONS says which methods the path
 * takes (204 and Allow; express's routes, before express was loaded lazily, answered 200 with the
 * list as the body); any other method is refused with 405.
 */
function onPath(req: IncomingMessage, res: ServerResponse, read: (req: IncomingMessage, res: ServerResponse) => void): void {
  if (req.method === 'GET' || req.method === 'HEAD') read(req, res);
  else if (req.method === 'OPTIONS') res.writeHead(204, ALLOW).end();
  else sendJson(res, 405, { error: 'Method not allowed' }, ALLOW);
}

/** The request's path, as express's routes match it: without its query, a trailing slash or case. */
function pathOf(url: string | undefined): string {
  const query = url?.indexOf('?') ?? -1;
  const path = (query === -1 ? (url ?? '') : url!.slice(0, query)).toLowerCase();
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/**
 * /health/live, /health/ready and /metrics, answered on node:http's own objects: a probe or a
 * scrape needs nothing of express (express-app.ts), so it is not loaded for them. True when the
 * request was to one of them.
 */
export function probes(deps: ProbeDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const paths = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>([
    ['/health/live', (_req, res) => sendJson(res, 200, { status: 'ok' })],
    [
      '/health/ready',
      (_req, res) =>
        deps.ready().then(
          ({ status, body }) => sendJson(res, status, body),
          () => sendJson(res, 503, { status: 'store unreachable' }),
        ),
    ],
  ]);
  if (deps.metrics) paths.set('/metrics', serveMetrics(deps.metrics, deps.metricsToken));
  return (req, res) => {
    const read = paths.get(pathOf(req.url));
    if (!read) return false;
    onPath(req, res, read);
    return true;
  };
}

/** Prometheus metrics; with a token, only for scrapers that present it (compared in constant time). */
function serveMetrics(metrics: Metrics, token: string | undefined): (req: IncomingMessage, res: ServerResponse) => void {
  const expected = token === undefined ? undefined : createHash('sha256').update(`Bearer ${token}`).digest();
  return (req, res) => {
    if (expected) {
      const presented = createHash('sha256').update(req.headers.authorization ?? '').digest();
      if (!timingSafeEqual(presented, expected)) {
        sendJson(res, 401, { error: 'A bearer token (METRICS_TOKEN) is required' }, { 'www-authenticate': 'Bearer realm="metrics"' });
        return;
      }
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType, 'content-length': Buffer.byteLength(text) }).end(text),
      () => sendJson(res, 500, { error: 'The metrics could not be collected' }),
    );
  };
}

/** /metrics alone, for METRICS_PORT: a port that can stay inside the cluster while the API's is public. */
export function createMetricsServer(metrics: Metrics, token: string | undefined): Server {
  const answer = serveMetrics(metrics, token);
  return createServer((req, res) => {
    if (pathOf(req.url) === '/metrics') onPath(req, res, answer);
    else sendJson(res, 404, { error: 'Not found' });
  });
}
