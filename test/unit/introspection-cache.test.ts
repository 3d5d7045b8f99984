import { describe, expect, it } from 'vitest';
import { IntrospectionCache, type Introspection } from '../../src/domains/tokens/introspection-cache.js';

const active = (expSeconds?: number, clientId = 'c1'): Introspection => ({ active: true, claims: { client_id: clientId, ...(expSeconds ? { exp: expSeconds } : {}) } });

describe('IntrospectionCache', () => {
  const settings = { maxEntries: 3, maxPositiveTtlMs: 60_000, negativeTtlMs: 5_000 };

  it('keeps a positive answer until the earlier of exp and the maximum, never past exp', async () => {
    const cache = new IntrospectionCache(settings, undefined, () => now);
    let now = 1_000_000_000_000;
    let calls = 0;
    const ask = (result: Introspection) => cache.get('p', 'token', async () => (calls++, result));
    await ask(active(now / 1000 + 10)); // expires in 10 s, before the 60 s maximum
    now += 9_000;
    await ask(active());
    expect(calls).toBe(1);
    now += 1_001;
    await ask(active());
    expect(calls).toBe(2); // past exp: asked again

    const long = new IntrospectionCache(settings, undefined, () => now);
    let longCalls = 0;
    const askLong = () => long.get('p', 't', async () => (longCalls++, active(now / 1000 + 3600)));
    await askLong();
    now += 59_000;
    await askLong();
    now += 2_000;
    await askLong();
    expect(longCalls).toBe(2); // the 60 s maximum bounds a long-lived token
  });

  it('keeps negative answers briefly, bounds its size, and drops by client and provider', async () => {
    const cache = new IntrospectionCache(settings, undefined, () => now);
    let now = 0;
    let calls = 0;
    const ask = (provider: string, token: string, result: Introspection) => cache.get(provider, token, async () => (calls++, result));
    await ask('p', 'bad', { active: false, claims: {} });
    now += 4_000;
    await ask('p', 'bad', { active: false, claims: {} });
    expect(calls).toBe(1);
    now += 1_001;
    await ask('p', 'bad', { active: false, claims: {} });
    expect(calls).toBe(2);

    for (const token of ['a', 'b', 'c', 'd']) await ask('p', token, active(undefined, token === 'a' ? 'x' : 'y'));
    expect(cache.size).toBe(3); // bounded: the oldest ('a', of client x) went

    // Dropping a client drops its answers only, at its provider only.
    const cached = async (provider: string, token: string) => {
      const before = calls;
      await ask(provider, token, active());
      return calls === before;
    };
    await ask('p', 'x1', active(undefined, 'x'));
    await ask('p', 'y1', active(undefined, 'y'));
    await ask('q', 'y2', active(undefined, 'y'));
    cache.dropClient('p', 'y');
    expect(await cached('p', 'x1')).toBe(true);
    expect(await cached('q', 'y2')).toBe(true);
    expect(await cached('p', 'y1')).toBe(false);

    // Dropping a provider drops its answers and no other's.
    cache.dropProvider('q');
    expect(await cached('p', 'x1')).toBe(true);
    expect(await cached('q', 'y2')).toBe(false);
  });

  it('shares one call among concurrent look-ups and shares its failure too', async () => {
    const cache = new IntrospectionCache(settings);
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const results = Array.from({ length: 10 }, () => cache.get('p', 'same', async () => (calls++, await gate, active())));
    release();
    await Promise.all(results);
    expect(calls).toBe(1);

    let failedCalls = 0;
    const failing = Array.from({ length: 3 }, () => cache.get('p', 'down', async () => (failedCalls++, Promise.reject(new Error('IdP down')))));
    for (const attempt of failing) await expect(attempt).rejects.toThrow('IdP down');
    expect(failedCalls).toBe(1);
    expect(cache.size).toBe(1); // only the good answer is kept
  });

  it('does not keep an answer asked for before its client was dropped, while giving it to who waited', async () => {
    const cache = new IntrospectionCache(settings);
    let answer!: (result: Introspection) => void;
    let calls = 0;
    const waiting = cache.get('p', 'token', () => (calls++, new Promise<Introspection>((resolve) => (answer = resolve))));
    // The client is deleted (or its secret rotated) while the IdP is being asked about its token.
    cache.dropClient('p', 'c1');
    // A look-up after the change does not join the call made before it: it asks again.
    const after = cache.get('p', 'token', async () => (calls++, { active: false, claims: {} }));
    answer(active());
    expect((await waiting).active).toBe(true);
    expect((await after).active).toBe(false);
    // The earlier call's answer was not kept; the later one's was.
    await cache.get('p', 'token', async () => (calls++, active()));
    expect(calls).toBe(2);
    expect((await cache.get('p', 'token', async () => active())).active).toBe(false);
  });
});
