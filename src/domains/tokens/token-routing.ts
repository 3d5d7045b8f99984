import type { ClientProvider } from '../../store/entities/client-provider.entity.js';
import { sameIssuer } from '../../vendors/discovery.js';

export const looksLikeJwt = (token: string): boolean => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);

/** The `iss` of a JWT-shaped token, read only to choose where to ask; never trusted. */
export function unverifiedIssuer(token: string): string | undefined {
  if (!looksLikeJwt(token)) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof payload.iss === 'string' ? payload.iss : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a provider has what RFC 7662 introspection needs: its URL and a client to ask with. */
export const introspects = (provider: ClientProvider): boolean => provider.introspectionUrl !== null && provider.introspectionClientId !== null;

/** Linked external providers that can answer for a token: by local JWT validation or by introspection. */
export const canAnswerForTokens = (provider: ClientProvider): boolean => !provider.builtIn && (provider.validateJwtLocally || introspects(provider));

/**
 * Which providers to ask about a token, in order: for a JWT, those whose issuer is its (unverified)
 * `iss`; otherwise, or when none matches, every one, the environment's default first.
 */
export function providersToAsk<P extends Pick<ClientProvider, 'id' | 'issuer'>>(providers: P[], defaultProviderId: string, token: string): P[] {
  const issuer = unverifiedIssuer(token);
  if (issuer) {
    const match = providers.filter((p) => sameIssuer(p.issuer, issuer));
    if (match.length > 0) return match;
  }
  return [...providers].sort((a, b) => Number(b.id === defaultProviderId) - Number(a.id === defaultProviderId));
}
