import { describe, expect, it } from 'vitest';
import { boundedCache } from '../../src/core/bounded-cache.js';

describe('boundedCache', () => {
  it('holds at most its number of entries, the least recently used going first', () => {
    const cache = boundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // b is now the least recently used
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([1, undefined, 3, 2]);
  });

  it('counts every entry as one, however large its value', () => {
    const cache = boundedCache<string, string>(3);
    for (const key of ['a', 'b', 'c']) cache.set(key, 'x'.repeat(10_000));
    expect(cache.size).toBe(3);
    cache.set('d', '');
    expect(cache.has('a')).toBe(false);
    expect(cache.size).toBe(3);
  });

  it('keeps its bound at 100,000 entries, the size lru-cache would otherwise allocate up front', () => {
    const cache = boundedCache<number, number>(100_000);
    for (let i = 0; i < 100_010; i++) cache.set(i, i);
    expect(cache.size).toBe(100_000);
    expect(cache.get(9)).toBeUndefined();
    expect(cache.get(10)).toBe(10);
  });

  it('drops an entry once its ttl has passed on the clock it is given', () => {
    let now = 1_000;
    const cache = boundedCache<string, number>(10, { ttl: 5_000, ttlResolution: 0, perf: { now: () => now } });
    cache.set('a', 1);
    now += 4_999;
    expect(cache.get('a')).toBe(1);
    now += 2;
    expect(cache.get('a')).toBeUndefined();
  });

  it('allocates nothing for its bound up front: it is bounded by size, not by lru-cache\'s preallocating count', () => {
    const cache = boundedCache<string, number>(100_000);
    expect([cache.max, cache.maxSize]).toEqual([0, 100_000]);
  });
});
