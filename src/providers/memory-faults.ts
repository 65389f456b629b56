import { ProviderError } from '../errors.js';
import type { ProviderErrorCode } from '../types.js';
import { delay } from '../core/delay.js';

/** The provider methods that fault injection can target. */
export type FaultTarget =
  | 'listComments'
  | 'postComment'
  | 'signIn'
  | 'identityOptions'
  | 'threadInfo'
  | 'updateComment'
  | 'deleteComment'
  | 'react'
  | 'report'
  | 'isModerator'
  | 'listModerationQueue'
  | 'moderateComment'
  | 'banAuthor'
  | 'unbanAuthor'
  | 'updateThreadSettings';

/** What a failing fault adds to its error. */
export type FaultExtra = { fieldErrors?: ProviderError['fieldErrors']; retryAfter?: number };

interface Fault {
  target: FaultTarget | '*';
  kind: 'fail' | 'hang';
  code: ProviderErrorCode;
  remaining: number;
  extra?: FaultExtra;
}

/**
 * The fault injection of `InMemoryProvider`: the next N calls to a method (or to any) fail with
 * a code, or never answer until their signal aborts.
 */
export class FaultPlan {
  #faults: Fault[] = [];

  /** The next `times` calls to `target` (or any, `*`) reject with `code`. */
  fail(target: FaultTarget | '*', times: number, code: ProviderErrorCode, extra?: FaultExtra): void {
    this.#faults.push({ target, kind: 'fail', code, remaining: times, ...(extra ? { extra } : {}) });
  }

  /** The next `times` calls to `target` never answer (until their signal aborts). */
  hang(target: FaultTarget | '*', times: number): void {
    this.#faults.push({ target, kind: 'hang', code: 'timeout', remaining: times });
  }

  /**
   * Waits `latency`, then applies the fault due for `method`, if any: rejects with its code, or
   * waits until the signal aborts.
   */
  async enter(method: string, latency: number, signal?: AbortSignal): Promise<void> {
    const fault = this.#faults.find((candidate) => candidate.target === method || candidate.target === '*');
    if (fault && --fault.remaining <= 0) this.#faults.splice(this.#faults.indexOf(fault), 1);
    await delay(latency, signal);
    if (!fault) return;
    if (fault.kind === 'hang') {
      await delay(Number.POSITIVE_INFINITY, signal);
      return;
    }
    throw new ProviderError(fault.code, `Injected ${fault.code} fault in ${method}.`, fault.extra ?? {});
  }
}
