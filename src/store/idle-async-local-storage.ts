import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * An AsyncLocalStorage that switches itself off whenever no `run` of it is in flight: the one the
 * bundle gives MikroORM (scripts/bundle.ts), in place of Node's, for its transaction context and
 * its flushes.
 *
 * On Node 20 an AsyncLocalStorage works through promise hooks, and once one has run they stay on
 * for every promise the process makes, whether it reads a store or not (a cached token check makes
 * dozens of promises). MikroORM runs its storages only around a transaction or a flush; outside
 * one it finds nothing in them (`getStore` answers undefined), switched off or not. So the hooks are
 * on while a write is under way and off between writes.
 *
 * Where AsyncLocalStorage is built on async context frames instead (Node 24), there are no hooks
 * to switch off.
 *
 * A run counts as in flight until the promise its callback returned settles (or at once, for a
 * callback that returns anything else); overlapping runs keep it on until the last of them ends.
 * After `enterWith`, which has no end, it stays on.
 */
export class IdleAsyncLocalStorage<T> extends AsyncLocalStorage<T> {
  #inFlight = 0;
  #entered = false;

  override run<R>(store: T, callback: () => R): R;
  override run<R, A extends unknown[]>(store: T, callback: (...args: A) => R, ...args: A): R;
  override run<R, A extends unknown[]>(store: T, callback: (...args: A) => R, ...args: A): R {
    this.#inFlight++;
    let result: R;
    try {
      result = super.run(store, callback, ...args);
    } catch (error) {
      this.#ended();
      throw error;
    }
    if (!isPromiseLike(result)) {
      this.#ended();
      return result;
    }
    return result.then(
      (value) => {
        this.#ended();
        return value;
      },
      (error: unknown) => {
        this.#ended();
        throw error;
      },
    ) as R;
  }

  override enterWith(store: T): void {
    this.#entered = true;
    super.enterWith(store);
  }

  #ended(): void {
    if (--this.#inFlight === 0 && !this.#entered) this.disable();
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}
