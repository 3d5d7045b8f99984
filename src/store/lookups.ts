import type { EntityManager } from '@mikro-orm/knex';
import type { ClientScope } from '../core/caller.js';
import { UserErrorCode, UserErrors } from '../core/errors.js';
import { parseGlobalId } from '../core/ids.js';
import { ClientProvider } from './entities/client-provider.entity.js';
import { Client } from './entities/client.entity.js';
import { Environment } from './entities/environment.entity.js';
import { findEntity } from './statements.js';

/**
 * Finds a row of the caller's organization by global ID, inside a mutation. Unknown IDs, IDs of
 * another type and IDs of another organization all give the same NOT_FOUND userError.
 */
export async function findEnvironment(em: EntityManager, org: string, globalId: string, field = 'environmentId'): Promise<Environment> {
  const id = parseGlobalId(globalId, 'Environment');
  const environment = id ? await findEntity(em, Environment, { id, orgId: org }) : null;
  if (!environment) throw notFound(field, 'environment');
  return environment;
}

export async function findProvider(em: EntityManager, org: string, globalId: string, field = 'clientProviderId'): Promise<ClientProvider> {
  const id = parseGlobalId(globalId, 'ClientProvider');
  const provider = id ? await findEntity(em, ClientProvider, { id, orgId: org }) : null;
  if (!provider) throw notFound(field, 'client provider');
  return provider;
}

/** The environment's default provider (every environment has one). */
export async function findDefaultProvider(em: EntityManager, environment: Environment): Promise<ClientProvider> {
  const provider = await findEntity(em, ClientProvider, { id: environment.defaultProvider.id });
  if (!provider) throw new Error(`the default provider of environment ${environment.id} is missing`);
  return provider;
}

/** Only a client the scope may see is found. */
export async function findClient(em: EntityManager, scope: ClientScope, globalId: string, field = 'id'): Promise<Client> {
  const id = parseGlobalId(globalId, 'Client');
  const client = id ? await em.findOne(Client, { id, ...scope }, { populate: ['provider'] }) : null;
  if (!client) throw notFound(field, 'client');
  return client;
}

const notFound = (field: string, what: string) => UserErrors.of(UserErrorCode.NOT_FOUND, `No ${what} with this ID`, field);
