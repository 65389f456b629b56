import { isServer, type CSSResultOrNative } from 'lit';
import { STALE_AFTER_MS, takeover } from './hydration.js';

/**
 * `<comment-thread>`'s side of taking over a server's shadow root (Lit hydration, with
 * `comment-thread/hydrate` loaded first): whether this element adopts the server's markup, the
 * server's clock for the render that repeats the server's, and the way back to a fresh render
 * when the markup did not match. Without the hydrate entry, nothing is adopted and the element
 * starts afresh in the server's root. The takeover's own code stays in `takeover.ts`.
 */
export class Adoption {
  /** Taking over a server's shadow root: this render repeats the server's. */
  adopting = false;
  /** The server's clock, for the render that repeats the server's. */
  renderedAt?: number;

  /** Before LitElement makes its render root: adopt the server's root, or empty it to start afresh. */
  claim(element: HTMLElement): void {
    this.adopting = !isServer && takeover()?.keepsServerRoot(element) === true;
    if (!isServer && !this.adopting) element.shadowRoot?.replaceChildren();
  }

  /** Runs an update; when adopting markup that does not match, the root is emptied for a fresh render. */
  update(run: () => void, root: HTMLElement | DocumentFragment, styles: CSSResultOrNative[]): void {
    try {
      run();
    } catch (error) {
      if (!this.adopting) throw error;
      takeover()!.startAfresh(root, styles, error);
    }
  }

  /**
   * After the first update: the server's markup is adopted. Answers undefined when nothing was
   * adopted, else whether the server's relative times are stale (to be rendered again).
   */
  finish(): boolean | undefined {
    if (!this.adopting) return undefined;
    this.adopting = false;
    const stale = Date.now() - (this.renderedAt ?? 0) > STALE_AFTER_MS;
    this.renderedAt = undefined;
    return stale;
  }
}
