import type { Logger } from 'pino';

/**
 * A background pass run every interval (0: never), one pass at a time on this replica. Passes
 * claim their rows with compare-and-set, so replicas running the same task never do one item twice.
 */
export abstract class Periodic<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T>;
  private busy = false;
  private halted = false;

  constructor(
    private readonly what: string,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  /** One pass; `stopped()` turns true once stop() was called, to end after the current item. */
  protected abstract pass(stopped: () => boolean): Promise<T>;

  /** Starts the timer (none for an interval of 0); with `now`, the first pass runs at once, in the background. */
  start(now = false): void {
    this.halted = false;
    const tick = () => {
      if (this.busy) return;
      this.busy = true;
      void this.runOnce()
        .catch((err) => this.logger.error({ err }, `${this.what} failed`))
        .finally(() => (this.busy = false));
    };
    if (now) tick();
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and lets a pass in progress end after the item it is on (its claims expire for the others). */
  async stop(): Promise<void> {
    this.halted = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass now (tests, and the pass at start). */
  runOnce(): Promise<T> {
    this.running = this.pass(() => this.halted);
    return this.running;
  }
}
