/**
 * Reads under way (of the store, or calls to an IdP), by key, for the token caches: a look-up that
 * finds one joins it rather than making its own, so an entry expiring under load costs one read,
 * not one per waiting request. A read under way when a change drops entries answers those who
 * waited on it but is not kept, and later look-ups do not join it: what it read before the change
 * is not served after it.
 */
export class SharedReads<V> {
  private readonly underWay = new Map<string, Promise<V>>();
  private drops = 0;

  /** The read under way for `key`, if any. */
  pending(key: string): Promise<V> | undefined {
    return this.underWay.get(key);
  }

  /** A read for `key`, shared until it ends; `keep` is given its value unless a drop came meanwhile. */
  start(key: string, load: () => Promise<V>, keep: (value: V) => void): Promise<V> {
    const drops = this.drops;
    const read = load()
      .then((value) => {
        if (drops === this.drops) keep(value);
        return value;
      })
      .finally(() => {
        if (this.underWay.get(key) === read) this.underWay.delete(key);
      });
    this.underWay.set(key, read);
    return read;
  }

  /** Something changed: no read under way is kept; of `key`'s (of every key's, without one), none is joined either. */
  drop(key?: string): void {
    this.drops++;
    if (key === undefined) this.underWay.clear();
    else this.underWay.delete(key);
  }
}
