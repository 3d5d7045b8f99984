import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import { AuditOutcome, changesBetween, type AuditActor, type AuditEntry } from '../core/audit.js';
import { ProviderError } from '../core/errors.js';
import { toGlobalId } from '../core/ids.js';
import type { ClientProvider } from '../store/entities/client-provider.entity.js';
import type { Client } from '../store/entities/client.entity.js';
import type { Environment } from '../store/entities/environment.entity.js';
import type { Transactions } from '../store/transaction.js';

/**
 * What the audit trail records of each kind of target: the fields compared (by their API names),
 * and the secrets, which are compared by presence only (`changesBetween`) and never recorded.
 */

const ENVIRONMENT_FIELDS = ['name', 'type'] as const;
type EnvironmentState = Pick<Environment, (typeof ENVIRONMENT_FIELDS)[number]>;

const PROVIDER_FIELDS = [
  'name',
  'description',
  'vendor',
  'issuer',
  'registrationUrl',
  'authorizeUrl',
  'tokenUrl',
  'introspectionUrl',
  'introspectionClientId',
  'registrationClientId',
  'registrationScopes',
  'disableServerCertificateValidation',
  'allowClientDeletion',
  'propagateClientChanges',
  'requestTimeoutMs',
  'validateJwtLocally',
  'jwksUrl',
  'jwtAudience',
  'grantTypesSupported',
] as const;
const PROVIDER_SECRETS = ['registrationAuthorization', 'registrationClientSecret', 'introspectionClientSecret'] as const;
type ProviderState = Pick<ClientProvider, (typeof PROVIDER_FIELDS)[number]> & Record<(typeof PROVIDER_SECRETS)[number], string | null>;

const CLIENT_FIELDS = ['name', 'description', 'clientId', 'redirectUris', 'grantTypes', 'scopes', 'status'] as const;
const CLIENT_SECRETS = ['clientSecret'] as const;
type ClientState = Pick<Client, (typeof CLIENT_FIELDS)[number]> & Record<(typeof CLIENT_SECRETS)[number], string | null>;

export const environmentState = (environment: Environment): EnvironmentState => ({ name: environment.name, type: environment.type });

export function providerState(provider: ClientProvider): ProviderState {
  const state = Object.fromEntries(PROVIDER_FIELDS.map((field) => [field, provider[field]])) as Pick<ClientProvider, (typeof PROVIDER_FIELDS)[number]>;
  // The sealed values, only to tell whether a secret was set, removed or replaced.
  return {
    ...state,
    registrationAuthorization: provider.registrationAuthorizationSealed,
    registrationClientSecret: provider.registrationClientSecretSealed,
    introspectionClientSecret: provider.introspectionClientSecretSealed,
  };
}

export function clientState(client: Client): ClientState {
  const state = Object.fromEntries(CLIENT_FIELDS.map((field) => [field, client[field]])) as Pick<Client, (typeof CLIENT_FIELDS)[number]>;
  return { ...state, clientSecret: client.clientSecretSealed };
}

interface Happened {
  summary: string;
  outcome?: AuditOutcome;
  errorCode?: string | null;
}

export function environmentEvent(actor: AuditActor, action: string, environment: Environment, happened: Happened, before: EnvironmentState | null, after: EnvironmentState | null): AuditEntry {
  return {
    actor,
    action: `environment.${action}`,
    targetId: toGlobalId('Environment', environment.id),
    environmentId: environment.id,
    ...happened,
    changes: changesBetween(before, after, ENVIRONMENT_FIELDS),
  };
}

export function providerEvent(
  actor: AuditActor,
  action: string,
  provider: ClientProvider,
  happened: Happened,
  before: ProviderState | null,
  after: ProviderState | null,
  environmentId?: string,
): AuditEntry {
  return {
    actor,
    action: `client_provider.${action}`,
    targetId: toGlobalId('ClientProvider', provider.id),
    providerId: provider.id,
    environmentId: environmentId ?? null,
    ...happened,
    changes: changesBetween(before, after, PROVIDER_FIELDS, PROVIDER_SECRETS),
  };
}

export function clientEvent(actor: AuditActor, action: string, client: Client, happened: Happened, before: ClientState | null, after: ClientState | null): AuditEntry {
  return {
    actor,
    action: `client.${action}`,
    targetId: toGlobalId('Client', client.id),
    clientId: client.id,
    providerId: client.provider.id,
    environmentId: client.environment.id,
    ...happened,
    changes: changesBetween(before, after, CLIENT_FIELDS, CLIENT_SECRETS),
  };
}

/** An IdP call that changed nothing (refused, or failed on the way): its outcome and the IdP's code, nothing else. */
export function failedIdpCall(actor: AuditActor, action: string, client: Client, error: unknown): AuditEntry {
  const code = error instanceof ProviderError ? error.code : 'INTERNAL_SERVER_ERROR';
  return clientEvent(
    actor,
    action,
    client,
    { summary: `The identity provider call failed (${code}); nothing was changed there${error instanceof ProviderError && error.mayHaveApplied ? ' unless the call arrived before it failed (recovery finds out)' : ''}`, outcome: AuditOutcome.FAILURE, errorCode: code },
    null,
    null,
  );
}

/**
 * Records a refused or failed IdP call in a transaction of its own (nothing else changed). The
 * caller's answer does not depend on it: a failure to write it is logged, not thrown.
 */
export async function recordFailedIdpCall(
  deps: { transactions: Transactions; logger: Logger },
  em: EntityManager,
  actor: AuditActor,
  action: string,
  client: Client,
  error: unknown,
): Promise<void> {
  await deps.transactions.audit(em, failedIdpCall(actor, action, client, error)).catch((auditError: unknown) => {
    deps.logger.error({ err: auditError, clientRowId: client.id, action }, 'the audit event of a failed identity provider call could not be written');
  });
}
