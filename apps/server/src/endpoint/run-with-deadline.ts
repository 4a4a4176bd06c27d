/** How a deadline-bound call ended. */
export type DeadlineOutcome<T> =
  | { readonly kind: 'value'; readonly value: T }
  | { readonly kind: 'threw'; readonly error: unknown }
  | { readonly kind: 'timeout' };

/**
 * Runs `work` with an abort signal that fires after `timeoutMs`; never throws. A late result is
 * dropped (and a late rejection swallowed), so a slow handler cannot hold the response. Work that
 * answers synchronously needs no timer. The signal is made only when `work` asks for it (`signal()`):
 * an AbortController is one of the dearer objects of a request, and most handlers never look at it.
 * Asked for after the deadline, it comes already aborted.
 */
export function runWithDeadline<T>(work: (signal: () => AbortSignal) => T | Promise<T>, timeoutMs: number): Promise<DeadlineOutcome<T>> {
  let controller: AbortController | undefined;
  let expired = false;
  const signal = (): AbortSignal => {
    if (controller === undefined) {
      controller = new AbortController();
      if (expired) controller.abort(new Error('deadline exceeded'));
    }
    return controller.signal;
  };
  let result: T | Promise<T>;
  try {
    result = work(signal);
  } catch (error) {
    return Promise.resolve({ kind: 'threw', error });
  }
  if (!isThenable(result)) return Promise.resolve({ kind: 'value', value: result });
  const running = result;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      expired = true;
      controller?.abort(new Error('deadline exceeded'));
      resolve({ kind: 'timeout' });
    }, timeoutMs);
    // A settled promise ignores later resolve calls: whichever comes first wins.
    Promise.resolve(running).then(
      (value) => {
        clearTimeout(timer);
        resolve({ kind: 'value', value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ kind: 'threw', error });
      },
    );
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
