import type { EntityManager } from '@mikro-orm/knex';
import { ClientStatus } from '../../core/model.js';
import { Client } from '../../store/entities/client.entity.js';

/**
 * A registration claims its client row (REGISTERING) before the IdP is called. A claim older than
 * any IdP call may take (time-outs are at most 60 s, with retries) was left behind by a crash.
 */
const STALE_CLAIM_MS = 5 * 60_000;

const staleBefore = (now: number) => new Date(now - STALE_CLAIM_MS);

export const isStaleClaim = (client: Client, now: number): boolean =>
  client.status === ClientStatus.REGISTERING && client.createdAt < staleBefore(now);

export async function releaseClaim(em: EntityManager, clientRowId: string): Promise<void> {
  await em.fork().nativeDelete(Client, { id: clientRowId, status: ClientStatus.REGISTERING });
}

/** Gives back every stale claim's idempotency key; returns how many there were. */
export async function releaseStaleClaims(em: EntityManager, now: number): Promise<number> {
  return em.fork().nativeDelete(Client, { status: ClientStatus.REGISTERING, createdAt: { $lt: staleBefore(now) } });
}
