import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HoldsClients, Interposer } from './idp.js';

/**
 * A small stand-in for Okta's OAuth client API, written from Okta's public documentation
 * (Dynamic Client Registration API: /oauth2/v1/clients with listing by `q`/`limit`/`after` and Link
 * headers, lifecycle/newSecret; the application credentials API for client secrets:
 * /api/v1/apps/{appId}/credentials/secrets to list and create (at most two per app),
 * …/{secretId}/lifecycle/deactivate and DELETE (of an INACTIVE secret only; the last ACTIVE one cannot
 * be deactivated); SSWS API tokens; error objects with errorCode/errorSummary; rate limits with
 * X-Rate-Limit-* headers). The token endpoint accepts every ACTIVE secret of a client; the DCR
 * client's `client_secret` is its newest ACTIVE one. Only what the adapter uses is here.
 */
export interface FakeOkta extends HoldsClients {
  issuer: string;
  apiToken: string;
  /** Every client it holds, by client_id, as stored (clientIds() for which ones). */
  clients: Map<string, Record<string, unknown>>;
  /** Each client's secrets (the application credentials API), oldest first. */
  secrets: Map<string, OktaSecret[]>;
  requests: string[];
  /**
   * The next n requests answer 429 with X-Rate-Limit-Reset one to two seconds ahead (Okta gives
   * whole epoch seconds), and so does every request until that time, as Okta does.
   */
  rateLimitNext(n: number): void;
  /** Answers matching requests itself instead of the fake (faults). */
  interpose(handler: Interposer): void;
  close(): Promise<void>;
}

interface OktaSecret {
  id: string;
  client_secret: string;
  status: 'ACTIVE' | 'INACTIVE';
  created: string;
  lastUpdated: string;
}

const APPLICATION_TYPES = ['web', 'native', 'browser', 'service'];

export async function startFakeOkta(): Promise<FakeOkta> {
  const apiToken = `00${randomBytes(20).toString('base64url')}`;
  const clients = new Map<string, Record<string, unknown>>();
  const secrets = new Map<string, OktaSecret[]>();
  const newSecret = (): OktaSecret => {
    const now = new Date().toISOString();
    return { id: `ocs${randomBytes(9).toString('hex')}`, client_secret: randomBytes(30).toString('base64url'), status: 'ACTIVE', created: now, lastUpdated: now };
  };
  /** The DCR client's client_secret follows its newest ACTIVE secret. */
  const syncSecret = (clientId: string) => {
    const client = clients.get(clientId);
    const active = (secrets.get(clientId) ?? []).filter((secret) => secret.status === 'ACTIVE');
    if (client) client.client_secret = active.at(-1)?.client_secret ?? null;
  };
  /** What Okta shows of a secret after it was created: its hash, never the value. */
  const shownSecret = ({ client_secret: value, ...secret }: OktaSecret) => ({ ...secret, secret_hash: createHash('sha256').update(value).digest('base64url') });
  const requests: string[] = [];
  let rateLimited = 0;
  let limitedUntil = 0; // epoch seconds
  const interposers: Interposer[] = [];
  const server = createServer(async (req, res) => {
    for (const interposer of interposers) if (await interposer(req, res)) return;
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const oktaError = (res: ServerResponse, status: number, errorCode: string, errorSummary: string) =>
    send(res, status, { errorCode, errorSummary, errorLink: errorCode, errorId: `oae${randomBytes(8).toString('hex')}`, errorCauses: [] });
  const readJson = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  };
  const validate = (body: Record<string, unknown>): string | undefined => {
    if (!APPLICATION_TYPES.includes(String(body.application_type))) return 'application_type must be web, native, browser or service';
    const redirects = (body.redirect_uris as string[] | undefined) ?? [];
    if (body.application_type !== 'service' && redirects.length === 0) return 'redirect_uris: at least one redirect URI is required';
    return undefined;
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', issuer);
    requests.push(`${req.method} ${url.pathname}`);
    if (rateLimited > 0 || Date.now() < limitedUntil * 1000) {
      if (rateLimited > 0) {
        rateLimited--;
        limitedUntil = Math.max(limitedUntil, Math.ceil(Date.now() / 1000) + 1);
      }
      res.writeHead(429, { 'content-type': 'application/json', 'x-rate-limit-limit': '50', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(limitedUntil) });
      return res.end(JSON.stringify({ errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' }));
    }
    if (url.pathname === '/.well-known/openid-configuration') {
      return send(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/oauth2/v1/authorize`,
        token_endpoint: `${issuer}/oauth2/v1/token`,
        introspection_endpoint: `${issuer}/oauth2/v1/introspect`,
        registration_endpoint: `${issuer}/oauth2/v1/clients`,
      });
    }
    if (url.pathname === '/oauth2/v1/token' && req.method === 'POST') return token(req, res);
    if (url.pathname.startsWith('/api/v1/apps/')) {
      if (req.headers.authorization !== `SSWS ${apiToken}`) return oktaError(res, 401, 'E0000011', 'Invalid token provided');
      return appSecrets(req, res, url);
    }
    if (!url.pathname.startsWith('/oauth2/v1/clients')) return oktaError(res, 404, 'E0000022', 'The endpoint does not support the provided HTTP method');
    if (req.headers.authorization !== `SSWS ${apiToken}`) return oktaError(res, 401, 'E0000011', 'Invalid token provided');

    const [, , , , id, lifecycle, operation] = url.pathname.split('/');
    if (!id) {
      if (req.method === 'GET') {
        // List all client applications: `q` matches the start of client_name, `limit` 1..200 (20 by
        // default), and the next page's opaque `after` cursor travels in the Link header.
        const q = url.searchParams.get('q');
        const limit = Math.min(200, Math.max(1, Number(url.searchParams.get('limit') ?? 20) || 20));
        const after = url.searchParams.get('after');
        const all = [...clients.values()].filter((client) => q === null || String(client.client_name).startsWith(q));
        const start = after ? all.findIndex((client) => client.client_id === after) + 1 : 0;
        const page = all.slice(start, start + limit);
        const headers: Record<string, string> = {};
        if (start + limit < all.length) {
          const next = new URL(url);
          next.searchParams.set('after', String(page[page.length - 1].client_id));
          headers.link = `<${next}>; rel="next"`;
        }
        return send(res, 200, page, headers);
      }
      if (req.method !== 'POST') return oktaError(res, 405, 'E0000022', 'The endpoint does not support the provided HTTP method');
      const body = await readJson(req);
      const problem = validate(body);
      if (problem) return send(res, 400, { error: problem.startsWith('redirect') ? 'invalid_redirect_uri' : 'invalid_client_metadata', error_description: problem });
      const clientId = `0oa${randomBytes(9).toString('hex')}`;
      const first = newSecret();
      secrets.set(clientId, [first]);
      const client = {
        ...body,
        client_id: clientId,
        client_secret: first.client_secret,
        client_id_issued_at: Math.floor(Date.now() / 1000),
        client_secret_expires_at: 0,
      };
      clients.set(clientId, client);
      return send(res, 201, client);
    }
    const client = clients.get(id);
    if (!client) return oktaError(res, 404, 'E0000007', `Not found: Resource not found: ${id} (AppInstance)`);
    if (lifecycle === 'lifecycle' && operation === 'newSecret' && req.method === 'POST') {
      // Replaces every secret the client has with one new one.
      secrets.set(id, [newSecret()]);
      syncSecret(id);
      return send(res, 200, client);
    }
    if (req.method === 'GET') return send(res, 200, client);
    if (req.method === 'DELETE') {
      clients.delete(id);
      secrets.delete(id);
      return send(res, 204);
    }
    if (req.method === 'PUT') {
      const body = await readJson(req);
      const problem = validate(body);
      if (problem) return send(res, 400, { error: 'invalid_client_metadata', error_description: problem });
      const { client_secret: secret } = client;
      const updated = { ...body, client_id: id, client_secret: secret, client_id_issued_at: client.client_id_issued_at, client_secret_expires_at: 0 };
      clients.set(id, updated);
      // The answer does not echo the secret back, as many IdPs do not.
      const { client_secret: _hidden, ...shown } = updated;
      return send(res, 200, shown);
    }
    return oktaError(res, 405, 'E0000022', 'The endpoint does not support the provided HTTP method');
  }

  /** The application credentials API's client secrets: /api/v1/apps/{appId}/credentials/secrets[/{secretId}[/lifecycle/deactivate]]. */
  async function appSecrets(req: IncomingMessage, res: ServerResponse, url: URL) {
    const [, , , , appId, credentials, kind, secretId, lifecycle, operation, ...rest] = url.pathname.split('/');
    if (credentials !== 'credentials' || kind !== 'secrets' || rest.length > 0) return oktaError(res, 404, 'E0000022', 'The endpoint does not support the provided HTTP method');
    const list = appId ? secrets.get(appId) : undefined;
    if (!list) return oktaError(res, 404, 'E0000007', `Not found: Resource not found: ${appId} (AppInstance)`);
    if (!secretId) {
      if (req.method === 'GET') return send(res, 200, list.map(shownSecret));
      if (req.method !== 'POST') return oktaError(res, 405, 'E0000022', 'The endpoint does not support the provided HTTP method');
      await readJson(req);
      if (list.length >= 2) return oktaError(res, 400, 'E0000001', 'Api validation failed: You can create up to two client secrets');
      const created = newSecret();
      list.push(created);
      syncSecret(appId!);
      // The value is shown in this answer only.
      return send(res, 201, { ...shownSecret(created), client_secret: created.client_secret });
    }
    const secret = list.find((candidate) => candidate.id === secretId);
    if (!secret) return oktaError(res, 404, 'E0000007', `Not found: Resource not found: ${secretId} (OAuth2ClientSecret)`);
    if (lifecycle === 'lifecycle' && operation === 'deactivate' && req.method === 'POST') {
      if (secret.status === 'ACTIVE' && list.filter((candidate) => candidate.status === 'ACTIVE').length === 1) {
        return oktaError(res, 400, 'E0000001', 'Api validation failed: You cannot deactivate the only active client secret');
      }
      Object.assign(secret, { status: 'INACTIVE', lastUpdated: new Date().toISOString() });
      syncSecret(appId!);
      return send(res, 200, shownSecret(secret));
    }
    if (!lifecycle && req.method === 'DELETE') {
      if (secret.status === 'ACTIVE') return oktaError(res, 400, 'E0000001', 'Api validation failed: You cannot delete an active client secret; deactivate it first');
      list.splice(list.indexOf(secret), 1);
      return send(res, 204);
    }
    return oktaError(res, 405, 'E0000022', 'The endpoint does not support the provided HTTP method');
  }

  /** Whether the client authenticates with this secret: one of its ACTIVE secrets. */
  const authenticates = (clientId: string, secret: string | undefined) =>
    clients.has(clientId) && (secrets.get(clientId) ?? []).some((candidate) => candidate.status === 'ACTIVE' && candidate.client_secret === secret);

  async function token(req: IncomingMessage, res: ServerResponse) {
    const [id, secret] = Buffer.from(String(req.headers.authorization).replace(/^Basic /, ''), 'base64').toString().split(':').map(decodeURIComponent);
    if (!id || !authenticates(id, secret)) return send(res, 401, { error: 'invalid_client', error_description: 'Client authentication failed.' });
    return send(res, 200, { token_type: 'Bearer', expires_in: 3600, access_token: randomBytes(24).toString('base64url') });
  }

  return {
    issuer,
    apiToken,
    clients,
    secrets,
    clientIds: () => [...clients.keys()],
    requests,
    rateLimitNext: (n) => void (rateLimited = n),
    interpose: (handler) => void interposers.push(handler),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
