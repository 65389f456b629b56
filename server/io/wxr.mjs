// A WordPress export (WXR, "WordPress eXtended RSS", from Tools → Export or export_wp()) read
// into candidates: each post with comments is a thread, each <wp:comment> a comment.
import { child, children, textOf } from './xml.mjs';

/** @typedef {import('./arrange.mjs').Candidate} Candidate */
/** @typedef {import('./arrange.mjs').Note} Note */
/** @typedef {import('./xml.mjs').XmlElement} XmlElement */
/** @typedef {{ id: string, title: string, url: string | null }} SourceThread */

/** Whether a root element is a WXR file's: <rss> declaring the `wp` namespace. @param {string} name @param {Record<string, string>} attributes */
export function isWxrRoot(name, attributes) {
  return name === 'rss' && /^https?:\/\/wordpress\.org\/export\//.test(attributes['xmlns:wp'] ?? '');
}

/**
 * Collects a WXR file's records; `finish()` turns them into threads and candidates.
 * @param {{ threadIds: 'source' | 'path' }} options
 */
export function wxrReader({ threadIds }) {
  /** @type {Map<string, string>} author login → user id */
  const userIds = new Map();
  /** @type {SourceThread[]} */
  const threads = [];
  /** @type {Candidate[]} */
  const candidates = [];
  /** @type {Note[]} */
  const skipped = [];
  /** @type {{ item: XmlElement, threadId: string }[]} */
  const items = [];
  return {
    depth: 2,
    /** @param {string} name */
    isRecord: (name) => name === 'item' || name === 'wp:author',
    /** @param {XmlElement} element */
    onRecord(element) {
      if (element.name === 'wp:author') {
        userIds.set(textOf(element, 'wp:author_login'), textOf(element, 'wp:author_id'));
        return;
      }
      if (!child(element, 'wp:comment')) return;
      const postId = textOf(element, 'wp:post_id');
      const url = textOf(element, 'link') || null;
      const threadId = threadIds === 'path' && url ? pathOf(url) : postId;
      if (!threadId) {
        for (const comment of children(element, 'wp:comment')) skipped.push({ id: `wp-${textOf(comment, 'wp:comment_id')}`, reason: 'its post has no wp:post_id' });
        return;
      }
      threads.push({ id: threadId, title: decodeEntities(textOf(element, 'title')), url });
      items.push({ item: element, threadId });
    },
    /** @returns {{ threads: SourceThread[], candidates: Candidate[], skipped: Note[] }} */
    finish() {
      for (const { item, threadId } of items) {
        const ownerId = userIds.get(textOf(item, 'dc:creator'));
        for (const comment of children(item, 'wp:comment')) {
          const read = readComment(comment, threadId, ownerId);
          if ('reason' in read) skipped.push(read);
          else candidates.push(read);
        }
      }
      return { threads, candidates, skipped };
    },
  };
}

/** @type {Record<string, string>} */
const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * WordPress keeps post titles as HTML (`&amp;` for &) and escapes them again in the export's
 * <title>: the thread title is plain text.
 * @param {string} html
 */
export function decodeEntities(html) {
  return html.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,6});/gi, (whole, name) => {
    if (name[0] !== '#') return NAMED[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** A URL's path (the thread id with `--thread-ids path`). @param {string} url */
function pathOf(url) {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/**
 * `wp:comment_approved` → our status, or why it stays out.
 * @type {Record<string, { status: 'approved' | 'pending' } | { dropped: string }>}
 */
const STATUS = {
  1: { status: 'approved' },
  approve: { status: 'approved' },
  0: { status: 'pending' },
  hold: { status: 'pending' },
  spam: { dropped: 'marked as spam' },
  trash: { dropped: 'in the trash' },
  'post-trashed': { dropped: 'its post is in the trash' },
};

/** WordPress's "Y-m-d H:i:s" (GMT) → ISO 8601, or '' when unset or unreadable. @param {string} value */
function gmtToIso(value) {
  const match = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(value);
  if (!match || match[1] === '0000') return '';
  const date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6]));
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/**
 * WordPress keeps comment text with bare line breaks and adds <p>/<br> when showing it
 * (wpautop): do the same here so the html body reads as it did.
 * @param {string} content
 */
export function paragraphs(content) {
  if (/<(p|div|blockquote|ul|ol|pre|table)[\s>]/i.test(content)) return content;
  /** @type {string[][]} */
  const blocks = [[]];
  for (const line of content.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      if (blocks[blocks.length - 1].length) blocks.push([]);
    } else {
      blocks[blocks.length - 1].push(line);
    }
  }
  return blocks
    .filter((lines) => lines.length)
    .map((lines) => `<p>${lines.join('<br>\n')}</p>`)
    .join('\n');
}

/**
 * @param {XmlElement} comment @param {string} threadId @param {string | undefined} ownerId the post author's user id
 * @returns {Candidate | Note}
 */
function readComment(comment, threadId, ownerId) {
  const sourceId = textOf(comment, 'wp:comment_id');
  const id = `wp-${sourceId}`;
  if (!/^\d+$/.test(sourceId)) return { id: id || 'wp-?', reason: 'no numeric wp:comment_id' };
  const type = textOf(comment, 'wp:comment_type');
  if (type && type !== 'comment') return { id, reason: `a ${type}, not a comment` };
  const approved = textOf(comment, 'wp:comment_approved');
  const status = STATUS[approved];
  if (!status) return { id, reason: `unknown approval status "${approved}"` };
  const createdAt = gmtToIso(textOf(comment, 'wp:comment_date_gmt')) || gmtToIso(textOf(comment, 'wp:comment_date'));
  if (!createdAt) return { id, reason: 'no readable date' };
  const parent = textOf(comment, 'wp:comment_parent');
  const userId = textOf(comment, 'wp:comment_user_id');
  /** @type {Candidate['author']} */
  const author = { name: textOf(comment, 'wp:comment_author') };
  const url = textOf(comment, 'wp:comment_author_url');
  const email = textOf(comment, 'wp:comment_author_email');
  if (url && /^https?:\/\//i.test(url)) author.url = url;
  if (email) author.email = email;
  if (userId && userId !== '0') {
    author.identity = `wordpress:${userId}`;
    if (userId === ownerId) author.isThreadOwner = true;
  }
  return {
    id,
    threadId,
    parentId: parent && parent !== '0' ? `wp-${parent}` : null,
    createdAt,
    author,
    body: paragraphs(child(comment, 'wp:comment_content')?.text ?? ''),
    bodyFormat: 'html',
    ...('status' in status ? { status: status.status } : { status: 'pending', dropped: status.dropped }),
  };
}
