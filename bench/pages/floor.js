// The floor: the same thread, the same information per comment as our element
// shows (initials avatar, linked name, owner badge, relative time in a
// permalink with the absolute date on hover, "In reply to" below the deepest
// level, sanitised Markdown body, Reply button), written as plain DOM calls
// with marked and DOMPurify, built off-document and inserted once. No framework,
// no incremental rendering, no folding: the least work that shows it all.
import { Marked } from '/node_modules/marked/lib/marked.esm.js';
import DOMPurify from '/node_modules/dompurify/dist/purify.es.mjs';

const MAX_DEPTH = 5;
const markdown = new Marked({ gfm: true, breaks: true, async: false });
const PURIFY = {
  ALLOWED_TAGS: ['a', 'p', 'br', 'strong', 'b', 'em', 'i', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li',
    'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'span'],
  ALLOWED_ATTR: ['href', 'title', 'start', 'colspan', 'rowspan'],
  ALLOW_DATA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
};
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && node.hasAttribute('href')) node.setAttribute('rel', 'ugc nofollow noopener');
});

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absoluteFormat = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' });
const UNITS = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];

function relative(date, now) {
  const seconds = (date.getTime() - now) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return '';
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function initials(name) {
  return name.trim().split(/\s+/u).slice(0, 2).map((word) => [...word][0] ?? '').join('').toUpperCase() || '?';
}

function safeHttp(url) {
  // http(s), or a path on this origin (the fixture's avatars).
  return typeof url === 'string' && /^(?:https?:\/\/|\/(?!\/))/i.test(url) ? url : undefined;
}

export function renderThread(records, title) {
  const children = new Map();
  const byId = new Map();
  for (const record of records) byId.set(record.id, record);
  const roots = [];
  for (const record of records) {
    if (record.parentId && byId.has(record.parentId)) {
      const list = children.get(record.parentId) ?? [];
      list.push(record);
      children.set(record.parentId, list);
    } else roots.push(record);
  }
  const byTime = (a, b) => a.createdAt.localeCompare(b.createdAt);
  roots.sort(byTime);
  const now = Date.now();

  const renderComment = (record, depth, into, inReplyTo) => {
    const item = element('li');
    item.dataset.depth = String(depth);
    const article = element('article');
    const domId = `comment-${record.id}`;
    article.id = domId;
    article.tabIndex = -1;
    article.setAttribute('aria-labelledby', `${domId}-author`);
    const name = record.author.name || 'Anonymous';
    // The record's avatar image when it has one (same origin, lazy, like ours), else initials.
    const avatarUrl = safeHttp(record.author.avatarUrl);
    const avatar = avatarUrl ? element('img', 'avatar') : element('span', 'avatar', initials(name));
    if (avatarUrl) Object.assign(avatar, { src: avatarUrl, alt: '', width: 40, height: 40, loading: 'lazy' });
    else avatar.setAttribute('aria-hidden', 'true');
    const meta = element('div', 'meta');
    const author = element('span', 'author');
    author.id = `${domId}-author`;
    const url = safeHttp(record.author.url);
    if (url) {
      const link = element('a', '', name);
      link.href = url;
      link.rel = 'ugc nofollow noopener';
      author.append(link);
    } else author.textContent = name;
    meta.append(author);
    if (record.author.isThreadOwner) meta.append(element('span', 'badge', 'Post author'));
    const date = new Date(record.createdAt);
    const when = relative(date, now);
    const permalink = element('a', 'permalink');
    permalink.href = `#${domId}`;
    permalink.setAttribute('aria-label', `Permalink to ${name}'s comment, ${when}`);
    const time = element('time', '', when);
    time.dateTime = record.createdAt;
    time.title = absoluteFormat.format(date);
    permalink.append(time);
    meta.append(permalink);
    article.append(avatar, meta);
    if (inReplyTo !== undefined) article.append(element('p', 'note', `In reply to ${inReplyTo}`));
    const body = element('div', 'body');
    body.append(DOMPurify.sanitize(markdown.parse(record.body), PURIFY));
    const actions = element('div', 'actions');
    const reply = element('button', 'reply', 'Reply');
    reply.type = 'button';
    reply.setAttribute('aria-label', `Reply to ${name}`);
    actions.append(reply);
    article.append(body, actions);
    item.append(article);
    into.append(item);

    const replies = (children.get(record.id) ?? []).sort(byTime);
    if (!replies.length) return;
    if (depth < MAX_DEPTH) {
      const list = element('ol');
      item.append(list);
      for (const child of replies) renderComment(child, depth + 1, list);
    } else {
      // At the deepest level, replies follow at the same level (as WordPress does).
      for (const child of replies) renderComment(child, depth, into, name);
    }
  };

  const section = element('section', 'thread');
  const heading = element('h2', '', `${records.length} thoughts on “${title}”`);
  const list = element('ol');
  for (const root of roots) renderComment(root, 1, list);
  section.append(heading, list);
  return section;
}
