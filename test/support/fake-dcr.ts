import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HoldsClients, Interposer } from './idp.js';

/**
 * Small stand-ins for two vendors' RFC 7591 endpoints, written from their public documentation:
 * - ForgeRock AM / OpenAM: `/connect/register` with an initial access token, RFC 7592 management
 *   at a query-form `registration_client_uri` (`/connect/register?client_id=…`), a non-standard
 *   `scopes` array in answers, and the token endpoint at `/access_token`.
 * - Salesforce: `/services/oauth2/register` with an initial access token, and no RFC 7592
 *   management (no registration access token or client URI in the answer).
 */
export interface FakeDcr extends HoldsClients {
  issuer: string;
  initialAccessToken: string;
  /** Every client it holds, by client_id, as stored (clientIds() for which ones). */
  clients: Map<string, Record<string, unknown>>;
  requests: string[];
  /** How long the secrets it issues from now on are valid (RFC 7591's client_secret_expires_at); 0, the default, for never. */
  secretLifetimeSeconds: number;
  /** Answers matching requests itself instead of the fake (faults). */
  interpose(handler: Interposer): void;
  close(): Promise<void>;
}

export async function startFakeDcr(vendor: 'openam' | 'salesforce'): Promise<FakeDcr> {
  const initialAccessToken = randomBytes(24).toString('base64url');
  const clients = new Map<string, Record<string, unknown>>();
  const tokens = new Map<string, string>(); // registration access token → client_id
  const requests: string[] = [];
  const interposers: Interposer[] = [];
  const settings = { secretLifetimeSeconds: 0 };
  const expiresAt = () => (settings.secretLifetimeSeconds > 0 ? Math.floor(Date.now() / 1000) + settings.secretLifetimeSeconds : 0);
  const server = createServer(async (req, res) => {
    for (const interposer of interposers) if (await interposer(req, res)) return;
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const base = vendor === 'openam' ? `${origin}/openam/oauth2` : `${origin}/services/oauth2`;
  const registerPath = vendor === 'openam' ? '/openam/oauth2/connect/register' : '/services/oauth2/register';

  const send = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const readJson = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  };
  const shown = (client: Record<string, unknown>) =>
    vendor === 'openam' ? { ...client, scopes: String(client.scope ?? '').split(' ').filter(Boolean), scope: undefined } : client;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', origin);
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (url.pathname === `${base.replace(origin, '')}/.well-known/openid-configuration`) {
      return send(res, 200, {
        issuer: base,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: vendor === 'openam' ? `${base}/access_token` : `${base}/token`,
        introspection_endpoint: `${base}/introspect`,
        registration_endpoint: `${origin}${registerPath}`,
      });
    }
    if (url.pathname !== registerPath) return send(res, 404, { error: 'not_found' });
    const bearer = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    const managedId = url.searchParams.get('client_id');
    if (req.method === 'POST' && !managedId) {
      if (bearer !== initialAccessToken) return send(res, 401, { error: 'invalid_token', error_description: 'The initial access token is not valid' });
      const body = await readJson(req);
      const clientId = randomBytes(12).toString('hex');
      const client: Record<string, unknown> = { ...body, client_id: clientId, client_secret: randomBytes(24).toString('base64url'), client_secret_expires_at: expiresAt() };
      clients.set(clientId, client);
      if (vendor === 'openam') {
        const rat = randomBytes(24).toString('base64url');
        tokens.set(rat, clientId);
        Object.assign(client, { registration_access_token: rat, registration_client_uri: `${origin}${registerPath}?client_id=${clientId}` });
      }
      return send(res, 201, shown(client));
    }
    if (vendor === 'salesforce' || !managedId) return send(res, 405, { error: 'unsupported', error_description: 'Client management is not available' });
    if (tokens.get(bearer) !== managedId || !clients.has(managedId)) return send(res, 401, { error: 'invalid_token' });
    if (req.method === 'GET') return send(res, 200, shown(clients.get(managedId)!));
    if (req.method === 'PUT') {
      const body = await readJson(req);
      const previous = clients.get(managedId)!;
      // RFC 7592 §2.2: the answer is the client's information response (RFC 7591 §3.2.1), its secret's expiry included.
      const updated = { ...body, client_id: managedId, client_secret: previous.client_secret, client_secret_expires_at: previous.client_secret_expires_at, registration_access_token: previous.registration_access_token, registration_client_uri: previous.registration_client_uri };
      clients.set(managedId, updated);
      return send(res, 200, shown(updated));
    }
    if (req.method === 'DELETE') {
      clients.delete(managedId);
      tokens.delete(bearer);
      return send(res, 204);
    }
    return send(res, 405, { error: 'unsupported' });
  }

  return {
    issuer: base,
    initialAccessToken,
    clients,
    clientIds: () => [...clients.keys()],
    requests,
    get secretLifetimeSeconds() {
      return settings.secretLifetimeSeconds;
    },
    set secretLifetimeSeconds(seconds: number) {
      settings.secretLifetimeSeconds = seconds;
    },
    interpose: (handler) => void interposers.push(handler),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
