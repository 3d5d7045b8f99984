import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { IdleAsyncLocalStorage } from '../../src/store/idle-async-local-storage.js';

/** Whether the storage is switched on (Node's own field: while any storage is, promise hooks run for every promise). */
const isOn = (storage: IdleAsyncLocalStorage<unknown>) => (storage as unknown as { enabled?: boolean }).enabled;
/** From Node 24 storages are built on async context frames, with no such state: only what the stores hold is checked there. */
const hookBased = Number(process.versions.node.split('.')[0]) < 24;
const expectOn = (storage: IdleAsyncLocalStorage<unknown>, on: boolean) => {
  if (hookBased) expect(isOn(storage)).toBe(on);
};

describe('IdleAsyncLocalStorage', () => {
  it('keeps the store across awaits inside a run, and is off once the run has ended', async () => {
    const storage = new IdleAsyncLocalStorage<string>();
    expectOn(storage, false);
    const seen = await storage.run('a', async () => {
      const before = storage.getStore();
      await tick();
      expectOn(storage, true);
      return [before, storage.getStore()];
    });
    expect(seen).toEqual(['a', 'a']);
    expect(storage.getStore()).toBeUndefined();
    expectOn(storage, false);
  });

  it('stays on while an overlapping run is still in flight, each run seeing its own store', async () => {
    const storage = new IdleAsyncLocalStorage<string>();
    let endFirst!: () => void;
    const firstMayEnd = new Promise<void>((resolve) => (endFirst = resolve));
    const secondSaw: (string | undefined)[] = [];
    let releaseSecond!: () => void;
    const secondMayEnd = new Promise<void>((resolve) => (releaseSecond = resolve));

    const first = storage.run('first', async () => {
      await firstMayEnd;
      return storage.getStore();
    });
    const second = storage.run('second', async () => {
      secondSaw.push(storage.getStore());
      await secondMayEnd;
      secondSaw.push(storage.getStore());
      await tick();
      secondSaw.push(storage.getStore());
    });

    endFirst();
    expect(await first).toBe('first');
    // The first run has ended; the second is still waiting, and must still find its store.
    expectOn(storage, true);
    releaseSecond();
    await second;
    expect(secondSaw).toEqual(['second', 'second', 'second']);
    expectOn(storage, false);
  });

  it('is switched on again by a later run', async () => {
    const storage = new IdleAsyncLocalStorage<number>();
    for (const store of [1, 2, 3]) {
      const seen = await storage.run(store, async () => {
        await tick();
        return storage.getStore();
      });
      expect(seen).toBe(store);
      expectOn(storage, false);
    }
  });

  it('passes on what the callback returns or throws, synchronously or not, and ends the run either way', async () => {
    const storage = new IdleAsyncLocalStorage<string>();
    expect(storage.run('s', (a: number, b: number) => `${storage.getStore()}:${a + b}`, 1, 2)).toBe('s:3');
    expectOn(storage, false);

    expect(() =>
      storage.run('s', () => {
        throw new Error('synchronous');
      }),
    ).toThrow('synchronous');
    expectOn(storage, false);

    await expect(
      storage.run('s', async () => {
        await tick();
        throw new Error('rejected');
      }),
    ).rejects.toThrow('rejected');
    expectOn(storage, false);
  });

  it('runs nested in itself with the inner store, and the outer one after', async () => {
    const storage = new IdleAsyncLocalStorage<string>();
    const seen = await storage.run('outer', async () => {
      const inner = await storage.run('inner', async () => {
        await tick();
        return storage.getStore();
      });
      await tick();
      return [inner, storage.getStore()];
    });
    expect(seen).toEqual(['inner', 'outer']);
    expectOn(storage, false);
  });

  it('stays on after enterWith, which has no end', async () => {
    const storage = new IdleAsyncLocalStorage<string>();
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        storage.enterWith('entered');
        resolve();
      }),
    );
    await storage.run('a', async () => tick());
    expectOn(storage, true);
    storage.disable();
  });
});
