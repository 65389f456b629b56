import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { DEFAULT_TIMEOUT_MS, callWithTimeout } from '../core/call.js';
import { LocalizeController } from '../controllers/localize-controller.js';
import { ProviderController } from '../controllers/provider-controller.js';
import type { StringOverrides } from '../locale/localize.js';
import type { CommentDataProvider } from '../types.js';

/**
 * @summary "5 thoughts": a thread's comment count for index pages, without the thread's code.
 *
 * @csspart count - The count text.
 *
 * @cssprop --comment-thread-font - Font of the element; inherits the page's by default.
 * @cssprop --comment-thread-color - Text colour; inherits the page's by default.
 */
export class CommentCount extends LitElement {
  static override styles = css`
    :host {
      display: inline;
      font: var(--comment-thread-font, inherit);
      color: var(--comment-thread-color, inherit);
    }
  `;

  /** The data provider. Wins over the `provider` attribute and over an ancestor's provider. */
  @property({ attribute: false }) provider?: CommentDataProvider;

  /** The name of a registered provider factory (`memory`, `rest`, `wordpress`, or your own). */
  @property({ attribute: 'provider' }) providerName?: string;

  /** The endpoint handed to the named provider factory. */
  @property() endpoint?: string;

  /** The thread to count. */
  @property({ attribute: 'thread-id' }) threadId = '';

  /** Overrides for the element's strings (`commentCount`). */
  @property({ attribute: false }) strings?: StringOverrides | null;

  /** Milliseconds before the provider call counts as failed. */
  @property({ type: Number }) timeout = DEFAULT_TIMEOUT_MS;

  /** The count, once known (`undefined` while loading or after a failure). */
  @state() count?: number;

  readonly #provider = new ProviderController(this);
  readonly #l10n = new LocalizeController(this);
  #generation = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.#provider.changed() || changed.has('threadId')) void this.#load();
  }

  async #load(): Promise<void> {
    const provider = this.#provider.value;
    const generation = ++this.#generation;
    this.count = undefined;
    if (!provider || !this.threadId) return;
    try {
      const page = await callWithTimeout(
        (signal) => provider.listComments(this.threadId, { limit: 1, signal }),
        { timeout: this.timeout },
      );
      if (generation !== this.#generation) return;
      const total = page?.total;
      // Without a total, one page with no further cursor still tells the count.
      if (typeof total === 'number' && Number.isFinite(total)) this.count = total;
      else if (Array.isArray(page?.comments) && !page.nextCursor) this.count = page.comments.length;
    } catch {
      // No count is better than a wrong one: the element stays empty.
    }
  }

  protected override render() {
    if (this.count === undefined) return nothing;
    return html`<span part="count">${this.#l10n.plural(this.#l10n.strings.commentCount, this.count)}</span>`;
  }
}
