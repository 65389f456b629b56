import { html, nothing, type TemplateResult } from 'lit';
import { errorText, type CommentStrings as Strings } from '../locale/localize.js';
import type { ProviderErrorLike, ThreadOrder } from '../types.js';

/* The thread's own pieces around the comments, as pure render functions. */

/** The oldest / newest (/ top) switch. */
export function renderOrderSwitch(s: Strings, order: ThreadOrder, canReact: boolean, onChange: (event: Event) => void): TemplateResult {
  return html`<label class="order">
              ${s.orderLabel}
              <select part="order" @change=${onChange} .value=${order}>
                <option value="oldest" ?selected=${order !== 'newest'}>${s.orderOldest}</option>
                <option value="newest" ?selected=${order === 'newest'}>${s.orderNewest}</option>
                ${canReact ? html`<option value="top" ?selected=${order === 'top'}>${s.orderTop}</option>` : nothing}
              </select>
            </label>`;
}

/** No provider, loading (a skeleton), or the first page failed (with Retry); nothing once loaded. */
export function renderLoadState(
  s: Strings,
  state: { noProvider: boolean; loading: boolean; error?: ProviderErrorLike; retry: () => void },
): TemplateResult | typeof nothing {
  if (state.noProvider) {
    return html`<div class="state" part="error" role="alert">
        <p><strong>${s.loadFailed}</strong></p>
        <p>${s.noProvider}</p>
      </div>`;
  }
  if (state.loading) {
    return html`<div class="state" part="loading">
        <span class="visually-hidden">${s.loading}</span>
        ${[0, 1, 2].map(
          () => html`<div class="skeleton" aria-hidden="true">
            <span class="circle"></span>
            <div><span style="inline-size: 30%"></span><span></span><span style="inline-size: 70%"></span></div>
          </div>`,
        )}
      </div>`;
  }
  if (state.error) {
    return html`<div class="state" part="error" role="alert">
        <p><strong>${s.loadFailed}</strong></p>
        <p>${errorText(s, state.error.code ?? 'unknown', state.error.retryAfter)}</p>
        <button type="button" class="button" part="retry" @click=${state.retry}>${s.retry}</button>
      </div>`;
  }
  return nothing;
}

/**
 * Where the form will be until its code has come: its heading and a text box of its size, so
 * nothing shifts, and what is typed there is not lost (the thread hands it to the form).
 */
export function renderFormStandIn(title: string, needForm: () => void, disabled = false): TemplateResult {
  return html`<div class="form-placeholder" part="form-placeholder" @focusin=${needForm} @pointerdown=${needForm}
      ><h3>${title}</h3><textarea aria-label=${title} rows="5" ?disabled=${disabled}></textarea></div>`;
}

/** After the comments: "Load more comments" while there are more, and a later page's failure with Retry. */
export function renderMore(
  s: Strings,
  state: { more: boolean; loadingMore: boolean; loadMore: () => void; error?: ProviderErrorLike; retry: () => void },
): TemplateResult {
  return html`${state.more
    ? html`<div class="more">
        <button type="button" class="button" part="load-more" ?disabled=${state.loadingMore} @click=${state.loadMore}>
          ${state.loadingMore ? s.loadingMore : s.loadMore}
        </button>
      </div>`
    : nothing}${state.error
    ? html`<div class="state" part="error" role="alert">
        <p>${s.loadFailed}. ${errorText(s, state.error.code ?? 'unknown', state.error.retryAfter)}</p>
        <button type="button" class="button" part="retry" @click=${state.retry}>${s.retry}</button>
      </div>`
    : nothing}`;
}
