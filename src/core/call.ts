import { ProviderError } from '../errors.js';

/** The default time an element waits for any provider call before it gives up. */
export const DEFAULT_TIMEOUT_MS = 15_000;

export interface CallOptions {
  /** Milliseconds before the call is aborted with a `timeout` error. */
  timeout?: number;
  /** Aborts the call from outside (a newer load, a Cancel button, a disconnect). */
  signal?: AbortSignal;
}

/**
 * Runs one provider call with an `AbortSignal` that fires after `timeout` or
 * when `signal` does. The element does not trust the provider to honour the
 * signal: the returned promise settles on abort even if the provider never
 * answers, so a hanging backend becomes an error the reader can retry.
 */
export function callWithTimeout<T>(
  run: (signal: AbortSignal) => Promise<T>,
  { timeout = DEFAULT_TIMEOUT_MS, signal }: CallOptions = {},
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const aborted = new Promise<never>((_, reject) => {
    const onAbort = () => reject(controller.signal.reason);
    controller.signal.addEventListener('abort', onAbort, { once: true });
  });
  // Keep the race from reporting an unhandled rejection when the call wins.
  aborted.catch(() => {});

  const forward = () => controller.abort(new ProviderError('aborted', 'The call was cancelled.'));
  if (signal?.aborted) forward();
  else signal?.addEventListener('abort', forward, { once: true });

  if (Number.isFinite(timeout) && timeout > 0) {
    timer = setTimeout(
      () => controller.abort(new ProviderError('timeout', `No answer within ${timeout} ms.`)),
      timeout,
    );
  }

  let call: Promise<T>;
  try {
    call = Promise.resolve(run(controller.signal));
  } catch (error) {
    call = Promise.reject(error);
  }

  return Promise.race([call, aborted]).finally(() => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forward);
  });
}
