/**
 * One comment of `<comment-moderation>`'s queue: its author, queue, time, thread, the comment it
 * answers, its sanitised body, what only moderators see, and its actions; and the form of a
 * thread's settings; the toolbar above the queue; the queue itself and the messages in its place.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { safeHttpUrl } from '../core/url.js';
import { formatString } from '../locale/localize.js';
import type { ModerationStrings } from '../locale/moderation/index.js';
import type { ModerationItem, ThreadInfo } from '../types.js';
import type { QueueView } from './queue.js';

/** The actions of one comment's buttons. */
export type ItemAction = 'approve' | 'spam' | 'delete';

/** What an item needs from the element. */
export interface ItemContext {
  t: ModerationStrings;
  /** The index of the current (focusable) item. */
  current: number;
  selected: ReadonlySet<string>;
  canModerate: boolean;
  canBan: boolean;
  number: (value: number) => string;
  /** A report's reason as readers chose it (its key: `offTopic`), in words; a site's own reason as sent. */
  reason: (key: string) => string;
  date: (iso: string) => string;
  /** The body as sanitised HTML. */
  body: (item: ModerationItem) => string;
  focus: (index: number) => void;
  toggle: (id: string) => void;
  act: (action: ItemAction, item: ModerationItem) => void;
  ban: (item: ModerationItem) => void;
}

export function renderItem(item: ModerationItem, index: number, context: ItemContext): TemplateResult {
const { t } = context;
  const name = item.author?.name || t.anonymous;
  const details = item.moderation ?? {};
  const thread = details.thread;
  const link = safeHttpUrl(thread?.url);
  const [before, after] = t.onThread.split('{title}');
  const queue = item.queue === 'held' ? t.queueHeld : item.queue === 'spam' ? t.queueSpam : item.queue === 'reported' ? t.queueReported : '';
  const labelId = `item-${index}`;
  return html`<li
    class="item"
    part="item"
    data-index=${index}
    tabindex=${index === context.current ? 0 : -1}
    aria-current=${index === context.current ? 'true' : 'false'}
    aria-labelledby=${labelId}
    @focus=${() => context.focus(index)}
  >
    <input type="checkbox" aria-label=${formatString(t.select, { name })} .checked=${context.selected.has(item.id)} @change=${() => context.toggle(item.id)} />
    <div class="content">
      <div class="meta">
        <span class="author" id=${labelId}>${formatString(t.itemLabel, { name })}</span>
        ${queue ? html`<span class="badge ${item.queue}">${queue}</span>` : nothing}
        <time datetime=${item.createdAt}>${context.date(item.createdAt)}</time>
      </div>
      ${thread
        ? html`<div class="context">
            ${before}${link ? html`<a href=${link}>${thread.title || thread.id}</a>` : (thread.title ?? thread.id)}${after}
          </div>`
        : nothing}
      ${details.inReplyTo
        ? html`<div class="context">${formatString(t.inReplyTo, { name: details.inReplyTo.authorName || t.anonymous })} ${formatString(t.excerpt, { text: details.inReplyTo.excerpt })}</div>`
        : nothing}
      <div class="body" part="body" dir="auto">${unsafeHTML(context.body(item))}</div>
      ${renderDetails(item, context)}
      <div class="actions" part="actions">
        ${context.canModerate
          ? html`<button class="button primary" type="button" aria-label=${formatString(t.approveLabel, { name })} @click=${() => context.act('approve', item)}>${t.approve}</button>
              ${item.queue === 'spam'
                ? nothing
                : html`<button class="button danger" type="button" aria-label=${formatString(t.spamLabel, { name })} @click=${() => context.act('spam', item)}>${t.spam}</button>`}
              <button class="button danger" type="button" aria-label=${formatString(t.deleteLabel, { name })} @click=${() => context.act('delete', item)}>${t.delete}</button>`
          : nothing}
        ${context.canBan
          ? html`<button class="button" type="button" aria-label=${formatString(t.banLabel, { name })} @click=${() => context.ban(item)}>${t.ban}</button>`
          : nothing}
      </div>
    </div>
  </li>`;
}

function renderDetails(item: ModerationItem, { t, number, reason }: ItemContext): TemplateResult | typeof nothing {
  const details = item.moderation ?? {};
  const rows: [string, unknown][] = [];
  if (details.email) rows.push([t.email, details.email]);
  if (details.address) rows.push([t.address, details.address]);
  if (details.identity) rows.push([t.identity, details.identity]);
  if (details.reports?.length) {
    rows.push([
      t.reports,
      details.reports.map((entry) => formatString(t.reportCount, { reason: reason(entry.reason), count: number(entry.count) })).join(', '),
    ]);
  }
  if (!rows.length) return nothing;
  return html`<dl class="details" part="details">${rows.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;
}

/** The thread's settings: closed, sign-in required, edit window (in minutes). */
export function renderSettings(t: ModerationStrings, info: ThreadInfo, busy: boolean, save: (event: SubmitEvent) => void): TemplateResult {
  return html`<form class="settings" part="settings" aria-labelledby="settings-title" @submit=${save}>
    <h3 id="settings-title">${t.settingsTitle}</h3>
    <label><input type="checkbox" name="closed" .checked=${!!info.closed} /> ${t.settingClosed}</label>
    <label><input type="checkbox" name="requiresSignIn" .checked=${!!info.requiresSignIn} /> ${t.settingSignIn}</label>
    <label
      >${t.settingEditWindow}
      <input type="number" name="editWindow" min="0" step="1" .value=${info.editWindow === undefined ? '' : String(Math.round(info.editWindow / 60))}
    /></label>
    <button class="button" type="submit" aria-disabled=${busy ? 'true' : 'false'}>${t.saveSettings}</button>
  </form>`;
}

/** What the toolbar shows and does. */
export interface ToolbarState {
  view: QueueView;
  /** Items selected. */
  count: number;
  /** Items shown. */
  total: number;
  canModerate: boolean;
  number: (value: number) => string;
  setView: (view: QueueView) => void;
  toggleAll: () => void;
  act: (action: ItemAction) => void;
}

/** The view switch, Select all, and the actions on the selection. */
export function renderToolbar(t: ModerationStrings, state: ToolbarState): TemplateResult {
  const { count, view } = state;
  return html`<div class="toolbar" part="toolbar">
    <label
      >${t.filterLabel}
      <select
        .value=${view}
        @change=${(event: Event) => state.setView((event.target as HTMLSelectElement).value as QueueView)}
      >
        <option value="review" ?selected=${view === 'review'}>${t.filterReview}</option>
        <option value="spam" ?selected=${view === 'spam'}>${t.filterSpam}</option>
      </select></label
    >
    ${state.total
      ? html`<label
            ><input
              type="checkbox"
              .checked=${count > 0 && count === state.total}
              .indeterminate=${count > 0 && count < state.total}
              @change=${() => state.toggleAll()}
            />
            ${t.selectAll}</label
          >
          <span>${formatString(t.selectedCount, { count: state.number(count) })}</span>`
      : nothing}
    ${count && state.canModerate
      ? html`<button class="button primary" type="button" @click=${() => state.act('approve')}>${t.approveSelected}</button>
          ${view === 'spam'
            ? nothing
            : html`<button class="button danger" type="button" @click=${() => state.act('spam')}>${t.spamSelected}</button>`}
          <button class="button danger" type="button" @click=${() => state.act('delete')}>${t.deleteSelected}</button>`
      : nothing}
  </div>`;
}

/** Where the element's queue is: no provider, loading, not a moderator, failed, or shown. */
export type QueueStatus = 'idle' | 'loading' | 'ready' | 'error' | 'forbidden';

/** The message in place of the queue while it is not `ready`; `retry` loads it again after a failure. */
export function renderStatus(status: Exclude<QueueStatus, 'ready'>, t: ModerationStrings, failure: string, retry: () => void): TemplateResult {
  switch (status) {
    case 'idle':
      return html`<p part="status">${t.noProvider}</p>`;
    case 'loading':
      return html`<p part="status" role="status">${t.loading}</p>`;
    case 'forbidden':
      return html`<p part="status">${t.forbidden}</p>`;
    case 'error':
      return html`<div part="status" role="alert">
        <p>${t.loadFailed} ${failure}</p>
        <button class="button" type="button" @click=${retry}>${t.retry}</button>
      </div>`;
  }
}

/** What the shown queue needs from the element, beyond the toolbar's state. */
export interface QueueState extends ToolbarState {
  items: readonly ModerationItem[];
  /** There is a further page. */
  more: boolean;
  busy: boolean;
  loadMore: () => void;
  item: ItemContext;
}

/** The toolbar, the queue's items (or that it is empty) and Load more. */
export function renderQueue(t: ModerationStrings, state: QueueState): TemplateResult {
  return html`${renderToolbar(t, state)}
    ${state.items.length
      ? html`<ul class="list" part="list" aria-label=${t.queueLabel}>
          ${state.items.map((item, index) => renderItem(item, index, state.item))}
        </ul>`
      : html`<p part="status">${state.view === 'spam' ? t.emptySpam : t.empty}</p>`}
    ${state.more
      ? html`<button class="button" type="button" aria-disabled=${state.busy ? 'true' : 'false'} @click=${state.loadMore}>${t.loadMore}</button>`
      : nothing}`;
}
