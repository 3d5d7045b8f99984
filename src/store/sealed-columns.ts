import type { Client } from './entities/client.entity.js';
import type { ClientProvider } from './entities/client-provider.entity.js';
import { SecretBox } from './secret-box.js';

/** A column holding a sealed secret: written and read only through here, never in clear text. */
export interface SealedColumn<E> {
  /** Seals the value into the column; null clears it. */
  set(row: E, plaintext: string | null): void;
  /** The opened value, or null when none is stored. */
  get(row: E): string | null;
}

type SealedProperty<E> = { [K in keyof E]: E[K] extends string | null ? K : never }[keyof E];

/**
 * Every sealed column with the context it is sealed under, in one place. The context binds a
 * ciphertext to its row (and, for providers, its column), so a sealed value copied into another
 * row does not open. A client's current and previous secret share one context, so rotation moves
 * the ciphertext from one column to the other as it is.
 */
export class SealedColumns {
  readonly registrationAuthorization: SealedColumn<ClientProvider>;
  readonly introspectionClientSecret: SealedColumn<ClientProvider>;
  readonly registrationClientSecret: SealedColumn<ClientProvider>;
  readonly clientSecret: SealedColumn<Client>;
  readonly previousClientSecret: SealedColumn<Client>;
  readonly registrationAccessToken: SealedColumn<Client>;

  constructor(key: Buffer) {
    const box = new SecretBox(key);
    const column = <E extends { id: string }>(property: SealedProperty<E>, context: (id: string) => string): SealedColumn<E> => ({
      set: (row, plaintext) => {
        (row[property] as string | null) = plaintext === null ? null : box.seal(plaintext, context(row.id));
      },
      get: (row) => {
        const sealed = row[property] as string | null;
        return sealed === null ? null : box.open(sealed, context(row.id));
      },
    });
    this.registrationAuthorization = column<ClientProvider>('registrationAuthorizationSealed', sealContexts.registrationAuthorization);
    this.introspectionClientSecret = column<ClientProvider>('introspectionClientSecretSealed', sealContexts.introspectionClientSecret);
    this.registrationClientSecret = column<ClientProvider>('registrationClientSecretSealed', sealContexts.registrationClientSecret);
    this.clientSecret = column<Client>('clientSecretSealed', sealContexts.clientSecret);
    this.previousClientSecret = column<Client>('previousSecretSealed', sealContexts.clientSecret);
    this.registrationAccessToken = column<Client>('registrationAccessTokenSealed', sealContexts.registrationAccessToken);
  }
}

/** The associated data each sealed column is bound to (by row id); tests read the raw rows with these. */
export const sealContexts = {
  registrationAuthorization: (providerId: string) => `client_provider:${providerId}:registration_authorization`,
  introspectionClientSecret: (providerId: string) => `client_provider:${providerId}:introspection_client_secret`,
  registrationClientSecret: (providerId: string) => `client_provider:${providerId}:registration_client_secret`,
  clientSecret: (clientId: string) => `client:${clientId}:secret`,
  registrationAccessToken: (clientId: string) => `client:${clientId}:registration_access_token`,
};
