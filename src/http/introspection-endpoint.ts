import type { EntityManager } from '@mikro-orm/knex';
import express, { type Response, type Router } from 'express';
import { ErrorCode, ProviderError } from '../core/errors.js';
import type { Principal } from '../core/caller.js';
import type { Domain } from '../domains/services.js';
import type { TokenVerdict } from '../domains/tokens/token-authorizer.js';
import type { Orm } from '../store/orm.js';
import type { Verifier } from './auth.js';
import type { RequestRecord } from './request-log.js';

/** Claims passed on for an authorized token (RFC 7662 §2.2), when the IdP gave them. */
const PASSED_ON = ['exp', 'iat', 'nbf', 'sub', 'aud', 'iss', 'jti', 'token_type', 'username'] as const;

/**
 * RFC 7662 introspection for stock gateway plugins (Kong, Envoy, NGINX), mounted at /environments:
 * POST /environments/{environmentId}/introspect with the form field `token`, authenticated by the
 * caller's bearer token (gateway or organization_admin). `active` is the platform's verdict (what
 * `authorizeToken` calls `authorized`), so a plugin that checks `active` refuses what the platform
 * refuses. An IdP that cannot answer is 503: a plugin fails closed.
 */
export function introspectionEndpoint(deps: { verify: Verifier; domain: Domain; orm: Orm }): Router {
  const router = express.Router();
  router.post('/:environmentId/introspect', express.urlencoded({ extended: false, limit: '64kb' }), async (req, res, next) => {
    const record = res.locals.request as RequestRecord;
    record.operationName = 'introspect';
    record.operationType = 'rfc7662';
    res.set({ 'cache-control': 'no-store', pragma: 'no-cache' });
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
      return res.status(403).json({ error: 'insufficient_scope', error_description: 'Requires the gateway or organization_admin role' });
    }
    const { token, token_type_hint: hint } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof token !== 'string' || token === '' || (hint !== undefined && typeof hint !== 'string')) {
      record.errorCodes.push(ErrorCode.BAD_REQUEST);
      return res.status(400).json({ error: 'invalid_request', error_description: 'Send the form field token (application/x-www-form-urlencoded)' });
    }
    try {
      const verdict = await deps.domain.tokens.authorize(principal, () => deps.orm.em.fork() as EntityManager, req.params.environmentId, token, {
        requiredScopes: [],
        requireRegisteredClient: true,
      });
      res.json(introspectionAnswer(verdict));
    } catch (error) {
      if (!(error instanceof ProviderError)) return next(error);
      record.errorCodes.push(ErrorCode.PROVIDER_UNAVAILABLE);
      res.status(503).json({ error: 'temporarily_unavailable', error_description: `The identity provider could not answer: ${error.message}` });
    }
  });
  return router;
}

function introspectionAnswer(verdict: TokenVerdict): Record<string, unknown> {
  if (!verdict.authorized) return { active: false };
  const answer: Record<string, unknown> = { active: true, client_id: verdict.clientId, scope: verdict.scopes.join(' ') };
  for (const claim of PASSED_ON) if (verdict.claims[claim] !== undefined) answer[claim] = verdict.claims[claim];
  return answer;
}

/** RFC 6750 §3: a missing or refused bearer token. */
function refuseCredentials(res: Response, record: RequestRecord, error: 'invalid_token' | undefined, description: string) {
  record.errorCodes.push(ErrorCode.UNAUTHENTICATED);
  const challenge = error ? `Bearer realm="client-providers", error="${error}"` : 'Bearer realm="client-providers"';
  res.status(401).set('www-authenticate', challenge).json({ error: error ?? 'invalid_request', error_description: description });
}
