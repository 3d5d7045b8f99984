import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import { ClientStatus } from '../../core/model.js';
import type { Clock } from '../../core/ports.js';
import { Client } from '../../store/entities/client.entity.js';
import type { Orm } from '../../store/orm.js';
import { Periodic } from '../periodic.js';
import type { ClientDeletion } from './client-deletion.js';
import { systemActor } from '../../core/audit.js';

/** How long one replica holds a claimed deletion before another may take it over. */
const CLAIM_MS = 5 * 60_000;
const BATCH = 20;
/** DELETING: a deletion the IdP could not take; ORPHANED: a registration the store could not keep (its undo failed), or one recovery found without its secret. */
const RETRIED = [ClientStatus.DELETING, ClientStatus.ORPHANED];

/**
 * Deletions the IdP could not take right away are never dropped: the client stays DELETING and is
 * retried with backoff (through the same deletion path as deleteClient) until the IdP confirms, or
 * says it was gone already; or until the IdP says it cannot delete it at all (no retry would
 * change that), when the client stays, saying so. Replicas claim a row by moving its next attempt forward with a
 * compare-and-set, so each attempt runs once.
 */
export class DeletionRetrier extends Periodic<number> {
  constructor(
    private readonly orm: Orm,
    private readonly deps: { deletion: ClientDeletion; logger: Logger; clock: Clock },
    intervalMs: number,
  ) {
    super('deletion retries', intervalMs, deps.logger);
  }

  protected async pass(stopped: () => boolean): Promise<number> {
    const { clock, deletion, logger } = this.deps;
    const em = this.orm.em.fork() as EntityManager;
    const due = await em.find(
      Client,
      { status: { $in: RETRIED }, nextDeletionAttemptAt: { $lte: new Date(clock()) } },
      { populate: ['provider'], limit: BATCH, orderBy: { nextDeletionAttemptAt: 'asc' } },
    );
    let deleted = 0;
    for (const client of due) {
      if (stopped()) break;
      const claimed = await em.fork().nativeUpdate(
        Client,
        { id: client.id, status: client.status, nextDeletionAttemptAt: client.nextDeletionAttemptAt },
        { nextDeletionAttemptAt: new Date(clock() + CLAIM_MS) },
      );
      if (claimed !== 1) continue;
      try {
        await deletion.inIdp(client);
        await deletion.forget(em, client, systemActor('deletion-retry', client.orgId), { inIdp: true });
        deleted++;
        logger.info({ clientId: client.clientId, providerId: client.provider.id }, 'deleted client in identity provider after retry');
      } catch (error) {
        const attempts = client.deletionAttempts + 1;
        await deletion.retryLater(em, client, error, attempts, systemActor('deletion-retry', client.orgId));
        logger.warn({ clientId: client.clientId, providerId: client.provider.id, attempts, err: error }, 'deleting client in identity provider failed; retried unless it cannot be done there');
      }
    }
    return deleted;
  }
}
