import { html, nothing, type TemplateResult } from 'lit';
import type { CommentRecord } from '../types.js';
import type { CommentEnv } from './comment-env.js';
import { oneOrAll } from './pieces.js';

/*
 * What a reader can do to a comment besides replying — edit or delete their own, react, report,
 * collapse a subthread — as pure render functions of the comment, its view state and the
 * thread's environment. Each control shows only when the provider implements its member.
 */

/** May the reader edit this comment now (their own, provider can, within the edit window)? */
export function canEdit(record: CommentRecord, env: CommentEnv): boolean {
  if (!record.viewerIsAuthor || record.status === 'deleted' || !env.provider?.updateComment) return false;
  const window = env.info.editWindow;
  return window === undefined || env.now - Date.parse(record.createdAt) <= window * 1000;
}

/** May the reader delete this comment (their own, provider can, the thread lets authors delete)? */
export function canDelete(record: CommentRecord, env: CommentEnv): boolean {
  if (env.info.deleteOwn === false) return false;
  return Boolean(record.viewerIsAuthor && record.status !== 'deleted' && env.provider?.deleteComment);
}

/** The reactions row: one toggle button per reaction the thread allows. */
export function renderReactions(record: CommentRecord, env: CommentEnv): TemplateResult | typeof nothing {
  if (!env.provider?.react || record.status === 'deleted' || record.status === 'pending') return nothing;
  const allowed = env.info.reactions ?? ['like'];
  return html`<div class="reactions" part="reactions" role="group" aria-label=${env.l10n.strings.reactionsLabel}>${oneOrAll(
    allowed.map((reaction) => reactionButton(record, reaction, env)),
  )}</div>`;
}

/** A reaction toggle: its name and count in the label; "like" draws its icon in CSS. */
function reactionButton(record: CommentRecord, reaction: string, env: CommentEnv): TemplateResult {
  const l10n = env.l10n;
  const s = l10n.strings;
  const state = record.reactions?.[reaction];
  const count = state?.count ?? 0;
  const like = reaction === 'like';
  const shown = count > 0 ? l10n.number(count) : nothing;
  return html`<button
      type="button"
      class=${like ? 'reaction like' : 'reaction'}
      part="reaction"
      aria-pressed=${state?.mine ? 'true' : 'false'}
      aria-label=${l10n.plural(s.reactionLabel, count, { reaction: like ? s.reactionLike : reaction })}
      @click=${() => env.on.react(record, reaction)}
    >${like ? shown : html`<span aria-hidden="true">${reaction}</span>${shown}`}</button>`;
}

/** Edit, Delete, Report and the collapse toggle. */
export function renderControls(record: CommentRecord, replies: number, env: CommentEnv): unknown {
  const l10n = env.l10n;
  const s = l10n.strings;
  const view = env.view(record.id);
  const name = record.author.name || s.anonymous;
  const canReport = Boolean(env.provider?.report) && !record.viewerIsAuthor && record.status !== 'deleted';
  const controls = [
    canEdit(record, env)
      ? html`<button type="button" class="link-button" part="edit-button" data-action="edit" aria-label=${s.editLabel} @click=${() =>
          env.on.edit(record)}>${s.edit}</button>`
      : nothing,
    canDelete(record, env)
      ? html`<button
            type="button"
            class="link-button"
            part="delete-button"
            data-action="delete"
            aria-label=${s.deleteLabel}
            aria-expanded=${view.confirmingDelete ? 'true' : 'false'}
            @click=${() => env.on.askDelete(record)}
          >${s.delete}</button>`
      : nothing,
    canReport && !view.reported
      ? html`<button
            type="button"
            class="link-button"
            part="report-button"
            data-action="report"
            aria-label=${l10n.t('reportLabel', { name })}
            aria-expanded=${view.reporting ? 'true' : 'false'}
            @click=${() => env.on.askReport(record)}
          >${s.report}</button>`
      : nothing,
    view.reported ? html`<span part="reported" class="note" data-action="reported" tabindex="-1">${s.reported}</span>` : nothing,
    replies
      ? html`<button
            type="button"
            class="link-button"
            part="collapse-button"
            aria-expanded=${view.collapsed ? 'false' : 'true'}
            @click=${() => env.on.toggleCollapsed(record.id)}
          >${view.collapsed ? l10n.plural(s.expandReplies, replies) : s.collapseReplies}</button>`
      : nothing,
  ];
  // Mostly one piece (Report, or the reader's Edit): no list markers around it then.
  return oneOrAll(controls);
}
