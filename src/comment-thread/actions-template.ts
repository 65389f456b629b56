import type { CommentRecord } from '../types.js';
import type { CommentEnv } from './comment-env.js';
import { h, type El } from './nodes.js';

/*
 * What a reader can do to a comment besides replying — edit or delete their own, react, report,
 * collapse a subthread — described (./nodes.ts) by pure functions of the comment, its view state
 * and the thread's environment. Each control shows only when the provider implements its member.
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
export function renderReactions(record: CommentRecord, env: CommentEnv): El | null {
  if (!env.provider?.react || record.status === 'deleted' || record.status === 'pending') return null;
  const allowed = env.info.reactions ?? ['like'];
  return h(
    'div',
    { class: 'reactions', part: 'reactions', role: 'group', 'aria-label': env.l10n.strings.reactionsLabel },
    allowed.map((reaction) => reactionButton(record, reaction, env)),
  );
}

/** A reaction toggle: its name and count in the label; "like" draws its icon in CSS. */
function reactionButton(record: CommentRecord, reaction: string, env: CommentEnv): El {
  const l10n = env.l10n;
  const s = l10n.strings;
  const state = record.reactions?.[reaction];
  const count = state?.count ?? 0;
  const like = reaction === 'like';
  const shown = count > 0 && l10n.number(count);
  return h(
    'button',
    {
      type: 'button',
      class: like ? 'reaction like' : 'reaction',
      part: 'reaction',
      'aria-pressed': state?.mine ? 'true' : 'false',
      'aria-label': l10n.plural(s.reactionLabel, count, { reaction: like ? s.reactionLike : reaction }),
      '@click': () => env.on.react(record, reaction),
    },
    like ? shown : [h('span', { 'aria-hidden': 'true' }, reaction), shown],
  );
}

/** Edit, Delete, Report and the collapse toggle. */
export function renderControls(record: CommentRecord, replies: number, env: CommentEnv): Array<El | false> {
  const l10n = env.l10n;
  const s = l10n.strings;
  const view = env.view(record.id);
  const name = record.author.name || s.anonymous;
  const canReport = Boolean(env.provider?.report) && !record.viewerIsAuthor && record.status !== 'deleted';
  const link = (part: string, action: string | undefined, label: string | undefined, expanded: boolean | undefined, click: () => void, text: string) =>
    h(
      'button',
      {
        type: 'button',
        class: 'link-button',
        part,
        'data-action': action,
        'aria-label': label,
        'aria-expanded': expanded === undefined ? undefined : expanded ? 'true' : 'false',
        '@click': click,
      },
      text,
    );
  return [
    canEdit(record, env) && link('edit-button', 'edit', s.editLabel, undefined, () => env.on.edit(record), s.edit),
    canDelete(record, env) && link('delete-button', 'delete', s.deleteLabel, view.confirmingDelete, () => env.on.askDelete(record), s.delete),
    canReport &&
      !view.reported &&
      link('report-button', 'report', l10n.t('reportLabel', { name }), view.reporting, () => env.on.askReport(record), s.report),
    view.reported && h('span', { part: 'reported', class: 'note', 'data-action': 'reported', tabindex: '-1' }, s.reported),
    replies > 0 &&
      link(
        'collapse-button',
        undefined,
        undefined,
        !view.collapsed,
        () => env.on.toggleCollapsed(record.id),
        view.collapsed ? l10n.plural(s.expandReplies, replies) : s.collapseReplies,
      ),
  ];
}
