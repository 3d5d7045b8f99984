import { createHash } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { ClientProvider } from '../client-providers/client-provider.entity.js';
import { ProviderLink } from '../client-providers/provider-link.entity.js';
import { UserErrorCode, UserErrors, userError } from '../common/errors.js';
import { parseGlobalId } from '../common/ids.js';
import { inTransaction } from '../common/transaction.js';
import { Validator } from '../common/validation.js';
import type { RequestContext } from '../server/context.js';
import { findClient, findEnvironment, findProvider } from '../store/lookups.js';
import { platformCredentials } from '../vendors/platform.js';
import { checkClientMetadata } from './client-metadata.js';
import { Client } from './client.entity.js';
import type { DeleteClientInput, RegisterClientInput, RotateClientSecretInput, UpdateClientInput } from './client.inputs.js';

export interface IssuedClient {
  client: Client;
  /** The plaintext secret, for the one answer that may carry it. */
  clientSecret: string | null;
}

/** Sealed client secrets are bound to their client, whichever column holds them. */
export const clientSecretContext = (clientId: string) => `client:${clientId}:secret`;

/**
 * Rules for client applications. Members register clients and manage those they own;
 * organization administrators manage every client of the organization.
 */
export class ClientService {
  constructor(private readonly ctx: RequestContext) {}

  private get scope() {
    return this.ctx.loaders.clientScope();
  }

  async register(input: RegisterClientInput): Promise<IssuedClient> {
    const principal = this.ctx.member();
    const idempotencyKey = input.idempotencyKey?.trim() || null;
    const fingerprint = idempotencyKey ? registrationFingerprint(input) : null;
    if (idempotencyKey) {
      const replay = await this.replay(idempotencyKey, fingerprint!);
      if (replay) return replay;
    }
    try {
      return await inTransaction(this.ctx, async (em) => {
        const environment = await findEnvironment(em, principal.org, input.environmentId);
        const provider = input.clientProviderId
          ? await findProvider(em, principal.org, input.clientProviderId)
          : await em.findOneOrFail(ClientProvider, environment.defaultProvider.id);
        if ((await em.count(ProviderLink, { environment, provider })) === 0) {
          throw new UserErrors([
            userError(UserErrorCode.PROVIDER_NOT_LINKED, 'The provider is not linked to this environment', 'clientProviderId'),
          ]);
        }
        const check = new Validator();
        const name = check.name('name', input.name);
        const description = check.description('description', input.description ?? null);
        const redirectUris = input.redirectUris ?? [];
        const metadata = checkClientMetadata(
          {
            redirectUris,
            grantTypes: input.grantTypes ?? [redirectUris.length > 0 ? 'authorization_code' : 'client_credentials'],
            scopes: input.scopes ?? [],
          },
          check,
        );
        if (idempotencyKey && idempotencyKey.length > 255) check.add(UserErrorCode.TOO_LONG, 'idempotencyKey must be at most 255 characters', 'idempotencyKey');
        if (!check.ok) throw new UserErrors(check.errors);
        assertBuiltIn(provider, 'clientProviderId', 'Registration in external identity providers');

        const clientSecret = platformCredentials.newClientSecret();
        const client = em.create(Client, {
          orgId: principal.org,
          ownerSub: principal.sub,
          environment,
          provider,
          name,
          description,
          clientId: platformCredentials.newClientId(),
          ...metadata,
          idempotencyKey,
          idempotencyFingerprint: fingerprint,
        });
        client.clientSecretSealed = this.ctx.app.secrets.seal(clientSecret, clientSecretContext(client.id));
        return { client, clientSecret };
      });
    } catch (error) {
      // Two calls raced with one idempotency key: the loser answers with the winner's client.
      if (idempotencyKey && error instanceof UniqueConstraintViolationException) {
        const replay = await this.replay(idempotencyKey, fingerprint!);
        if (replay) return replay;
      }
      throw error;
    }
  }

  async update(input: UpdateClientInput): Promise<Client> {
    return inTransaction(this.ctx, async (em) => {
      const client = await findClient(em, this.scope, input.id);
      const check = new Validator();
      if (input.name !== undefined && input.name !== null) client.name = check.name('name', input.name);
      if (input.description !== undefined) client.description = check.description('description', input.description);
      const metadata = checkClientMetadata(
        {
          redirectUris: input.redirectUris ?? client.redirectUris,
          grantTypes: input.grantTypes ?? client.grantTypes,
          scopes: input.scopes ?? client.scopes,
        },
        check,
      );
      if (!check.ok) throw new UserErrors(check.errors);
      assertBuiltIn(client.provider, 'id', 'Updating clients of external identity providers');
      Object.assign(client, metadata);
      return client;
    });
  }

  async delete(input: DeleteClientInput): Promise<string> {
    return inTransaction(this.ctx, async (em) => {
      const client = await findClient(em, this.scope, input.id);
      if (!client.provider.allowClientDeletion) {
        throw new UserErrors([
          userError(UserErrorCode.CLIENT_DELETION_DISABLED, 'The provider does not allow deleting clients in the platform', 'id'),
        ]);
      }
      assertBuiltIn(client.provider, 'id', 'Deleting clients of external identity providers');
      em.remove(client);
      return input.id;
    });
  }

  /** A new secret; the previous one stays valid for the configured grace period (no outage). */
  async rotateSecret(input: RotateClientSecretInput): Promise<IssuedClient> {
    return inTransaction(this.ctx, async (em) => {
      const client = await findClient(em, this.scope, input.id);
      assertBuiltIn(client.provider, 'id', 'Rotating secrets of external identity providers');
      const graceMs = this.ctx.app.config.clientSecretRotationGraceSeconds * 1000;
      const clientSecret = platformCredentials.newClientSecret();
      client.previousSecretSealed = graceMs > 0 ? client.clientSecretSealed : null;
      client.previousSecretExpiresAt = graceMs > 0 ? new Date(Date.now() + graceMs) : null;
      client.clientSecretSealed = this.ctx.app.secrets.seal(clientSecret, clientSecretContext(client.id));
      return { client, clientSecret };
    });
  }

  /** For gateways enforcing client-id policies on the built-in provider's clients. */
  async verifyCredentials(environmentGlobalId: string, clientId: string, clientSecret: string): Promise<boolean> {
    const principal = this.ctx.gatewayOrAdmin();
    const em = this.ctx.em;
    const environmentId = parseGlobalId(environmentGlobalId, 'Environment');
    if (!environmentId || clientId.length > 255 || clientSecret.length > 1024) return false;
    const client = await em.findOne(Client, {
      orgId: principal.org,
      environment: environmentId,
      clientId,
      provider: { builtInOrgId: principal.org },
    });
    if (!client?.clientSecretSealed) return false;
    const context = clientSecretContext(client.id);
    const secrets = this.ctx.app.secrets;
    const current = platformCredentials.secretsEqual(clientSecret, secrets.open(client.clientSecretSealed, context));
    const previousValid = client.previousSecretSealed && client.previousSecretExpiresAt && client.previousSecretExpiresAt > new Date();
    const previous = previousValid
      ? platformCredentials.secretsEqual(clientSecret, secrets.open(client.previousSecretSealed!, context))
      : false;
    return current || previous;
  }

  /** The client an earlier call with this key registered, if the call asked for the same thing. */
  private async replay(idempotencyKey: string, fingerprint: string): Promise<IssuedClient | null> {
    const principal = this.ctx.member();
    const em: EntityManager = this.ctx.em.fork();
    const client = await em.findOne(Client, { orgId: principal.org, idempotencyKey });
    if (!client) return null;
    if (client.ownerSub !== principal.sub || client.idempotencyFingerprint !== fingerprint) {
      throw new UserErrors([
        userError(UserErrorCode.IDEMPOTENCY_KEY_REUSED, 'This idempotencyKey was used for a different registration', 'idempotencyKey'),
      ]);
    }
    const clientSecret = client.clientSecretSealed ? this.ctx.app.secrets.open(client.clientSecretSealed, clientSecretContext(client.id)) : null;
    return { client, clientSecret };
  }
}

function assertBuiltIn(provider: ClientProvider, field: string, what: string): void {
  if (!provider.builtIn) {
    throw new UserErrors([
      userError(UserErrorCode.PROVIDER_OPERATION_UNSUPPORTED, `${what} is not supported yet; use the built-in provider`, field),
    ]);
  }
}

/** What a registration asked for, normalised, hashed: equal for a retry of the same request only. */
function registrationFingerprint(input: RegisterClientInput): string {
  const list = (values: string[] | null | undefined) => (values ? [...new Set(values.map((v) => v.trim()))] : null);
  const request = {
    environmentId: input.environmentId,
    clientProviderId: input.clientProviderId ?? null,
    name: input.name.trim(),
    description: input.description?.trim() || null,
    redirectUris: list(input.redirectUris),
    grantTypes: list(input.grantTypes),
    scopes: list(input.scopes),
  };
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}
