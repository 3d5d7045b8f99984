import { describe, expect, it } from 'vitest';
import { sharedUntilRejected } from '../../src/core/shared-until-rejected.js';

describe('sharedUntilRejected', () => {
  it('starts the work once for every caller while it is pending and after it has resolved', async () => {
    let started = 0;
    let finish!: (value: string) => void;
    const get = sharedUntilRejected(() => {
      started++;
      return new Promise<string>((resolve) => (finish = resolve));
    });
    const [first, second] = [get(), get()];
    await Promise.resolve();
    finish('app');
    expect(await Promise.all([first, second, get()])).toEqual(['app', 'app', 'app']);
    expect(started).toBe(1);
  });

  it('does not keep a failure: the next call starts the work again', async () => {
    const outcomes = [new Error('chunk missing'), new Error('thrown while building'), 'app'];
    let started = 0;
    const get = sharedUntilRejected(async () => {
      const outcome = outcomes[started++]!;
      if (outcome instanceof Error) throw outcome;
      return outcome;
    });
    await expect(get()).rejects.toThrow('chunk missing');
    await expect(get()).rejects.toThrow('thrown while building');
    expect(await get()).toBe('app');
    expect(await get()).toBe('app');
    expect(started).toBe(3);
  });

  it('turns a synchronous throw into a rejection that is not kept either', async () => {
    let started = 0;
    const get = sharedUntilRejected((): Promise<number> => {
      if (started++ === 0) throw new Error('at once');
      return Promise.resolve(started);
    });
    await expect(get()).rejects.toThrow('at once');
    expect(await get()).toBe(2);
  });
});
