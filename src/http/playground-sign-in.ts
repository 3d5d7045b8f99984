import { isIP } from 'node:net';
import express, { type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { UserErrorCode } from '../core/errors.js';
import { Validator } from '../core/validation.js';
import { DEFAULT_SUBJECT, signToken, type AuthSettings, type TokenClaims } from './auth.js';

/**
 * The playground's sign-in on a development machine: POST {org, roles, sub} as JSON, get a
 * short-lived bearer token signed with the generated development secret. Mounted only when
 * config.ts allows it (HttpSettings.playgroundSignIn); otherwise the route does not exist.
 */

export const SIGN_IN_PATH = '/playground/dev-token';

/** Long enough for a session in the playground; signing in again is one click. */
const TOKEN_LIFETIME_MS = 60 * 60 * 1000;
const MAX_ROLES = 10;
/** What roles look like: organization_admin, developer, gateway, team.reader, app:viewer. */
const ROLE = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;
/** The longest org (and sub) the verifier accepts. */
const MAX_NAME = 255;
const FIELDS = ['org', 'roles', 'sub'];

export interface SignInSettings {
  auth: AuthSettings;
  logger: Logger;
}

interface Problem {
  field: string | null;
  code: string;
  message: string;
}

/** A sign-in request's body, checked field by field: the claims, or every problem found. */
export function signInClaims(body: unknown): { claims: TokenClaims } | { problems: Problem[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { problems: [{ field: null, code: UserErrorCode.INVALID_VALUE, message: 'Send a JSON object: {"org": "acme", "roles": ["organization_admin"], "sub": "alice"}' }] };
  }
  const input = body as Record<string, unknown>;
  const v = new Validator();
  for (const key of Object.keys(input).filter((k) => !FIELDS.includes(k))) {
    v.add(UserErrorCode.INVALID_VALUE, `${JSON.stringify(key.slice(0, 40))} is not a field; send org, roles and sub`, key.slice(0, 40));
  }
  let org = '';
  if (typeof input.org !== 'string') v.add(UserErrorCode.BLANK, 'org must be a non-blank string', 'org');
  else org = v.name('org', input.org, MAX_NAME);

  let sub = DEFAULT_SUBJECT;
  if (input.sub !== undefined && input.sub !== null && typeof input.sub !== 'string') v.add(UserErrorCode.INVALID_VALUE, 'sub must be a string', 'sub');
  else if (typeof input.sub === 'string' && input.sub.trim() !== '') sub = v.name('sub', input.sub, MAX_NAME);

  let roles: string[] = [];
  const given = input.roles ?? [];
  if (!Array.isArray(given) || !given.every((role) => typeof role === 'string')) {
    v.add(UserErrorCode.INVALID_VALUE, 'roles must be an array of strings, e.g. ["organization_admin"]', 'roles');
  } else if (given.length > MAX_ROLES) {
    v.add(UserErrorCode.TOO_LONG, `roles must list at most ${MAX_ROLES} roles`, 'roles');
  } else {
    roles = [...new Set(given.map((role) => role.trim()))];
    const odd = roles.find((role) => !ROLE.test(role));
    if (odd !== undefined) {
      v.add(
        UserErrorCode.INVALID_VALUE,
        `${JSON.stringify(odd.slice(0, 70))} is not a role name (a letter, then up to 63 letters, digits, _ . : -)`,
        'roles',
      );
    }
  }
  if (!v.ok) return { problems: v.errors.map((e) => ({ field: e.field?.[1] ?? null, code: e.code, message: e.message })) };
  return { claims: { org, roles, sub } };
}

/**
 * Whether the request names this server by a name only the machine itself or its address can
 * give: localhost or an IP literal. A page on another site cannot get a token by pointing its own
 * host name at this server (DNS rebinding); the browser still sends that name.
 */
function namedDirectly(req: Request): boolean {
  // An HTTP/1.0 request may name no host at all: refused like any other name.
  const host = (req.hostname ?? '').replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || isIP(host) !== 0;
}

/**
 * Whether the caller is on this machine (the socket's peer, not a header a proxy or a caller could
 * set): a server listening on every interface must not hand administrator tokens to its network.
 */
export function isLoopbackPeer(remoteAddress: string | undefined): boolean {
  const peer = (remoteAddress ?? '').replace(/^::ffff:/i, '');
  return peer === '::1' || (isIP(peer) === 4 && peer.startsWith('127.'));
}

function refuse(res: Response, status: number, error: string, message: string, problems?: Problem[]): void {
  res.status(status).json({ error, message, ...(problems ? { problems } : {}) });
}

/** POST /playground/dev-token. */
export function signInRouter({ auth, logger }: SignInSettings): Router {
  const router = express.Router();
  const json = express.json({ limit: '4kb', strict: true });
  router.post(SIGN_IN_PATH, (req, res, next) => {
    res.set({ 'cache-control': 'no-store', pragma: 'no-cache', 'x-content-type-options': 'nosniff' });
    // A cross-site form can only send form or text bodies; a cross-site script that sends JSON
    // needs a CORS preflight, and nothing here answers one. The equivalent of Apollo's CSRF
    // prevention at /graphql.
    if (!req.is('application/json')) {
      return refuse(res, 415, 'unsupported_media_type', 'Send the request as JSON (Content-Type: application/json)');
    }
    if (!namedDirectly(req) || !isLoopbackPeer(req.socket.remoteAddress)) {
      return refuse(res, 403, 'forbidden', 'Sign-in is only offered to this machine, at localhost or an IP address; use npm run token instead');
    }
    json(req, res, (error?: { status?: number; type?: string }) => {
      if (error) {
        const tooLarge = error.type === 'entity.too.large';
        if (tooLarge) return refuse(res, 413, 'invalid_request', 'The request body is too large');
        // An unsupported charset or encoding is the parser's 415; anything else a body that is not JSON.
        if (error.status === 415) return refuse(res, 415, 'unsupported_media_type', 'Send the body as UTF-8 JSON');
        return refuse(res, 400, 'invalid_request', 'The request body is not valid JSON');
      }
      const checked = signInClaims(req.body);
      if ('problems' in checked) {
        return refuse(res, 400, 'invalid_request', checked.problems.map((p) => p.message).join('; '), checked.problems);
      }
      const { claims } = checked;
      // Whole seconds, as the token's exp claim says it.
      const expiresAt = new Date(Math.floor((Date.now() + TOKEN_LIFETIME_MS) / 1000) * 1000);
      signToken(auth, claims, expiresAt).then(
        (token) => {
          // Who signed in, never the token.
          logger.info({ org: claims.org, roles: claims.roles, sub: claims.sub }, 'playground sign-in: development token issued');
          res.json({ token, tokenType: 'Bearer', expiresAt: expiresAt.toISOString(), ...claims });
        },
        (error: unknown) => {
          logger.error({ err: error }, 'playground sign-in failed');
          refuse(res, 500, 'server_error', 'Internal server error');
        },
      );
    });
  });
  return router;
}
