/** How a deadline-bound call ended. */
export type DeadlineOutcome<T> =
  | { readonly kind: 'value'; readonly value: T }
  | { readonly kind: 'threw'; readonly error: unknown }
  | { readonly kind: 'timeout' };

/**
 * Runs `work` with an abort signal that fires after `timeoutMs`; never throws. A late result is
 * dropped (and a late rejection swallowed), so a slow handler cannot hold the response.
 */
export async function runWithDeadline<T>(work: (signal: AbortSignal) => T | Promise<T>, timeoutMs: number): Promise<DeadlineOutcome<T>> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DeadlineOutcome<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('deadline exceeded'));
      resolve({ kind: 'timeout' });
    }, timeoutMs);
  });
  let running: Promise<DeadlineOutcome<T>>;
  try {
    running = Promise.resolve(work(controller.signal)).then(
      (value): DeadlineOutcome<T> => ({ kind: 'value', value }),
      (error: unknown): DeadlineOutcome<T> => ({ kind: 'threw', error }),
    );
  } catch (error) {
    clearTimeout(timer);
    return { kind: 'threw', error };
  }
  const outcome = await Promise.race([running, timeout]);
  clearTimeout(timer);
  return outcome;
}
