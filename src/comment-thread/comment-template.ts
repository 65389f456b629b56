import { COMMENT_ID_PREFIX } from '../controllers/permalink-controller.js';
import { FIRST_ITEMS } from '../controllers/progressive-render-controller.js';
import { readableDate } from '../core/dates.js';
import { isUnreadable } from '../core/normalize.js';
import { UGC_REL } from '../core/markdown.js';
import { LONG_BODY } from '../core/shorten.js';
import type { DisplayNode } from '../core/tree.js';
import { safeHttpUrl } from '../core/url.js';
import { formatAbsoluteTime, formatRelativeTime } from '../locale/localize.js';
import type { CommentRecord } from '../types.js';
import { renderControls, renderReactions } from './actions-template.js';
import { bodyShell } from './bodies.js';
import type { CommentEnv } from './comment-env.js';
import { weight } from './list-groups.js';
import { h, live, type El, type Kids } from './nodes.js';

/*
 * One comment with its replies, as pure functions of the display node and the thread's environment
 * ({@link CommentEnv}) that describe its DOM (./nodes.ts: no Lit parts per comment, no marker nodes;
 * the list patches it in place, and a server writes it as HTML).
 */

/** A reply list longer than this folds… */
export const FOLD_LONGER_THAN = 5;
/** …showing this many replies, then "Show N more replies"… */
export const SHOWN_WHEN_FOLDED = 3;
/** …which reveals this many more at a time. */
export const REVEALED_PER_CLICK = 50;
/**
 * Folded replies of one list in the document (hidden until found) beyond those shown: a list of
 * thousands does not render them all in one task. Those past it come in as the list unfolds.
 */
export const FOLDED_IN_DOCUMENT = 100;

/** How many comments display subtrees hold (each subtree's count cached: see `weight`). */
export const countNodes = (nodes: DisplayNode[]): number => nodes.reduce((count, node) => count + weight(node), 0);

/**
 * Whether a reply list in `node`'s subtree folds. Folded replies are in the document too
 * (`hidden="until-found"`: find-in-page finds them), rendered after every conversation's shown
 * part; a subtree without one needs no second render. Cached per node: the display tree keeps
 * the nodes nothing changed.
 */
export function hasFolds(node: DisplayNode): boolean {
  let folds = foldsIn.get(node);
  if (folds === undefined) {
    folds = node.children.length > FOLD_LONGER_THAN || node.children.some(hasFolds);
    foldsIn.set(node, folds);
  }
  return folds;
}
const foldsIn = new WeakMap<DisplayNode, boolean>();

/**
 * How many items the thread renders progressively: each conversation's shown part, then — when
 * any folds — each conversation again with its folded replies (item `roots.length + i`).
 */
export function progressiveItems(roots: DisplayNode[]): number {
  return roots.some(hasFolds) ? roots.length * 2 : roots.length;
}

/** The first render shows conversations until they hold this many comments (a screenful of short ones)… */
export const FIRST_COMMENTS = 10;

/**
 * …that is, how many of `roots` it shows: one at least, if any; at most FIRST_COMMENTS, which is
 * no more than {@link FIRST_ITEMS}. A long conversation fills the first screen alone, and its
 * neighbours come a frame later. Counted as {@link weight} counts, folded replies too (cached).
 */
export function firstItems(roots: readonly DisplayNode[]): number {
  let items = 0;
  for (let comments = 0; items < roots.length && comments < FIRST_COMMENTS; ) comments += weight(roots[items++]);
  return items;
}

/** How many of `node`'s replies are shown. */
export function shownReplies(node: DisplayNode, env: Pick<CommentEnv, 'view'>): number {
  return node.children.length > FOLD_LONGER_THAN
    ? (env.view(node.record.id).shownReplies ?? SHOWN_WHEN_FOLDED)
    : node.children.length;
}

/**
 * A comment (with `withFolded`, its folded replies too, hidden until found; with `hidden`, itself
 * one of them), or — when it could not be read, or anything about it fails to render (its body
 * parsed or sanitised, say) — its place in the thread saying it could not be displayed, with its
 * replies: one record never takes the thread down.
 */
export function renderComment(node: DisplayNode, env: CommentEnv, withFolded = false, hidden = false): El {
  let readable: Kids[] | undefined;
  try {
    if (!isUnreadable(node.record)) readable = renderReadable(node, env);
  } catch {
    // Shown below.
  }
  const item = h(
    'li',
    { part: 'item', 'data-depth': node.depth, hidden: hidden && UNTIL_FOUND },
    readable ??
      h(
        'article',
        // Every attribute a readable comment's article has, absent (a patch sets only those named).
        { id: COMMENT_ID_PREFIX + node.record.id, part: 'comment', class: null, tabindex: '-1', 'aria-labelledby': null },
        h('div', { class: 'body', part: 'body' }, h('p', { class: 'note' }, env.l10n.strings.commentUnavailable)),
      ),
    node.children.length > 0 && !(readable && env.view(node.record.id).collapsed) && renderReplies(node, env, withFolded),
  );
  // Keyed by the comment: it keeps its elements wherever it moves in its list.
  item.key = node.record.id;
  return item;
}

/** A folded reply's `hidden`: not shown, but found by find-in-page (where unsupported, just hidden). */
const UNTIL_FOUND = 'until-found';

/** A readable comment's article, and the reply form under it when it is the one answered. */
function renderReadable(node: DisplayNode, env: CommentEnv): Kids[] {
  const { record } = node;
  const l10n = env.l10n;
  const s = l10n.strings;
  const lang = l10n.lang;
  const view = env.view(record.id);
  const name = record.author.name || s.anonymous;
  const authorUrl = safeHttpUrl(record.author.url);
  const created = readableDate(record.createdAt);
  const relative = created ? formatRelativeTime(created, lang, env.now) : s.unknownDate;
  const deleted = record.status === 'deleted';
  const domId = COMMENT_ID_PREFIX + record.id;
  const editing = view.editing;
  const canReply = !deleted && !editing && record.status !== 'pending' && env.info.closed !== true;
  const replies = countNodes(node.children);
  const actions =
    !editing &&
    h(
      'div',
      { class: 'actions', part: 'actions' },
      renderReactions(record, env),
      canReply &&
        h(
          'button',
          {
            type: 'button',
            class: 'reply',
            part: 'reply-button',
            'aria-label': l10n.t('replyLabel', { name }),
            'aria-expanded': view.replying ? 'true' : 'false',
            '@click': () => env.on.reply(record),
          },
          s.reply,
        ),
      renderControls(record, replies, env),
      live(env.dialogs(record, replies), 'dialogs'),
    );
  return [
    h(
      'article',
      { id: domId, part: 'comment', class: view.highlighted ? 'highlight' : '', tabindex: '-1', 'aria-labelledby': `${domId}-author` },
      env.avatar(record, name),
      h(
        'div',
        { class: 'meta' },
        h(
          'span',
          { class: 'author', part: 'author', id: `${domId}-author` },
          authorUrl && !deleted ? h('a', { href: authorUrl, rel: UGC_REL }, name) : name,
        ),
        headerMarks(record, deleted, env),
        h(
          'a',
          { class: 'permalink', part: 'permalink', href: `#${domId}`, 'aria-label': l10n.t('permalinkLabel', { name, time: relative }) },
          created ? h('time', { datetime: record.createdAt, title: formatAbsoluteTime(created, lang) }, relative) : relative,
        ),
      ),
      notes(node, env),
      editing ? live(env.editForm(record), 'edit') : body(record, deleted, env),
      actions,
    ),
    view.replying && h('div', { class: 'reply-form', part: 'reply-form' }, live(env.replyForm(), 'form')),
  ];
}

/** The "Post author" and "edited" marks beside the name, when there are any. */
function headerMarks(record: CommentRecord, deleted: boolean, env: CommentEnv): Kids[] {
  const s = env.l10n.strings;
  return [
    record.author.isThreadOwner === true && h('span', { class: 'badge', part: 'badge' }, s.postAuthor),
    !!record.editedAt &&
      !deleted &&
      h(
        'span',
        { class: 'edited', part: 'edited', title: env.l10n.t('editedOn', { date: formatAbsoluteTime(new Date(record.editedAt), env.l10n.lang) }) },
        s.editedMark,
      ),
  ];
}

/** "In reply to …", "the comment it answered is gone", and the moderation notice. */
function notes(node: DisplayNode, env: CommentEnv): Kids {
  const { record } = node;
  const s = env.l10n.strings;
  const moderated = env.moderation?.(record, env);
  return [
    node.inReplyTo !== undefined
      ? h('p', { class: 'note', part: 'note' }, env.l10n.t('inReplyTo', { name: node.inReplyTo || s.anonymous }))
      : node.detached === 'orphan' && h('p', { class: 'note', part: 'note' }, s.replyToMissing),
    moderated !== undefined
      ? live(moderated, 'moderation')
      : record.status === 'pending' &&
        h(
          'p',
          { class: 'note', part: 'moderation' },
          `${s.awaitingModeration} `,
          h(
            'button',
            { type: 'button', class: 'link-button', part: 'hide-pending', 'aria-label': s.hidePendingLabel, '@click': () => env.on.hidePending(record) },
            s.hidePending,
          ),
        ),
  ];
}

function body(record: CommentRecord, deleted: boolean, env: CommentEnv): Kids {
  if (deleted) return bodyShell(h('p', { class: 'note' }, env.l10n.strings.deletedComment));
  const showFull = env.view(record.id).fullBody;
  const element = env.body(record, showFull);
  return [
    element,
    !showFull &&
      record.body.length > LONG_BODY &&
      h(
        'button',
        { type: 'button', class: 'link-button show-full', part: 'show-full', '@click': () => env.on.showFull(record) },
        env.l10n.strings.showFullComment,
      ),
  ];
}

/**
 * A comment's replies; a long list folds behind "Show N more replies" until opened. With
 * `withFolded` the folded replies are there too, `hidden="until-found"`: find-in-page finds them,
 * and the browser's `beforematch` unfolds the list as the button does. They are the same elements
 * the list shows once unfolded (keyed by comment), so a match stays where it is.
 * At most {@link FOLDED_IN_DOCUMENT} of them per list.
 */
export function renderReplies(node: DisplayNode, env: CommentEnv, withFolded = false): El {
  const limit = shownReplies(node, env);
  const folded = limit < node.children.length;
  const listed = node.children.slice(0, withFolded ? limit + FOLDED_IN_DOCUMENT : limit);
  const replies = listed.map((child, index) => renderComment(child, env, withFolded, index >= limit));
  const beforematch = (event: Event) => {
    const item = event.target as Element;
    // A deeper list's reply is that list's to unfold.
    if (item.parentElement === event.currentTarget) env.on.unfold(node, limit, [...item.parentElement!.children].indexOf(item));
  };
  return h(
    'ol',
    { part: 'replies', '@beforematch': beforematch },
    replies,
    folded &&
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', class: 'button show-more', part: 'show-more', '@click': () => env.on.unfold(node, limit) },
          env.l10n.plural(env.l10n.strings.moreReplies, countNodes(node.children.slice(limit))),
        ),
      ),
  );
}
