/**
 * One promise for every caller: the first call starts `make`, later calls get the same promise while
 * it is pending or once it has resolved. A rejected one is not kept: the call after it starts `make`
 * again (a failed load is tried again on the next need, not remembered for the life of the process).
 */
export function sharedUntilRejected<T>(make: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | undefined;
  return () => {
    if (kept) return kept;
    const attempt = Promise.resolve().then(make);
    kept = attempt;
    attempt.catch(() => {
      if (kept === attempt) kept = undefined;
    });
    return attempt;
  };
}
