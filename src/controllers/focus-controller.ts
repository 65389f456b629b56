import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The host a focus controller serves: an element that renders into its own root. */
export interface FocusHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * Focus and announcements of an element whose content changes under the reader: focus moves to
 * what `later` finds once the next update has rendered it; `announce` says something through the
 * element's polite live region (render `announcement` in it); `keepReadingPosition` keeps what
 * the reader looks at in place while content arrives above it.
 */
export class FocusController implements ReactiveController {
  /** What the live region says now. */
  announcement = '';
  readonly #host: FocusHost;
  #find?: () => HTMLElement | null | undefined;

  constructor(host: FocusHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Moves focus, after the next update, to what `find` returns then (nothing if it finds nothing). */
  later(find: () => HTMLElement | null | undefined): void {
    this.#find = find;
    this.#host.requestUpdate();
  }

  /** Says `text` politely; the same words said twice are announced twice. */
  announce(text: string): void {
    // Cleared first, so that the same words are a change the screen reader notices.
    this.announcement = '';
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => {
      this.announcement = text;
      this.#host.requestUpdate();
    });
  }

  hostUpdated(): void {
    const find = this.#find;
    this.#find = undefined;
    find?.()?.focus();
  }

  /**
   * Keeps the first element of `selector` still (partly) on screen where it is while the next
   * update adds content above it. Browsers with scroll anchoring do this already (the correction
   * is then 0); WebKit has none. A reader at the top of the page sees what arrives; one below the
   * element reads nothing in it.
   */
  keepReadingPosition(selector: string): void {
    let anchor: HTMLElement | undefined;
    for (const element of this.#host.renderRoot.querySelectorAll<HTMLElement>(selector)) {
      if (element.getBoundingClientRect().bottom > 0) {
        anchor = element;
        break;
      }
    }
    if (!anchor || window.scrollY === 0 || anchor.getBoundingClientRect().top > window.innerHeight) return;
    const before = anchor.getBoundingClientRect().top;
    void this.#host.updateComplete.then(() => {
      const moved = anchor.getBoundingClientRect().top - before;
      if (Math.abs(moved) > 1) window.scrollBy(0, moved);
    });
  }
}
