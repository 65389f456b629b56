import { ProviderError } from '../errors.js';

/**
 * Resolves after `ms` (at once for 0 or less, never for Infinity), or rejects `aborted` as soon
 * as the signal fires (at once when it already has).
 */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new ProviderError('aborted', 'Cancelled while waiting.'));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(new ProviderError('aborted', 'Cancelled while waiting.'));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
