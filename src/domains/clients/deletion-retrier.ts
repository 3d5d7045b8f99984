import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import { ClientStatus } from '../../core/model.js';
import type { Clock } from '../../core/ports.js';
import { Client } from '../../store/entities/client.entity.js';
import type { Orm } from '../../store/orm.js';
import type { ClientDeletion } from './client-deletion.js';
import { releaseStaleClaims } from './registration-claims.js';

/** How long one replica holds a claimed deletion before another may take it over. */
const CLAIM_MS = 5 * 60_000;
const BATCH = 20;

/**
 * Deletions the IdP could not take right away are never dropped: the client stays DELETING and is
 * retried with backoff (through the same deletion path as deleteClient) until the IdP confirms, or
 * says it was gone already. Replicas claim a row by moving its next attempt forward with a
 * compare-and-set, so each attempt runs once.
 */
export class DeletionRetrier {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private busy = false;
  private stopped = false;

  constructor(
    private readonly orm: Orm,
    private readonly deps: { deletion: ClientDeletion; logger: Logger; clock: Clock },
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.busy) return; // one pass at a time
      this.busy = true;
      void this.runOnce()
        .catch((err) => this.deps.logger.error({ err }, 'deletion retries failed'))
        .finally(() => (this.busy = false));
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and lets a pass in progress end after the client it is on (its claims expire for the others). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass over the deletions that are due; returns how many clients are now gone. */
  runOnce(): Promise<number> {
    this.running = this.pass();
    return this.running;
  }

  private async pass(): Promise<number> {
    const { clock, deletion, logger } = this.deps;
    const em = this.orm.em.fork() as EntityManager;
    const stale = await releaseStaleClaims(em, clock());
    if (stale > 0) logger.warn({ count: stale }, 'released stale registration claims; their identity providers may hold clients the platform does not know');
    const due = await em.find(
      Client,
      { status: ClientStatus.DELETING, nextDeletionAttemptAt: { $lte: new Date(clock()) } },
      { populate: ['provider'], limit: BATCH, orderBy: { nextDeletionAttemptAt: 'asc' } },
    );
    let deleted = 0;
    for (const client of due) {
      if (this.stopped) break;
      const claimed = await em.fork().nativeUpdate(
        Client,
        { id: client.id, status: ClientStatus.DELETING, nextDeletionAttemptAt: client.nextDeletionAttemptAt },
        { nextDeletionAttemptAt: new Date(clock() + CLAIM_MS) },
      );
      if (claimed !== 1) continue;
      try {
        await deletion.inIdp(client);
        await deletion.forget(em, client);
        deleted++;
        logger.info({ clientId: client.clientId, providerId: client.provider.id }, 'deleted client in identity provider after retry');
      } catch (error) {
        const attempts = client.deletionAttempts + 1;
        await deletion.retryLater(em, client, error, attempts);
        logger.warn({ clientId: client.clientId, providerId: client.provider.id, attempts, err: error }, 'deleting client in identity provider failed; will retry');
      }
    }
    return deleted;
  }
}
