import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import selfsigned from 'selfsigned';
import { clientCredentialsToken } from './tokens.js';

export const INTROSPECTOR = { clientId: 'introspector', clientSecret: 'introspector-secret-0123456789' };

type Stores = Map<string, Map<string, { payload: Record<string, unknown>; expiresAt?: number }>>;

/** oidc-provider's storage, kept where the tests can list every client the IdP holds. */
function memoryAdapter(stores: Stores) {
  return class MemoryAdapter {
    private readonly store;

    constructor(model: string) {
      this.store = stores.get(model) ?? new Map<string, { payload: Record<string, unknown>; expiresAt?: number }>();
      stores.set(model, this.store);
    }

    async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number) {
      this.store.set(id, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
    }

    async find(id: string) {
      const entry = this.store.get(id);
      if (!entry || (entry.expiresAt && entry.expiresAt < Date.now())) return undefined;
      return entry.payload;
    }

    async findByUid(uid: string) {
      return [...this.store.values()].find((entry) => entry.payload.uid === uid)?.payload;
    }

    async findByUserCode(userCode: string) {
      return [...this.store.values()].find((entry) => entry.payload.userCode === userCode)?.payload;
    }

    async consume(id: string) {
      const entry = this.store.get(id);
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string) {
      this.store.delete(id);
    }

    async revokeByGrantId(grantId: string) {
      for (const [id, entry] of this.store) if (entry.payload.grantId === grantId) this.store.delete(id);
    }
  };
}

/** What every IdP of the tests (this OpenID provider, the Okta and RFC 7591 fakes) tells of the clients it holds. */
export interface HoldsClients {
  /** The client_id of every client registered there and not deleted. */
  clientIds(): string[];
}

export interface TestIdp extends HoldsClients {
  issuer: string;
  /** Initial access token for registrations: the provider's `Bearer …` authorization. */
  initialAccessToken: string;
  /** Every request the IdP received, as "METHOD /path". */
  requests: string[];
  /** Answers the next matching requests itself instead of the IdP (faults). */
  interpose(handler: Interposer): void;
  /** Whether the IdP still has the client. */
  hasClient(clientId: string): Promise<boolean>;
  clientMetadata(clientId: string): Promise<Record<string, unknown> | undefined>;
  /** Deletes a client behind the platform's back, as an IdP administrator would. */
  forget(clientId: string): Promise<void>;
  /** clientCredentialsToken (./tokens.ts) at this IdP's token endpoint, scope `read` unless given (for scripts/bench-tokens.ts). */
  clientCredentialsToken(clientId: string, clientSecret: string, scope?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A response held once its handler has ended it (`hold`), or a request held before it is handled
 * (`reach`, then wait for `released`), until released; `reached` says it got that far.
 */
export function heldResponse() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  return {
    reached,
    reach,
    released,
    release,
    hold(res: ServerResponse) {
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      res.end = ((...args: unknown[]) => {
        reach();
        void released.then(() => end(...args));
        return res;
      }) as never;
    },
  };
}

/** Returns true when it answered the request itself. */
export type Interposer = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/**
 * A real OpenID provider (oidc-provider) on loopback, with dynamic registration behind an initial
 * access token, registration management, introspection and client credentials.
 */
export async function startTestIdp(
  options: {
    https?: boolean;
    tokenTtlSeconds?: number;
    jwtAudience?: string;
    /** The private JWK it signs with (its key set publishes the public half), so a test can sign tokens as the IdP would; otherwise oidc-provider's development keys. */
    signingKey?: Record<string, unknown>;
  } = {},
): Promise<TestIdp> {
  let server: Server;
  if (options.https) {
    const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keySize: 2048,
      days: 1,
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    } as never);
    server = createHttpsServer({ key: pems.private, cert: pems.cert });
  } else {
    server = createHttpServer();
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `${options.https ? 'https' : 'http'}://127.0.0.1:${port}`;
  const initialAccessToken = randomBytes(24).toString('base64url');

  const stores: Stores = new Map();
  const provider = new Provider(issuer, {
    adapter: memoryAdapter(stores) as never,
    cookies: { keys: [randomBytes(16).toString('hex')] },
    ...(options.signingKey ? { jwks: { keys: [options.signingKey] } } : {}),
    clients: [
      {
        client_id: INTROSPECTOR.clientId,
        client_secret: INTROSPECTOR.clientSecret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      },
    ],
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, initialAccessToken },
      registrationManagement: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      clientCredentials: { enabled: true },
      // With an audience, client-credentials tokens for it are JWTs (RFC 9068), signed with the IdP's keys.
      ...(options.jwtAudience
        ? {
            resourceIndicators: {
              enabled: true,
              defaultResource: () => options.jwtAudience!,
              useGrantedResource: () => true,
              getResourceServerInfo: () => ({
                scope: 'openid read write orders:read',
                audience: options.jwtAudience!,
                accessTokenFormat: 'jwt' as const,
                jwt: { sign: { alg: 'RS256' as const } },
              }),
            },
          }
        : {}),
    },
    scopes: ['openid', 'offline_access', 'read', 'write', 'orders:read'],
    ttl: { ClientCredentials: options.tokenTtlSeconds ?? 600 },
  });
  provider.proxy = false;
  const callback = provider.callback();
  const requests: string[] = [];
  const interposers: Interposer[] = [];
  server.on('request', async (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    for (const interposer of interposers) {
      if (await interposer(req, res)) return;
    }
    callback(req, res);
  });

  const find = async (clientId: string) => provider.Client.find(clientId).catch(() => undefined);
  return {
    issuer,
    initialAccessToken,
    requests,
    interpose: (handler) => interposers.push(handler),
    clientIds: () => [...(stores.get('Client')?.keys() ?? [])],
    forget: async (clientId) => void stores.get('Client')?.delete(clientId),
    clientCredentialsToken: (clientId, clientSecret, scope = 'read') => clientCredentialsToken(`${issuer}/token`, clientId, clientSecret, scope),
    hasClient: async (clientId) => (await find(clientId)) !== undefined,
    clientMetadata: async (clientId) => (await find(clientId))?.metadata() as Record<string, unknown> | undefined,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
