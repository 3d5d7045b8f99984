import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import type { Orm } from '../../store/orm.js';
import type { SecretBox } from '../../store/secret-box.js';
import { adapterFor } from '../../vendors/adapters.js';
import type { ProviderHttp } from '../../vendors/http.js';
import { ProviderError } from '../../vendors/provider-error.js';
import { Client, ClientStatus } from '../../store/entities/client.entity.js';
import { IdpClients } from './idp-clients.js';
import { STALE_CLAIM_MS } from './client.service.js';

const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;
/** How long one replica holds a claimed deletion before another may take it over. */
const CLAIM_MS = 5 * 60_000;
const BATCH = 20;

/** 30 s, 1 min, 2 min … capped at an hour. */
export const retryDelayMs = (attempts: number) => Math.min(BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);

/**
 * Deletions the IdP could not take right away are never dropped: the client stays DELETING and is
 * retried with backoff until the IdP confirms (or says it was gone already). Replicas claim a row
 * by moving its next attempt forward with a compare-and-set, so each attempt runs once.
 */
export class DeletionRetrier {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private busy = false;
  private stopped = false;

  constructor(
    private readonly orm: Orm,
    private readonly deps: { secrets: SecretBox; providerHttp: ProviderHttp; logger: Logger },
    private readonly intervalMs: number,
  ) {}

  async markDeleting(em: EntityManager, clientId: string, error: ProviderError, now = new Date()): Promise<void> {
    await em.fork().nativeUpdate(
      Client,
      { id: clientId },
      {
        status: ClientStatus.DELETING,
        deletionAttempts: 1,
        nextDeletionAttemptAt: new Date(now.getTime() + retryDelayMs(1)),
        lastProviderError: error.message.slice(0, 1000),
      },
    );
  }

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
  runOnce(now?: Date): Promise<number> {
    this.running = this.pass(now);
    return this.running;
  }

  /** `at` stands in for the clock in tests; otherwise each step reads the time afresh. */
  private async pass(at?: Date): Promise<number> {
    const clock = () => at ?? new Date();
    const now = clock();
    const em = this.orm.em.fork() as EntityManager;
    const stale = await em.fork().nativeDelete(Client, { status: ClientStatus.REGISTERING, createdAt: { $lt: new Date(now.getTime() - STALE_CLAIM_MS) } });
    if (stale > 0) this.deps.logger.warn({ count: stale }, 'released stale registration claims; their identity providers may hold clients the platform does not know');
    const due = await em.find(
      Client,
      { status: ClientStatus.DELETING, nextDeletionAttemptAt: { $lte: now } },
      { populate: ['provider'], limit: BATCH, orderBy: { nextDeletionAttemptAt: 'asc' } },
    );
    const idp = new IdpClients(this.deps);
    let deleted = 0;
    for (const client of due) {
      if (this.stopped) break;
      const claimed = await em.fork().nativeUpdate(
        Client,
        { id: client.id, status: ClientStatus.DELETING, nextDeletionAttemptAt: client.nextDeletionAttemptAt },
        { nextDeletionAttemptAt: new Date(clock().getTime() + CLAIM_MS) },
      );
      if (claimed !== 1) continue;
      try {
        if ((await adapterFor(client.provider, this.deps.secrets, this.deps.providerHttp).delete(idp.refOf(client))) === 'gone') {
          idp.logGone(client, this.deps.logger);
        }
        await em.fork().nativeDelete(Client, { id: client.id });
        deleted++;
        this.deps.logger.info({ clientId: client.clientId, providerId: client.provider.id }, 'deleted client in identity provider after retry');
      } catch (error) {
        const attempts = client.deletionAttempts + 1;
        await em.fork().nativeUpdate(
          Client,
          { id: client.id },
          {
            deletionAttempts: attempts,
            nextDeletionAttemptAt: new Date(clock().getTime() + retryDelayMs(attempts)),
            lastProviderError: (error instanceof Error ? error.message : String(error)).slice(0, 1000),
          },
        );
        this.deps.logger.warn({ clientId: client.clientId, providerId: client.provider.id, attempts, err: error }, 'deleting client in identity provider failed; will retry');
      }
    }
    return deleted;
  }
}
