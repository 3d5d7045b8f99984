import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import { systemActor, type AuditActor } from '../../core/audit.js';
import type { Clock } from '../../core/ports.js';
import { Client } from '../../store/entities/client.entity.js';
import type { Orm } from '../../store/orm.js';
import type { Transactions } from '../../store/transaction.js';
import { clientEvent, failedIdpCall } from '../audit-events.js';
import type { ProviderAdapters } from '../client-providers/provider-adapters.js';
import { Periodic } from '../periodic.js';
import { retryDelayMs } from './client-deletion.js';
import type { IdpClients } from './idp-clients.js';
import { messageOf } from './intents.js';

/** How long one replica holds a claimed retirement before another may take it over. */
const CLAIM_MS = 5 * 60_000;
const BATCH = 20;

/**
 * The one way the secret a rotation replaced is retired in the IdP (deactivated, then deleted),
 * for the background pass and for a new rotation that finds the last one's still there alike: the
 * IdP first, then the row, with its audit event. A failure keeps the secret's id on the row, its
 * message in lastProviderError and the next attempt scheduled with backoff.
 */
export class SecretRetirements {
  constructor(private readonly deps: { adapters: ProviderAdapters; idpClients: IdpClients; transactions: Transactions; clock: Clock }) {}

  /** Rethrows the IdP's failure after recording it. */
  async retire(em: EntityManager, client: Client, actor: AuditActor): Promise<void> {
    const secretId = client.retiringSecretId;
    if (secretId === null) return;
    try {
      await this.deps.adapters.for(client.provider).retireSecret(this.deps.idpClients.refOf(client), secretId);
    } catch (error) {
      const attempts = client.secretRetirementAttempts + 1;
      await this.deps.transactions.run(em.fork(), async ({ em: tx, audit }) => {
        await tx.nativeUpdate(
          Client,
          { id: client.id, retiringSecretId: secretId },
          { secretRetirementAttempts: attempts, nextSecretRetirementAt: new Date(this.deps.clock() + retryDelayMs(attempts)), lastProviderError: messageOf(error) },
        );
        const failed = failedIdpCall(actor, 'retire_secret', client, error);
        audit({ ...failed, summary: `${failed.summary}; retiring the secret the last rotation replaced (attempt ${attempts}) is retried` });
      });
      throw error;
    }
    await this.deps.transactions.run(em.fork(), async ({ em: tx, audit }) => {
      await tx.nativeUpdate(
        Client,
        { id: client.id, retiringSecretId: secretId },
        { retiringSecretId: null, nextSecretRetirementAt: null, secretRetirementAttempts: 0, previousSecretExpiresAt: null, lastProviderError: null },
      );
      const summary = `Client ${client.name}: the secret its last rotation replaced was deactivated and deleted in its identity provider`;
      audit(clientEvent(actor, 'retire_secret', client, { summary }, null, null));
    });
  }
}

/**
 * Retires replaced secrets in their IdP once their overlap (previousSecretExpiresAt) has passed,
 * retried with backoff until the IdP confirms; never dropped. Replicas claim a row by moving its
 * next attempt forward with a compare-and-set, so each attempt runs once.
 */
export class SecretRetirer extends Periodic<number> {
  constructor(
    private readonly orm: Orm,
    private readonly deps: { retirements: SecretRetirements; logger: Logger; clock: Clock },
    intervalMs: number,
  ) {
    super('secret retirements', intervalMs, deps.logger);
  }

  protected async pass(stopped: () => boolean): Promise<number> {
    const { clock, logger, retirements } = this.deps;
    const em = this.orm.em.fork() as EntityManager;
    const due = await em.find(
      Client,
      { retiringSecretId: { $ne: null }, nextSecretRetirementAt: { $lte: new Date(clock()) } },
      { populate: ['provider'], limit: BATCH, orderBy: { nextSecretRetirementAt: 'asc' } },
    );
    let retired = 0;
    for (const client of due) {
      if (stopped()) break;
      const claimed = await em.fork().nativeUpdate(
        Client,
        { id: client.id, retiringSecretId: client.retiringSecretId, nextSecretRetirementAt: client.nextSecretRetirementAt },
        { nextSecretRetirementAt: new Date(clock() + CLAIM_MS) },
      );
      if (claimed !== 1) continue;
      const context = { clientId: client.clientId, providerId: client.provider.id };
      try {
        await retirements.retire(em, client, systemActor('secret-retirement', client.orgId));
        retired++;
        logger.info(context, 'retired the secret a rotation replaced in the identity provider');
      } catch (error) {
        logger.warn({ ...context, attempts: client.secretRetirementAttempts + 1, err: error }, 'retiring the secret a rotation replaced failed; will retry');
      }
    }
    return retired;
  }
}
