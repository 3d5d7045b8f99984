import type { Logger } from 'pino';
import type { ClientProvider } from '../../store/entities/client-provider.entity.js';
import type { Client } from '../../store/entities/client.entity.js';
import type { SealedColumns } from '../../store/sealed-columns.js';
import type { IdpClient, IdpClientRef, VendorAdapter } from '../../vendors/adapter.js';

/** The platform side of a client that lives in an external IdP: the handle to manage it by, and what to keep of the IdP's answers. */
export class IdpClients {
  constructor(private readonly deps: { sealed: SealedColumns; logger: Logger }) {}

  /** Only for a client whose client_id is known (never a REGISTERING placeholder). */
  refOf(client: Client): IdpClientRef {
    if (client.clientId === null) throw new Error(`client ${client.id} has no client_id yet`);
    return {
      clientId: client.clientId,
      registrationClientUri: client.registrationClientUri,
      registrationAccessToken: this.deps.sealed.registrationAccessToken.get(client),
    };
  }

  /** Keeps what the IdP answered besides the secret (which callers store their way): a rotated registration token, the URI, what was sent. */
  remember(client: Client, answer: IdpClient, sent: Record<string, unknown>): void {
    if (answer.registrationAccessToken) this.deps.sealed.registrationAccessToken.set(client, answer.registrationAccessToken);
    client.registrationClientUri = answer.registrationClientUri ?? client.registrationClientUri;
    client.providerMetadata = sent;
  }

  /** RFC 7592 answers an unknown client with 401, as it answers a revoked registration token: worth a line. */
  logGone(client: Client): void {
    this.deps.logger.warn(
      { clientId: client.clientId, providerId: client.provider.id },
      'the identity provider no longer knows the client (or refused its registration token); counted as deleted',
    );
  }

  /**
   * A client the IdP registered but the store could not keep is deleted again, so that nothing is
   * left dangling; if even that fails, it is logged for an operator with everything needed to find it.
   */
  async undoRegistration(adapter: VendorAdapter, registered: IdpClient, provider: ClientProvider): Promise<void> {
    try {
      await adapter.delete(registered);
      this.deps.logger.warn({ providerId: provider.id, clientId: registered.clientId }, 'deleted the IdP client of a registration the store could not keep');
    } catch (error) {
      this.deps.logger.error(
        { providerId: provider.id, orgId: provider.orgId, clientId: registered.clientId, err: error },
        'orphaned client in identity provider: registered there, not stored here, and deleting it failed',
      );
    }
  }
}
