import type { Logger } from 'pino';
import type { EntityManager } from '@mikro-orm/knex';
import { ClientProvider } from '../../store/entities/client-provider.entity.js';
import { UserErrorCode, UserErrors, userError } from '../../core/errors.js';
import type { AppServices } from '../../graphql/context.js';
import type { IdpClient, IdpClientRef, VendorAdapter } from '../../vendors/adapter.js';
import { adapterFor } from '../../vendors/adapters.js';
import { ProviderError } from '../../vendors/provider-error.js';
import type { Client } from '../../store/entities/client.entity.js';

/** Sealed registration access tokens are bound to their client. */
export const registrationTokenContext = (clientId: string) => `client:${clientId}:registration_access_token`;

/**
 * The platform side of a client that lives in an external IdP: which adapter to use, the handle
 * to manage it by, and the IdP's failures turned into userErrors an administrator can act on.
 */
export class IdpClients {
  constructor(private readonly app: Pick<AppServices, 'secrets' | 'providerHttp'>) {}

  /** Never called for the built-in provider: its clients are handled by the service itself. */
  adapter(provider: ClientProvider): VendorAdapter {
    return adapterFor(provider, this.app.secrets, this.app.providerHttp);
  }

  refOf(client: Client): IdpClientRef {
    return {
      clientId: client.clientId,
      registrationClientUri: client.registrationClientUri,
      registrationAccessToken: client.registrationAccessTokenSealed
        ? this.app.secrets.open(client.registrationAccessTokenSealed, registrationTokenContext(client.id))
        : null,
    };
  }

  /**
   * A provider created with just an issuer learns its endpoints from discovery the first time it
   * is used; only the URLs left empty are filled in, and an IdP asserting another issuer is refused.
   */
  async withEndpoints(em: EntityManager, provider: ClientProvider, field: string): Promise<ClientProvider> {
    if (provider.registrationUrl) return provider;
    const found = await this.call(() => this.adapter(provider).discover(), field);
    if (!sameIssuer(found.issuer, provider.issuer)) {
      throw new UserErrors([
        userError(UserErrorCode.INVALID_VALUE, `The provider's discovery document asserts the issuer ${found.issuer.slice(0, 300)}, not ${provider.issuer}`, field),
      ]);
    }
    const onIssuerOrigin = sameOriginAs(provider.issuer ?? '');
    const endpoints = {
      registrationUrl: onIssuerOrigin(found.registrationUrl),
      authorizeUrl: provider.authorizeUrl ?? onIssuerOrigin(found.authorizeUrl),
      tokenUrl: provider.tokenUrl ?? onIssuerOrigin(found.tokenUrl),
      introspectionUrl: provider.introspectionUrl ?? onIssuerOrigin(found.introspectionUrl),
    };
    if (!endpoints.registrationUrl) {
      throw new UserErrors([
        userError(
          UserErrorCode.PROVIDER_OPERATION_UNSUPPORTED,
          'Discovery names no registration endpoint on the issuer’s own origin; set registrationUrl explicitly',
          field,
        ),
      ]);
    }
    await em.fork().nativeUpdate(ClientProvider, { id: provider.id }, endpoints);
    return Object.assign(provider, endpoints);
  }

  /** Runs one IdP call; its failure becomes a userError on the given input field. */
  async call<T>(work: () => Promise<T>, field: string): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw asUserErrors(error, field);
    }
  }

  /** Keeps what the IdP answered besides the secret (which callers store their way): a rotated registration token, the URI, what was sent. */
  remember(client: Client, answer: IdpClient, sent: Record<string, unknown>): void {
    if (answer.registrationAccessToken) {
      client.registrationAccessTokenSealed = this.app.secrets.seal(answer.registrationAccessToken, registrationTokenContext(client.id));
    }
    client.registrationClientUri = answer.registrationClientUri ?? client.registrationClientUri;
    client.providerMetadata = sent;
  }

  /** RFC 7592 answers an unknown client with 401, as it answers a revoked registration token: worth a line. */
  logGone(client: Client, logger: Logger): void {
    logger.warn(
      { clientId: client.clientId, providerId: client.provider.id },
      'the identity provider no longer knows the client (or refused its registration token); counted as deleted',
    );
  }

  /**
   * A client the IdP registered but the store could not keep is deleted again, so that nothing is
   * left dangling; if even that fails, it is logged for an operator with everything needed to find it.
   */
  async undoRegistration(adapter: VendorAdapter, registered: IdpClient, provider: ClientProvider, logger: Logger): Promise<void> {
    try {
      await adapter.delete(registered);
      logger.warn({ providerId: provider.id, clientId: registered.clientId }, 'deleted the IdP client of a registration the store could not keep');
    } catch (error) {
      logger.error(
        { providerId: provider.id, orgId: provider.orgId, clientId: registered.clientId, err: error },
        'orphaned client in identity provider: registered there, not stored here, and deleting it failed',
      );
    }
  }
}

/**
 * Discovered URLs are trusted only on the issuer's own origin: the registration header and the
 * introspection secret are sent to them, so a tampered document must not redirect those.
 */
/** Issuers compare equal up to a trailing slash. */
export const sameIssuer = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').replace(/\/$/, '') === (b ?? '').replace(/\/$/, '');

export function sameOriginAs(issuer: string): (url: string | null) => string | null {
  let origin: string | undefined;
  try {
    origin = new URL(issuer).origin;
  } catch {
    origin = undefined;
  }
  return (url) => {
    if (!url || url.length > 2048 || !origin) return null;
    try {
      const parsed = new URL(url);
      return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.origin === origin ? url : null;
    } catch {
      return null;
    }
  };
}

export function asUserErrors(error: unknown, field: string): unknown {
  if (error instanceof ProviderError) {
    return new UserErrors([userError(error.code, error.message, field)]);
  }
  return error;
}
