import type { EntityManager } from '@mikro-orm/knex';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ErrorCode, ProviderError } from '../core/errors.js';
import type { Principal } from '../core/caller.js';
import type { Domain } from '../domains/services.js';
import type { TokenVerdict } from '../domains/tokens/token-authorizer.js';
import type { Orm } from '../store/orm.js';
import type { Verifier } from './auth.js';
import { hasBodyOf, readBody, sendJson, type BodyRefusal } from './body.js';
import type { Metrics } from './metrics.js';
import { beginRequest, failRequest, refuseBody, type RequestRecord } from './request-log.js';

/** Claims passed on for an authorized token (RFC 7662 §2.2), when the IdP gave them. */
const PASSED_ON = ['exp', 'iat', 'nbf', 'sub', 'aud', 'iss', 'jti', 'token_type', 'username'] as const;

const PATH = /^\/environments\/([^/?]+)\/introspect(?:\?|$)/;
const FORM = 'application/x-www-form-urlencoded';
const FORM_LIMIT = 64 * 1024;

export interface IntrospectionEndpointDeps {
  verify: Verifier;
  domain: Domain;
  orm: Orm;
  logger: Logger;
  metrics: Metrics;
}

/**
 * RFC 7662 introspection for stock gateway plugins (Kong, Envoy, NGINX): POST
 * /environments/{environmentId}/introspect with the form field `token`, authenticated by the
 * caller's bearer token (gateway or organization_admin). `active` is the platform's verdict (what
 * `authorizeToken` calls `authorized`), so a plugin that checks `active` refuses what the platform
 * refuses. An IdP that cannot answer is 503: a plugin fails closed. Served on node:http's own
 * objects, as the GraphQL endpoint is (a gateway's check should not pay for express's router);
 * returns false for any other request.
 */
export function introspectionEndpoint(deps: IntrospectionEndpointDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const match = PATH.exec(req.url ?? '');
    if (!match) return false;
    let environmentId: string;
    try {
      environmentId = decodeURIComponent(match[1]!);
    } catch {
      return false; // express answers a path it cannot decode
    }
    const record = beginRequest(req, res, deps.logger, deps.metrics);
    introspect(deps, req, res, record, environmentId).catch((error: unknown) => failRequest(res, record, deps.logger, error));
    return true;
  };
}

async function introspect(deps: IntrospectionEndpointDeps, req: IncomingMessage, res: ServerResponse, record: RequestRecord, environmentId: string): Promise<void> {
  record.operationName = 'introspect';
  record.operationType = 'rfc7662';
  let form: URLSearchParams;
  try {
    form = await readForm(req);
  } catch (error) {
    const refusal = error as BodyRefusal;
    return refuseBody(res, record, refusal.status, refusal.type);
  }
  let principal: Principal | null;
  try {
    principal = await deps.verify(req.headers.authorization);
  } catch {
    return refuseCredentials(res, record, 'invalid_token', 'The bearer token is not valid');
  }
  if (!principal) return refuseCredentials(res, record, undefined, 'A bearer token is required');
  record.org = principal.org;
  if (!principal.isGateway && !principal.isAdmin) {
    record.errorCodes.push(ErrorCode.FORBIDDEN);
    return answer(res, 403, { error: 'insufficient_scope', error_description: 'Requires the gateway or organization_admin role' });
  }
  const tokens = form.getAll('token');
  const hints = form.getAll('token_type_hint');
  if (tokens.length !== 1 || tokens[0] === '' || hints.length > 1) {
    record.errorCodes.push(ErrorCode.BAD_REQUEST);
    return answer(res, 400, { error: 'invalid_request', error_description: 'Send the form field token (application/x-www-form-urlencoded)' });
  }
  try {
    const verdict = await deps.domain.tokens.authorize(principal, () => deps.orm.em.fork() as EntityManager, environmentId, tokens[0]!, {
      requiredScopes: [],
      requireRegisteredClient: true,
    });
    answer(res, 200, introspectionAnswer(verdict));
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    record.errorCodes.push(ErrorCode.PROVIDER_UNAVAILABLE);
    answer(res, 503, { error: 'temporarily_unavailable', error_description: `The identity provider could not answer: ${error.message}` });
  }
}

/** The form, as express.urlencoded reads it: a body of another media type has no fields; another charset or a compressed body is refused. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (!req.headers['content-type']?.toLowerCase().startsWith(FORM)) {
    req.resume();
    return new URLSearchParams();
  }
  if (!hasBodyOf(req, FORM)) {
    req.resume();
    throw { status: 415, type: 'charset.unsupported' } satisfies BodyRefusal;
  }
  return new URLSearchParams(await readBody(req, FORM_LIMIT));
}

/** Every answer of the endpoint: never stored by a cache (RFC 7662 §4). */
function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJson(res, status, body, { ...headers, 'cache-control': 'no-store', pragma: 'no-cache' });
}

function introspectionAnswer(verdict: TokenVerdict): Record<string, unknown> {
  if (!verdict.authorized) return { active: false };
  const answer: Record<string, unknown> = { active: true, client_id: verdict.clientId, scope: verdict.scopes.join(' ') };
  for (const claim of PASSED_ON) if (verdict.claims[claim] !== undefined) answer[claim] = verdict.claims[claim];
  return answer;
}

/** RFC 6750 §3: a missing or refused bearer token. */
function refuseCredentials(res: ServerResponse, record: RequestRecord, error: 'invalid_token' | undefined, description: string): void {
  record.errorCodes.push(ErrorCode.UNAUTHENTICATED);
  const challenge = error ? `Bearer realm="client-providers", error="${error}"` : 'Bearer realm="client-providers"';
  answer(res, 401, { error: error ?? 'invalid_request', error_description: description }, { 'www-authenticate': challenge });
}
