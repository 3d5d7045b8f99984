import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/knex';
import { clientScope, type ClientScope, type Principal } from '../core/caller.js';
import type { Page, PageArgs } from '../core/pages.js';
import { ClientQueries, groupBy, type ClientFilter, type ClientParent } from '../store/client-queries.js';
import { ClientProvider } from '../store/entities/client-provider.entity.js';
import { Client } from '../store/entities/client.entity.js';
import { Environment } from '../store/entities/environment.entity.js';
import { CLIENT_FIELDS, PROVIDER_FIELDS, findRows, linkedRows, type ClientRow, type EnvironmentRow, type ProviderRow } from '../store/rows.js';
import { ProviderReconciliation } from '../store/entities/provider-reconciliation.entity.js';
import type { ReconciliationReport } from '../domains/client-providers/reconciliation.js';

/**
 * Per-request batch loaders. Every query is scoped to the caller's organization (and, for a member
 * who is not an administrator, to the clients they own), so an ID of another organization behaves
 * exactly like an unknown one. One SQL statement per loader per tick, whatever the number of keys.
 * They read rows (store/rows.ts), not entities: nothing a request displays goes through the
 * identity map.
 */
export class Loaders {
  private readonly org: string;
  private readonly clientScope: ClientScope;
  private readonly clients: ClientQueries;

  constructor(
    private readonly em: EntityManager,
    principal: Principal,
  ) {
    this.org = principal.org;
    this.clientScope = clientScope(principal);
    this.clients = new ClientQueries(em, this.clientScope);
  }

  readonly environmentById = new DataLoader<string, EnvironmentRow | null>(async (ids) =>
    byId(ids, await findRows(this.em, Environment, { orgId: this.org, id: { $in: [...ids] } })),
  );

  readonly providerById = new DataLoader<string, ProviderRow | null>(async (ids) =>
    byId(ids, await findRows(this.em, ClientProvider, { orgId: this.org, id: { $in: [...ids] } }, { fields: PROVIDER_FIELDS })),
  );

  /** The last reconciliation report of each provider (of this organization). */
  readonly reconciliationByProvider = new DataLoader<string, ReconciliationReport | null>(async (providerIds) => {
    const rows = await this.em.find(ProviderReconciliation, { orgId: this.org, providerId: { $in: [...providerIds] } });
    const reports = new Map(rows.map((row) => [row.providerId, row.report as ReconciliationReport | null]));
    return providerIds.map((id) => reports.get(id) ?? null);
  });

  readonly clientById = new DataLoader<string, ClientRow | null>(async (ids) =>
    byId(ids, await findRows(this.em, Client, { ...this.clientScope, id: { $in: [...ids] } }, { fields: CLIENT_FIELDS })),
  );

  /** Providers linked to each environment: the built-in one first, then in order of linking. */
  readonly providersByEnvironment = new DataLoader<string, ProviderRow[]>(async (environmentIds) => {
    const links = await linkedRows(this.em, this.org, 'environment', environmentIds);
    const builtIn = (row: ProviderRow) => Number(row.builtInOrgId !== null);
    return groupBy(environmentIds, links, (link) => link.key).map((group) => group.map((link) => link.row).sort((a, b) => builtIn(b) - builtIn(a)));
  });

  readonly environmentsByProvider = new DataLoader<string, EnvironmentRow[]>(async (providerIds) => {
    const links = await linkedRows(this.em, this.org, 'provider', providerIds);
    return groupBy(providerIds, links, (link) => link.key).map((group) => group.map((link) => link.row));
  });

  private readonly clientPageLoaders = new Map<string, DataLoader<string, Page<ClientRow>>>();
  private readonly clientCountLoaders = new Map<ClientParent, DataLoader<string, number>>();

  /** A page of clients for each parent, in one statement per distinct (parent kind, page args). */
  clientPage(parent: ClientParent, parentId: string, args: PageArgs): Promise<Page<ClientRow>> {
    const key = `${parent}:${args.size}:${args.backward}:${args.after ?? ''}:${args.before ?? ''}`;
    let loader = this.clientPageLoaders.get(key);
    if (!loader) {
      loader = new DataLoader((parentIds) => this.clients.pages(parent, parentIds, args));
      this.clientPageLoaders.set(key, loader);
    }
    return loader.load(parentId);
  }

  clientCount(parent: ClientParent, parentId: string): Promise<number> {
    let loader = this.clientCountLoaders.get(parent);
    if (!loader) {
      loader = new DataLoader((parentIds) => this.clients.counts(parent, parentIds));
      this.clientCountLoaders.set(parent, loader);
    }
    return loader.load(parentId);
  }

  /** A page of the caller's clients matching a list's filters. */
  clientList(filter: ClientFilter, args: PageArgs): Promise<Page<ClientRow>> {
    return this.clients.list(filter, args);
  }

  /** How many clients of the caller's scope match a list's filters (its totalCount). */
  clientTotal(filter: ClientFilter): Promise<number> {
    return this.clients.count(filter);
  }

  /** Drops everything cached, e.g. after a mutation changed the rows behind it. */
  clearAll(): void {
    for (const loader of [this.environmentById, this.providerById, this.clientById, this.providersByEnvironment, this.environmentsByProvider]) {
      (loader as DataLoader<string, unknown>).clearAll();
    }
    this.clientPageLoaders.clear();
    this.clientCountLoaders.clear();
  }
}

function byId<T extends { id: string }>(ids: readonly string[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => map.get(id) ?? null);
}
