import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What was just done, and how to undo it. */
export interface Undo {
  message: string;
  run: () => Promise<void>;
}

/**
 * The one Undo `<comment-moderation>` offers at a time: offered after an action, withdrawn when
 * the next is offered, taken, or after `timeout()` milliseconds. The host renders `current`.
 */
export class UndoController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #timeout: () => number;
  #timer?: ReturnType<typeof setTimeout>;
  /** The Undo on offer, if any. */
  current: Undo | null = null;

  constructor(host: ReactiveControllerHost, timeout: () => number) {
    this.#host = host;
    this.#timeout = timeout;
    host.addController(this);
  }

  /** Offers `run` as the Undo of what `message` says, in place of any earlier one. */
  offer(message: string, run: () => Promise<void>): void {
    clearTimeout(this.#timer);
    this.#set({ message, run });
    this.#timer = setTimeout(() => this.#set(null), this.#timeout());
  }

  /** The Undo on offer (withdrawn, so it runs once), or null. */
  take(): Undo | null {
    const undo = this.current;
    if (!undo) return null;
    clearTimeout(this.#timer);
    this.#set(null);
    return undo;
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
  }

  #set(undo: Undo | null): void {
    this.current = undo;
    this.#host.requestUpdate();
  }
}
