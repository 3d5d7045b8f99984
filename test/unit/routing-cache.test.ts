import { describe, expect, it } from 'vitest';
import type { ClientRow } from '../../src/store/rows.js';
import { RoutingCache, type KnownClient, type Routing } from '../../src/domains/tokens/routing-cache.js';

/** A read that resolves when told to, counting how often it was made. */
function gatedRead<V>(value: V) {
  const gates: (() => void)[] = [];
  const read = {
    calls: 0,
    load: () => {
      read.calls++;
      return new Promise<V>((resolve) => gates.push(() => resolve(value)));
    },
    /** Lets every read made so far finish. */
    finish: () => gates.splice(0).forEach((open) => open()),
  };
  return read;
}

const route: Routing = { defaultProviderId: 'p1', providers: [] };
const known: KnownClient = { client: { id: 'c1' } as unknown as ClientRow, deleted: false };

describe('RoutingCache', () => {
  it('makes one read for concurrent misses of a key, and counts the joined ones as hits', async () => {
    const lookups: boolean[] = [];
    const cache = new RoutingCache(60_000, 100, (_cache, hit) => lookups.push(hit));
    const read = gatedRead(route);
    const waiting = Array.from({ length: 5 }, () => cache.route('org', 'env', read.load));
    read.finish();
    expect(await Promise.all(waiting)).toEqual(Array(5).fill(route));
    expect(read.calls).toBe(1);
    expect(lookups).toEqual([false, true, true, true, true]);
    // Kept: the next look-up reads nothing.
    expect(await cache.route('org', 'env', read.load)).toBe(route);
    expect(read.calls).toBe(1);
  });

  it('shares the read of one client among concurrent misses, and keeps each key apart', async () => {
    const cache = new RoutingCache(60_000, 100);
    const first = gatedRead(known);
    const other = gatedRead<KnownClient>({ client: null, deleted: true });
    const waiting = [cache.client('p1', 'c1', first.load), cache.client('p1', 'c1', first.load), cache.client('p1', 'c2', other.load)];
    first.finish();
    other.finish();
    expect(await Promise.all(waiting)).toEqual([known, known, { client: null, deleted: true }]);
    expect([first.calls, other.calls]).toEqual([1, 1]);
  });

  it('does not keep a client read that was under way when the client changed', async () => {
    const cache = new RoutingCache(60_000, 100);
    const before = gatedRead(known);
    const waiting = cache.client('p1', 'c1', before.load);
    // The client is deleted while its row is being read: the read answers who waited on it...
    cache.dropClient('p1', 'c1');
    before.finish();
    expect(await waiting).toBe(known);
    // ...but is not kept, and a look-up after the change reads again, apart from the old read.
    const after = gatedRead<KnownClient>({ client: null, deleted: true });
    const again = cache.client('p1', 'c1', after.load);
    after.finish();
    expect(await again).toEqual({ client: null, deleted: true });
    expect(after.calls).toBe(1);
  });

  it('does not keep routes read while the links changed, nor join that read afterwards', async () => {
    const cache = new RoutingCache(60_000, 100);
    const before = gatedRead(route);
    const waiting = cache.route('org', 'env', before.load);
    cache.dropRoutes();
    const changed: Routing = { defaultProviderId: 'p2', providers: [] };
    const after = gatedRead(changed);
    const later = cache.route('org', 'env', after.load);
    // The read after the change ends first; the older one, ending last, must not replace it.
    after.finish();
    expect(await later).toBe(changed);
    before.finish();
    expect(await waiting).toBe(route);
    expect(await cache.route('org', 'env', gatedRead(route).load)).toBe(changed);
  });

  it('lets a failed read fail everyone who waited on it, and reads again on the next look-up', async () => {
    const cache = new RoutingCache(60_000, 100);
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(new Error('store unavailable'));
    };
    const results = await Promise.allSettled([cache.route('org', 'env', failing), cache.route('org', 'env', failing)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
    const read = gatedRead(route);
    const next = cache.route('org', 'env', read.load);
    read.finish();
    expect(await next).toBe(route);
  });

  it('keeps a client read across a change of routes, which says nothing of clients', async () => {
    const cache = new RoutingCache(60_000, 100);
    const read = gatedRead(known);
    const waiting = cache.client('p1', 'c1', read.load);
    cache.dropRoutes();
    read.finish();
    expect(await waiting).toBe(known);
    expect(await cache.client('p1', 'c1', gatedRead(known).load)).toBe(known);
    expect(read.calls).toBe(1);
  });
});
