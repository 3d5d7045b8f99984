import DataLoader from 'dataloader';
import type { EntityManager, Knex } from '@mikro-orm/knex';
import { ClientProvider } from '../store/entities/client-provider.entity.js';
import { ProviderLink } from '../store/entities/provider-link.entity.js';
import { Client } from '../store/entities/client.entity.js';
import { Environment } from '../store/entities/environment.entity.js';
import { toPage, type Page, type PageArgs } from './connection.js';
import type { Principal } from '../http/auth.js';

type ClientParent = 'environment_id' | 'provider_id';

/**
 * Per-request batch loaders. Every query is scoped to the caller's organization (and, for a member
 * who is not an administrator, to the clients they own), so an ID of another organization behaves
 * exactly like an unknown one. One SQL statement per loader per tick, whatever the number of keys.
 */
export class Loaders {
  constructor(
    private readonly em: EntityManager,
    private readonly principal: Principal,
  ) {}

  private get org(): string {
    return this.principal.org;
  }

  readonly environmentById = new DataLoader<string, Environment | null>(async (ids) => {
    const rows = await this.em.find(Environment, { orgId: this.org, id: { $in: [...ids] } });
    return byId(ids, rows);
  });

  readonly providerById = new DataLoader<string, ClientProvider | null>(async (ids) => {
    const rows = await this.em.find(ClientProvider, { orgId: this.org, id: { $in: [...ids] } });
    return byId(ids, rows);
  });

  readonly clientById = new DataLoader<string, Client | null>(async (ids) => {
    const rows = await this.em.find(Client, { ...this.clientScope(), id: { $in: [...ids] } });
    return byId(ids, rows);
  });

  /** Providers linked to each environment: the built-in one first, then in order of linking. */
  readonly providersByEnvironment = new DataLoader<string, ClientProvider[]>(async (environmentIds) => {
    const links = await this.em.find(
      ProviderLink,
      { environment: { id: { $in: [...environmentIds] }, orgId: this.org } },
      { populate: ['provider'], orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    const grouped = groupBy(environmentIds, links, (link) => link.environment.id);
    return grouped.map((group) =>
      group.map((link) => link.provider).sort((a, b) => Number(b.builtIn) - Number(a.builtIn)),
    );
  });

  readonly environmentsByProvider = new DataLoader<string, Environment[]>(async (providerIds) => {
    const links = await this.em.find(
      ProviderLink,
      { provider: { id: { $in: [...providerIds] }, orgId: this.org } },
      { populate: ['environment'], orderBy: { environment: { id: 'asc' } } },
    );
    return groupBy(providerIds, links, (link) => link.provider.id).map((group) => group.map((link) => link.environment));
  });

  private readonly clientPageLoaders = new Map<string, DataLoader<string, Page<Client>>>();
  private readonly clientCountLoaders = new Map<ClientParent, DataLoader<string, number>>();

  /** A page of clients for each parent, in one windowed query per distinct (parent kind, page args). */
  clientPage(parent: ClientParent, parentId: string, args: PageArgs): Promise<Page<Client>> {
    const key = `${parent}:${args.first}:${args.after ?? ''}`;
    let loader = this.clientPageLoaders.get(key);
    if (!loader) {
      loader = new DataLoader((parentIds) => this.loadClientPages(parent, parentIds, args));
      this.clientPageLoaders.set(key, loader);
    }
    return loader.load(parentId);
  }

  clientCount(parent: ClientParent, parentId: string): Promise<number> {
    let loader = this.clientCountLoaders.get(parent);
    if (!loader) {
      loader = new DataLoader(async (parentIds) => {
        const rows: { parent_id: string; n: number | string }[] = await this.em.execute(
          this.clientQuery()
            .select(`${parent} as parent_id`)
            .count({ n: '*' })
            .whereIn(parent, [...parentIds])
            .groupBy(parent),
        );
        const counts = new Map(rows.map((row) => [String(row.parent_id), Number(row.n)]));
        return parentIds.map((id) => counts.get(id) ?? 0);
      });
      this.clientCountLoaders.set(parent, loader);
    }
    return loader.load(parentId);
  }

  private async loadClientPages(parent: ClientParent, parentIds: readonly string[], args: PageArgs) {
    const knex = this.em.getKnex();
    const ranked = this.clientQuery()
      .select('*', knex.raw('row_number() over (partition by ?? order by ??) as page_rank', [parent, 'id']))
      .whereIn(parent, [...parentIds]);
    if (args.after) ranked.andWhere('id', '>', args.after);
    const rows: Record<string, unknown>[] = await this.em.execute(
      knex.select('*').from(ranked.as('ranked')).where('page_rank', '<=', args.first + 1).orderBy([parent, 'id']),
    );
    const clients = rows.map(({ page_rank: _rank, ...row }) => this.em.map(Client, row));
    return groupBy(parentIds, clients, (client) => (parent === 'environment_id' ? client.environment.id : client.provider.id)).map(
      (group) => toPage(group, args),
    );
  }

  /** Clients of the caller's organization that the caller may see. */
  clientScope(): { orgId: string; ownerSub?: string } {
    return this.principal.isAdmin ? { orgId: this.org } : { orgId: this.org, ownerSub: this.principal.sub };
  }

  private clientQuery(): Knex.QueryBuilder {
    const scope = this.clientScope();
    const query = this.em.getKnex().from('client').where('org_id', scope.orgId);
    return scope.ownerSub ? query.andWhere('owner_sub', scope.ownerSub) : query;
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

function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}
