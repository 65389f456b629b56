import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { ProviderPropertiesMixin, StringsPropertyMixin } from '../mixins/shared-properties.js';
import { callWithTimeout } from '../core/call.js';
import { LocalizeController } from '../controllers/localize-controller.js';
import { ProviderController } from '../controllers/provider-controller.js';

/**
 * @summary "5 thoughts": a thread's comment count for index pages, without the thread's code.
 *
 * @csspart count - The count text.
 *
 * @cssprop --comment-thread-font - Font of the element; inherits the page's by default.
 * @cssprop --comment-thread-color - Text colour; inherits the page's by default.
 */
export class CommentCount extends StringsPropertyMixin(ProviderPropertiesMixin(LitElement)) {
  static override styles = css`
    :host {
      display: inline;
      font: var(--comment-thread-font, inherit);
      color: var(--comment-thread-color, inherit);
    }
  `;

  /** @internal Declared here rather than with decorators: the first load then carries no decorator helper. */
  static override properties = { threadId: { attribute: 'thread-id' }, count: { attribute: false } };

  /** The thread to count. */
  threadId = '';

  /** The count, once known (`undefined` while loading or after a failure). */
  count?: number;

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
