import type { IdpClient, IdpClientRef } from './adapter.js';
import { GenericOidcAdapter } from './generic-oidc.adapter.js';

/**
 * OpenAM / ForgeRock AM speak RFC 7591/7592 at `{base}/connect/register`, with a
 * registration_client_uri of the query form `…/connect/register?client_id=…` (used as given) and
 * non-standard response fields such as a `scopes` array, read here as the standard `scope`.
 */
export class OpenAmAdapter extends GenericOidcAdapter {
  protected override toClient(body: unknown, previous: IdpClientRef | null): IdpClient {
    const client = super.toClient(body, previous);
    const { scopes, scope } = client.metadata;
    if (scope === undefined && Array.isArray(scopes)) client.metadata = { ...client.metadata, scope: scopes.join(' ') };
    return client;
  }
}
