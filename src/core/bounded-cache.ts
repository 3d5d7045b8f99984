import { LRUCache } from 'lru-cache';

/**
 * An LRU cache of at most `entries` entries whose storage grows with what it holds. Given `max`,
 * lru-cache allocates its arrays for that many entries when the cache is made: the token caches
 * (TOKEN_CACHE_MAX_ENTRIES, 100,000 by default) took 16–21 ms of start and 7.6 MB of memory
 * (5.1 MB of heap, 2.5 MB of typed arrays) before a token was seen. Bounded by size instead, each
 * entry counting 1, their storage grows with what is put in them (up to the bound, and is not
 * given back); which entry goes first is the same.
 */
export function boundedCache<K extends {}, V extends {}>(entries: number, options: Pick<LRUCache.Options<K, V, unknown>, 'ttl' | 'ttlResolution' | 'perf'> = {}): LRUCache<K, V> {
  return new LRUCache<K, V>({ maxSize: entries, sizeCalculation: () => 1, ...options });
}
