import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';
import { systemActor, type AuditActor } from '../../core/audit.js';
import type { Principal } from '../../core/caller.js';
import { clientEvent, clientState, providerEvent } from '../audit-events.js';
import { ProviderError, ProviderErrorCode, UserErrorCode, UserErrors } from '../../core/errors.js';
import { ClientStatus, ReconciliationFindingKind } from '../../core/model.js';
import type { Clock } from '../../core/ports.js';
import { ClientProvider } from '../../store/entities/client-provider.entity.js';
import { Client } from '../../store/entities/client.entity.js';
import { DeletedClient } from '../../store/entities/deleted-client.entity.js';
import { ProviderReconciliation } from '../../store/entities/provider-reconciliation.entity.js';
import { findProvider } from '../../store/lookups.js';
import { IdpIntent } from '../../store/entities/idp-intent.entity.js';
import type { Orm } from '../../store/orm.js';
import type { Transactions } from '../../store/transaction.js';
import type { IdpClientState } from '../../vendors/adapter.js';
import { expiryOf, type IdpClients } from '../clients/idp-clients.js';
import { messageOf } from '../clients/intents.js';
import { Periodic } from '../periodic.js';
import type { ProviderAdapters } from './provider-adapters.js';
import { callIdp } from './provider-rules.js';

export interface ReconciliationFinding {
  kind: ReconciliationFindingKind;
  /** The platform's client (its row id), where the finding is about one. */
  clientRowId: string | null;
  clientId: string | null;
  name: string | null;
  field: string | null;
  stored: string | null;
  inProvider: string | null;
  message: string;
}

export interface ReconciliationReport {
  ranAt: string;
  checked: number;
  unchanged: number;
  goneInProvider: number;
  drifted: number;
  secretsExpiring: number;
  notChecked: number;
  orphans: number;
  orphansRemoved: number;
  /** More clients than one run reads (RECONCILE_MAX_CLIENTS): the next run goes on after resumeAfter. */
  truncated: boolean;
  resumeAfter?: string | null;
  note: string | null;
  findings: ReconciliationFinding[];
}

export interface ReconciliationSettings {
  /** At most this many clients read per provider and run. */
  maxClients: number;
  /** Pause between two reads of one IdP (429s are honoured besides, by the HTTP client). */
  paceMs: number;
  /** A secret expiring within this is reported. */
  secretWarningMs: number;
}

/** How long a replica holds a provider's reconciliation before another may take it over. */
const CLAIM_MS = 10 * 60_000;
/** The names searched for orphans per run. */
const ORPHAN_NAMES = 50;
/** The sweep looks for providers due at least this often (each is reconciled once per interval). */
const SWEEP_PASS_MS = 5 * 60_000;

/**
 * Reads each stored client back from its IdP (RFC 7592 read, or Okta's client API) and says what
 * differs: a client gone there becomes DELETED_IN_PROVIDER (its tokens refused from then on);
 * changed metadata and expiring secrets are reported with both values. Where the vendor lists its
 * clients (Okta), clients unknown to the platform but named like ones it registered there are
 * reported as orphans, and deleted there when the administrator names them. One replica per
 * provider at a time (compare-and-set on the claim); calls are paced and bounded per run.
 */
export class Reconciliation {
  constructor(
    private readonly deps: { adapters: ProviderAdapters; idpClients: IdpClients; transactions: Transactions; clock: Clock; logger: Logger },
    private readonly settings: ReconciliationSettings,
  ) {}

  /** Null when another replica holds the claim. `actor`: who the audit trail says ran it (an administrator, or the sweep). */
  async run(em: EntityManager, provider: ClientProvider, actor: AuditActor, removeOrphans: string[] = []): Promise<ReconciliationReport | null> {
    const claim = await this.claim(em, provider);
    if (!claim) return null;
    const now = this.deps.clock();
    const report: ReconciliationReport = {
      ranAt: new Date(now).toISOString(),
      checked: 0, unchanged: 0, goneInProvider: 0, drifted: 0, secretsExpiring: 0, notChecked: 0, orphans: 0, orphansRemoved: 0,
      truncated: false,
      note: null,
      findings: [],
    };
    const notes: string[] = [];
    try {
      // Runs go on where the last one stopped, so every client is read in turn however many there are.
      const resumeAfter = claim.resumeAfter;
      const where = { provider, status: ClientStatus.ACTIVE, clientId: { $ne: null }, ...(resumeAfter ? { id: { $gt: resumeAfter } } : {}) };
      const clients = await em.find(Client, where, { orderBy: { id: 'asc' }, limit: this.settings.maxClients + 1, fields: ['id'] });
      report.truncated = clients.length > this.settings.maxClients;
      const batch = clients.slice(0, this.settings.maxClients);
      report.resumeAfter = report.truncated ? batch.at(-1)!.id : null;
      // A client with an operation under way (or being recovered) is left to that.
      const busy = new Set((await em.find(IdpIntent, { providerId: provider.id }, { fields: ['clientRowId'] })).map((intent) => intent.clientRowId));
      const adapter = this.deps.adapters.for(provider);
      for (const [index, { id }] of batch.entries()) {
        if (busy.has(id)) continue;
        if (index > 0) await this.pace();
        // Read fresh: an update since the run began may have replaced the registration token.
        const client = await em.fork().findOne(Client, { id, status: ClientStatus.ACTIVE }, { populate: ['provider'] });
        if (!client) continue;
        const finding = (kind: ReconciliationFindingKind, message: string, field: string | null = null, stored: string | null = null, inProvider: string | null = null) =>
          report.findings.push({ kind, clientRowId: client.id, clientId: client.clientId, name: client.name, field, stored, inProvider, message });
        let state;
        try {
          state = await adapter.read(this.deps.idpClients.refOf(client));
        } catch (error) {
          report.notChecked++;
          if (error instanceof ProviderError && error.code === ProviderErrorCode.PROVIDER_OPERATION_UNSUPPORTED) {
            // The vendor (or this client, e.g. imported without a registration token) offers no read: said once.
            if (!notes.includes(error.message)) notes.push(error.message);
          } else {
            finding(ReconciliationFindingKind.NOT_CHECKED, `The identity provider could not be asked: ${messageOf(error)}`);
          }
          continue;
        }
        report.checked++;
        if (state === 'gone' || state === 'token_refused') {
          // RFC 7592 §2.1: an IdP answers a read of a client it does not hold with 401.
          report.goneInProvider++;
          const how = state === 'gone' ? 'no longer knows this client' : 'refuses its registration access token, as RFC 7592 has it answer for a client it does not hold';
          finding(ReconciliationFindingKind.GONE_IN_PROVIDER, `The identity provider ${how}; it is now DELETED_IN_PROVIDER and its tokens are refused`);
          await this.markGone(em, client, actor);
          continue;
        }
        await this.keepExpiry(em, client, state, actor);
        const drift = this.drift(client, state);
        for (const [field, stored, inProvider] of drift) finding(ReconciliationFindingKind.DRIFT, `${field} differs in the identity provider`, field, stored, inProvider);
        if (drift.length > 0) report.drifted++;
        const expiry = this.expiry(state, now);
        if (expiry) {
          report.secretsExpiring++;
          finding(expiry, expiry === ReconciliationFindingKind.SECRET_EXPIRED ? 'The client secret has expired in the identity provider' : 'The client secret expires soon', 'secretExpiresAt', null, new Date(state.secretExpiresAt!).toISOString());
        }
        if (drift.length === 0 && !expiry) report.unchanged++;
      }
      const orphansNote = await this.orphans(em, provider, report, new Set(removeOrphans), actor);
      if (orphansNote) notes.push(orphansNote);
    } finally {
      report.note = notes.length > 0 ? `Not checked: ${notes.join('; ')}` : null;
      // Only while the claim is still this run's: a run that outlived it does not overwrite another's report.
      await em.fork().nativeUpdate(ProviderReconciliation, { providerId: provider.id, claimedUntil: claim.until }, { ranAt: new Date(now), report: report as never, claimedUntil: null });
    }
    this.deps.logger.info(
      { providerId: provider.id, checked: report.checked, goneInProvider: report.goneInProvider, drifted: report.drifted, orphans: report.orphans, notChecked: report.notChecked },
      'reconciled clients with the identity provider',
    );
    return report;
  }

  /** The claim (until when), and where the last run stopped; null when another replica holds it. */
  private async claim(em: EntityManager, provider: ClientProvider): Promise<{ until: Date; resumeAfter: string | null } | null> {
    const now = new Date(this.deps.clock());
    const until = new Date(now.getTime() + CLAIM_MS);
    const fork = em.fork();
    const existing = await fork.findOne(ProviderReconciliation, { providerId: provider.id });
    if (!existing) {
      try {
        await fork.insert(ProviderReconciliation, { providerId: provider.id, orgId: provider.orgId, claimedUntil: until });
        return { until, resumeAfter: null };
      } catch {
        return null; // another replica inserted it first
      }
    }
    const claimed = await fork.nativeUpdate(
      ProviderReconciliation,
      { providerId: provider.id, $or: [{ claimedUntil: null }, { claimedUntil: { $lt: now } }] },
      { claimedUntil: until },
    );
    const resumeAfter = (existing.report as { resumeAfter?: string | null } | null)?.resumeAfter ?? null;
    return claimed === 1 ? { until, resumeAfter } : null;
  }

  private async markGone(em: EntityManager, client: Client, actor: AuditActor): Promise<void> {
    await this.deps.transactions.run(em.fork(), async ({ em: tx, invalidate, audit }) => {
      const marked = await tx.nativeUpdate(Client, { id: client.id, status: ClientStatus.ACTIVE }, { status: ClientStatus.DELETED_IN_PROVIDER, statusMessage: 'Reconciliation found it gone in the identity provider' });
      invalidate({ kind: 'client', providerId: client.provider.id, clientId: client.clientId! });
      if (marked === 1) {
        const before = clientState(client);
        const summary = `Client ${client.name} (${client.clientId}) is gone in its identity provider: DELETED_IN_PROVIDER, its tokens refused`;
        audit(clientEvent(actor, 'mark_deleted_in_provider', client, { summary }, before, { ...before, status: ClientStatus.DELETED_IN_PROVIDER }));
      }
    });
  }

  /** When the IdP says the secret expires, kept on the client where it differs (Client.secretExpiresAt), with its audit event. */
  private async keepExpiry(em: EntityManager, client: Client, state: IdpClientState, actor: AuditActor): Promise<void> {
    if (state.secretExpiresAt === undefined || (client.secretExpiresAt?.getTime() ?? null) === state.secretExpiresAt) return;
    const secretExpiresAt = expiryOf(state);
    await this.deps.transactions.run(em.fork(), async ({ em: tx, audit }) => {
      await tx.nativeUpdate(Client, { id: client.id }, { secretExpiresAt });
      const when = secretExpiresAt ? `expires ${secretExpiresAt.toISOString()}` : 'never expires';
      audit(clientEvent(actor, 'secret_expiry', client, { summary: `Client ${client.name}: its identity provider says the secret ${when}` }, null, null));
    });
  }

  /** Name, redirect URIs and grant types, as stored and as the IdP holds them. */
  private drift(client: Client, state: IdpClientState): [string, string, string][] {
    const differs: [string, string, string][] = [];
    const list = (values: string[]) => [...values].sort().join(' ');
    if (state.clientName !== null && state.clientName !== client.name) differs.push(['name', client.name, state.clientName]);
    // An imported client's metadata is not known here; only what the platform holds is compared.
    if (client.providerMetadata !== null) {
      if (list(state.redirectUris) !== list(client.redirectUris)) differs.push(['redirectUris', list(client.redirectUris), list(state.redirectUris)]);
      if (state.grantTypes.length > 0 && list(state.grantTypes) !== list(client.grantTypes)) differs.push(['grantTypes', list(client.grantTypes), list(state.grantTypes)]);
    }
    return differs;
  }

  private expiry(state: IdpClientState, now: number): ReconciliationFindingKind | null {
    if (state.secretExpiresAt == null) return null;
    if (state.secretExpiresAt <= now) return ReconciliationFindingKind.SECRET_EXPIRED;
    return state.secretExpiresAt <= now + this.settings.secretWarningMs ? ReconciliationFindingKind.SECRET_EXPIRING : null;
  }

  /**
   * Where the vendor lists: clients named like the platform's there (up to ORPHAN_NAMES names),
   * that it neither holds nor deleted. Returns a note when the listing could not be read.
   */
  private async orphans(em: EntityManager, provider: ClientProvider, report: ReconciliationReport, remove: Set<string>, actor: AuditActor): Promise<string | null> {
    const adapter = this.deps.adapters.for(provider);
    if (!adapter.lists) return null;
    const names = [...new Set((await em.find(Client, { provider }, { fields: ['name'], orderBy: { name: 'asc' } })).map((client) => client.name))].slice(0, ORPHAN_NAMES);
    for (const name of names) {
      await this.pace();
      let namesakes: IdpClientState[] | null;
      try {
        namesakes = await adapter.search(name);
      } catch (error) {
        return `orphans (listing clients failed: ${messageOf(error)})`;
      }
      if (namesakes === null) return `orphans named "${name}" (the listing could not be read to its end)`;
      const ids = namesakes.map((candidate) => candidate.clientId);
      const held = new Set((await em.find(Client, { provider, clientId: { $in: ids } }, { fields: ['clientId'] })).map((row) => row.clientId));
      const deleted = new Set((await em.find(DeletedClient, { providerId: provider.id, clientId: { $in: ids } }, { fields: ['clientId'] })).map((row) => row.clientId));
      for (const orphan of namesakes.filter((candidate) => !held.has(candidate.clientId) && !deleted.has(candidate.clientId))) {
        report.orphans++;
        const base = { clientRowId: null, clientId: orphan.clientId, name: orphan.clientName, field: null, stored: null, inProvider: null };
        if (remove.has(orphan.clientId)) {
          await adapter.delete(orphan);
          report.orphansRemoved++;
          const summary = `Client ${orphan.clientId} (${orphan.clientName ?? 'no name'}) deleted in the identity provider as an orphan, as asked`;
          await this.deps.transactions.audit(em, providerEvent(actor, 'delete_orphan_in_idp', provider, { summary }, null, null));
          report.findings.push({ ...base, kind: ReconciliationFindingKind.ORPHAN_REMOVED, message: 'Deleted in the identity provider, as asked' });
          this.deps.logger.warn({ providerId: provider.id, clientId: orphan.clientId }, 'deleted an orphaned client in the identity provider');
        } else {
          report.findings.push({
            ...base,
            kind: ReconciliationFindingKind.ORPHAN,
            message: `In the identity provider, unknown to the platform, named like a client registered here; import it, or pass its clientId in removeOrphans to delete it there`,
          });
        }
      }
    }
    return null;
  }

  private pace(): Promise<void> {
    return this.settings.paceMs > 0 ? new Promise((resolve) => setTimeout(resolve, this.settings.paceMs)) : Promise.resolve();
  }
}

/** The background sweep: every interval, each provider whose last run is older than that, a few per pass. */
export class ReconciliationSweep extends Periodic<number> {
  constructor(
    private readonly orm: Orm,
    private readonly reconciliation: Reconciliation,
    private readonly deps: { clock: Clock; logger: Logger },
    private readonly everyMs: number,
  ) {
    super('reconciliation', everyMs > 0 ? Math.min(everyMs, SWEEP_PASS_MS) : 0, deps.logger);
  }

  /** Passes from now on; the first at once (only providers not reconciled within the interval). */
  override start(): void {
    if (this.everyMs > 0) super.start(true);
  }

  protected async pass(stopped: () => boolean): Promise<number> {
    const em = this.orm.em.fork() as EntityManager;
    const due = new Date(this.deps.clock() - this.everyMs);
    const recent = new Set((await em.find(ProviderReconciliation, { ranAt: { $gt: due } }, { fields: ['providerId'] })).map((row) => row.providerId));
    const providers = (await em.find(ClientProvider, { builtInOrgId: null }, { orderBy: { id: 'asc' } })).filter((provider) => !recent.has(provider.id));
    let done = 0;
    for (const provider of providers.slice(0, 10)) {
      if (stopped()) break;
      try {
        if (await this.reconciliation.run(em.fork(), provider, systemActor('reconciliation', provider.orgId))) done++;
      } catch (err) {
        this.deps.logger.warn({ providerId: provider.id, err }, 'reconciling a provider failed; the next pass tries again');
      }
    }
    return done;
  }
}

/** reconcileClientProvider for a caller (organization_admin): the report, or why there is none. */
export class ReconciliationService {
  constructor(
    private readonly caller: Principal,
    private readonly em: EntityManager,
    private readonly reconciliation: Reconciliation,
  ) {}

  async reconcile(providerGlobalId: string, removeOrphans: string[]): Promise<{ provider: ClientProvider; report: ReconciliationReport }> {
    const provider = await findProvider(this.em, this.caller.org, providerGlobalId, 'id');
    if (provider.builtIn) {
      throw UserErrors.of(UserErrorCode.PROVIDER_OPERATION_UNSUPPORTED, 'The built-in provider holds its clients itself; there is no IdP to reconcile with', 'id');
    }
    const report = await callIdp(() => this.reconciliation.run(this.em, provider, this.caller, removeOrphans), 'id');
    if (!report) throw UserErrors.of(UserErrorCode.CONFLICT, 'A reconciliation of this provider is under way; its report will be on the provider', 'id');
    return { provider, report };
  }
}
