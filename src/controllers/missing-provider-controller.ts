import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How long to wait for a provider before saying there is none. */
export const MISSING_PROVIDER_AFTER_MS = 3000;

/**
 * Whether an element has gone without a provider for too long. A provider may come a moment
 * after the first render (a framework sets it, an ancestor upgrades): only after a while does its
 * absence become an error the reader sees, and it stops being one as soon as a provider comes.
 */
export class MissingProviderController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #has: () => boolean;
  #started = false;
  /** No provider came within `MISSING_PROVIDER_AFTER_MS` of the first render (and none since). */
  missing = false;

  constructor(host: ReactiveControllerHost, hasProvider: () => boolean) {
    this.#host = host;
    this.#has = hasProvider;
    host.addController(this);
  }

  hostUpdated(): void {
    if (!this.#started) {
      this.#started = true;
      setTimeout(() => this.#set(!this.#has()), MISSING_PROVIDER_AFTER_MS);
    } else if (this.missing && this.#has()) this.#set(false);
  }

  #set(missing: boolean): void {
    if (missing === this.missing) return;
    this.missing = missing;
    this.#host.requestUpdate();
  }
}
