import { Marked, type Tokens } from 'marked';
import { ProviderError } from '../errors.js';
import { isRecord } from '../core/guards.js';
import type { CommentDraft, CommentRecord, CommentStatus, FieldErrors } from '../types.js';
import { codeForStatus, parseRetryAfter } from './http-errors.js';

/**
 * Pure pieces of the WordPress provider: REST addresses, records, errors (WordPress's
 * codes first, then the shared status table of ./http-errors.ts) and the Markdown → comment
 * HTML conversion. No network here, so every rule has a unit test (test/wordpress-mapping.test.ts).
 */

/** A comment as `GET /wp/v2/comments` returns it (`context=view`); every field may be missing. */
export interface WordPressComment {
  id?: unknown;
  post?: unknown;
  parent?: unknown;
  author?: unknown;
  author_name?: unknown;
  author_url?: unknown;
  date?: unknown;
  date_gmt?: unknown;
  content?: { rendered?: unknown; raw?: unknown } | unknown;
  status?: unknown;
  author_avatar_urls?: unknown;
  /** When the comment's text last changed (`date_gmt` style), from the comment-thread plugin; absent without it. */
  comment_thread_edited_gmt?: unknown;
  /** `{ like: { count, mine? } }` from the comment-thread plugin when the site takes reactions. */
  comment_thread_reactions?: unknown;
}

/** The post facts the provider needs: who wrote it (the thread owner) and whether comments are open. */
export interface WordPressPostInfo {
  author: number;
  commentStatus: 'open' | 'closed' | 'unknown';
  /**
   * The comment-thread plugin's `comment_thread_edit_window` for this reader: seconds after posting
   * during which authors may edit, `null` for no limit (the reader moderates or edits the post).
   * Absent when the plugin is not there.
   */
  editWindow?: number | null;
  /**
   * The comment-thread plugin's `comment_thread_delete_own`: whether this reader may trash their
   * own comments (its `comment_thread_author_can_delete` filter). Absent without the plugin.
   */
  deleteOwn?: boolean;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function asId(value: unknown): number {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : 0;
}

// ---------------------------------------------------------------------------
// Addresses

/**
 * The URL of a REST route under `endpoint`, the site's REST root as WordPress
 * gives it (`rest_url()`): `https://site/wp-json`, `/wp-json/`, or, on sites
 * without pretty permalinks, `https://site/?rest_route=/` (also `index.php?rest_route=`).
 * Relative endpoints are read against `base` (the page).
 */
export function restUrl(
  endpoint: string,
  route: string,
  params: Record<string, string | number | undefined> = {},
  base: string = globalThis.location?.href ?? 'http://localhost/',
): string {
  const url = new URL(endpoint, base);
  const cleanRoute = `/${route.replace(/^\/+/, '')}`;
  if (url.searchParams.has('rest_route')) {
    const prefix = (url.searchParams.get('rest_route') ?? '').replace(/(^|[^/])\/+$/, '$1');
    url.searchParams.set('rest_route', `${prefix}${cleanRoute}`);
  } else {
    url.pathname = `${url.pathname.replace(/(^|[^/])\/+$/, '$1')}${cleanRoute}`;
  }
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.href;
}

// ---------------------------------------------------------------------------
// Records

/**
 * `date_gmt` is UTC without a zone ("2011-03-14T09:12:00"): add the `Z` so browsers read it as UTC.
 * No readable date (WordPress's own "0000-00-00 00:00:00" among them) is `''`, which the thread
 * shows as "unknown date", never as 1970.
 */
export function wordPressDate(gmt: unknown, local?: unknown): string {
  const raw = asText(gmt) ?? asText(local);
  if (!raw) return '';
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(raw) ? raw : `${raw}Z`;
  return Number.isNaN(Date.parse(zoned)) ? '' : zoned;
}

/** WordPress's comment statuses as the contract's: held and spam show as pending to their author. */
export function wordPressStatus(status: unknown): CommentStatus {
  switch (status) {
    case 'approved':
    case 'approve':
    case '1':
      return 'approved';
    case 'trash':
      return 'deleted';
    default:
      return 'pending';
  }
}

/** The largest avatar WordPress offers (`author_avatar_urls` is keyed by size: 24, 48, 96). */
export function pickAvatar(urls: unknown): string | undefined {
  if (!isRecord(urls)) return undefined;
  let best: { size: number; url: string } | undefined;
  for (const [size, url] of Object.entries(urls)) {
    const pixels = Number(size);
    if (typeof url !== 'string' || !url || !Number.isFinite(pixels)) continue;
    if (!best || pixels > best.size) best = { size: pixels, url };
  }
  return best?.url;
}

export interface RecordContext {
  threadId: string;
  /** The post's author (user id): their comments carry the thread-owner mark. */
  postAuthor?: number;
  /** The signed-in reader's user id: their comments are `viewerIsAuthor`. */
  viewerId?: number;
}

/**
 * One WordPress comment as a `CommentRecord`: the body is `content.rendered`
 * (HTML, which the element sanitises), `bodyFormat: 'html'`. Returns `null`
 * for data that has no id.
 */
export function toCommentRecord(raw: unknown, context: RecordContext): CommentRecord | null {
  if (!isRecord(raw)) return null;
  const comment = raw as WordPressComment;
  const id = asId(comment.id);
  if (!id) return null;
  const parent = asId(comment.parent);
  const author = asId(comment.author);
  const content = isRecord(comment.content) ? comment.content : {};
  const status = wordPressStatus(comment.status);
  const record: CommentRecord = {
    id: String(id),
    threadId: context.threadId,
    parentId: parent && parent !== id ? String(parent) : null,
    author: { name: (asText(comment.author_name) ?? '').trim() },
    body: asText(content.rendered) ?? '',
    bodyFormat: 'html',
    createdAt: wordPressDate(comment.date_gmt, comment.date),
    status,
  };
  if (status === 'deleted') {
    // A trashed comment is only ever a placeholder that keeps its replies in place: none of what
    // it said or who said it, even when WordPress sends it (a moderator's `status=trash` list).
    record.author = { name: '' };
    record.body = '';
    return record;
  }
  const edited = asText(comment.comment_thread_edited_gmt);
  const editedAt = edited ? wordPressDate(edited) : undefined;
  if (editedAt) record.editedAt = editedAt;
  const url = asText(comment.author_url)?.trim();
  if (url) record.author.url = url;
  const avatar = pickAvatar(comment.author_avatar_urls);
  if (avatar) record.author.avatarUrl = avatar;
  const reactions = toReactions(comment.comment_thread_reactions);
  if (reactions) record.reactions = reactions;
  if (author && context.postAuthor && author === context.postAuthor) record.author.isThreadOwner = true;
  if (author && context.viewerId && author === context.viewerId) record.viewerIsAuthor = true;
  return record;
}

/** The plugin's `comment_thread_reactions` as the contract's reactions (junk entries dropped). */
function toReactions(raw: unknown): CommentRecord['reactions'] | undefined {
  if (!isRecord(raw)) return undefined;
  const reactions: NonNullable<CommentRecord['reactions']> = {};
  for (const [name, value] of Object.entries(raw)) {
    const count = isRecord(value) ? value.count : undefined;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) continue;
    reactions[name] = isRecord(value) && value.mine === true ? { count, mine: true } : { count };
  }
  return Object.keys(reactions).length ? reactions : undefined;
}

/**
 * The post's author and comment status from `GET /wp/v2/posts/{id}`, and the edit window the
 * comment-thread plugin adds (`comment_thread_edit_window`).
 */
export function toPostInfo(raw: unknown): WordPressPostInfo {
  if (!isRecord(raw)) return { author: 0, commentStatus: 'unknown' };
  const status = raw.comment_status;
  const info: WordPressPostInfo = {
    author: asId(raw.author),
    commentStatus: status === 'open' || status === 'closed' ? status : 'unknown',
  };
  if ('comment_thread_edit_window' in raw) {
    const window = raw.comment_thread_edit_window;
    if (window === null) info.editWindow = null;
    else if (typeof window === 'number' && Number.isFinite(window)) info.editWindow = Math.max(0, Math.floor(window));
  }
  if (typeof raw.comment_thread_delete_own === 'boolean') info.deleteOwn = raw.comment_thread_delete_own;
  return info;
}

/** `X-WP-Total` and `X-WP-TotalPages` as numbers (absent or junk: undefined). */
export function headerCount(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

/** The cursor of the page after `page`, or null when `page` was the last of `totalPages`. */
export function nextPageCursor(page: number, totalPages: number | undefined, received: number, perPage: number): string | null {
  if (totalPages !== undefined) return page < totalPages ? String(page + 1) : null;
  // No header (a proxy dropped it): a full page may have a next one.
  return received >= perPage ? String(page + 1) : null;
}

/** A page cursor back to a page number (1 for none or junk). */
export function pageFromCursor(cursor: string | null | undefined): number {
  const page = Number(cursor);
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

// ---------------------------------------------------------------------------
// Errors

/** WordPress's error body: `{ code, message, data: { status, params?, details? } }`. */
export interface WordPressErrorBody {
  code?: unknown;
  message?: unknown;
  data?: unknown;
}

/** WordPress messages are HTML ("<strong>Error:</strong> …", "&#8217;"): plain text for the reader. */
export function plainMessage(html: unknown): string {
  const source = asText(html) ?? '';
  if (!source) return '';
  if (typeof DOMParser === 'undefined') return source.replace(/<[^<>]*>/g, '').trim();
  const text = new DOMParser().parseFromString(source, 'text/html').body.textContent ?? '';
  return text.replace(/\s+/g, ' ').trim();
}

const PARAM_FIELDS: Record<string, keyof FieldErrors> = {
  author_name: 'name',
  author_email: 'email',
  author_url: 'url',
  content: 'body',
};

const LENGTH_FIELDS: Record<string, keyof FieldErrors> = {
  comment_author_column_length: 'name',
  comment_author_email_column_length: 'email',
  comment_author_url_column_length: 'url',
  comment_content_column_length: 'body',
};

/** Codes that mean the post takes no comments (closed, or not a place comments can go). */
const CLOSED_CODES = new Set(['rest_comment_closed', 'comment_closed']);
const NOT_FOUND_CODES = new Set([
  'rest_comment_invalid_post_id',
  'rest_comment_draft_post',
  'rest_comment_trash_post',
  'rest_post_invalid_id',
  'rest_comment_invalid_id',
  'rest_comment_invalid_parent',
  'rest_no_route',
]);
const UNAUTHORIZED_CODES = new Set(['rest_comment_login_required', 'rest_cookie_invalid_nonce', 'rest_not_logged_in', 'incorrect_password', 'invalid_username', 'invalid_email']);
/**
 * Refusals to edit or delete a comment. WordPress answers them 401 to a reader it does not know
 * (no login, or an Application Password it did not accept) and 403 to one it knows but will not
 * allow (not the post's editor; outside the plugin's edit window).
 */
const PERMISSION_CODES = new Set([
  'rest_cannot_edit',
  'rest_cannot_delete',
  'rest_forbidden',
  'rest_forbidden_context',
  'comment_thread_edit_window_closed',
]);
const FORBIDDEN_CODES = new Set([
  'rest_comment_invalid_author',
  'rest_comment_invalid_author_ip',
  'rest_comment_invalid_status',
  'rest_comment_invalid_karma',
  'rest_cannot_read_post',
  'application_passwords_disabled',
  // The site keeps no trash (EMPTY_TRASH_DAYS 0): WordPress only deletes outright, which the
  // provider never asks for.
  'rest_trash_not_supported',
  'rest_comment_invalid_type',
]);

/** WordPress holds a second comment from one address for 15 s (`comment_flood`). */
export const WORDPRESS_FLOOD_SECONDS = 15;

/**
 * A WordPress error answer as the contract's error. `draft` tells which guest
 * fields were missing when WordPress only says "author data required".
 */
export function toWordPressError(
  status: number,
  body: unknown,
  options: { draft?: CommentDraft; retryAfter?: string | null } = {},
): ProviderError {
  const error = isRecord(body) ? (body as WordPressErrorBody) : {};
  const code = asText(error.code) ?? '';
  const message = plainMessage(error.message) || `WordPress answered ${status}${code ? ` (${code})` : ''}`;
  const data = isRecord(error.data) ? error.data : {};
  const log = code ? `${code}: ${message}` : message;

  if (code === 'rest_comment_author_data_required') {
    const guest = options.draft?.guest;
    const fieldErrors: FieldErrors = {};
    if (!guest?.name?.trim()) fieldErrors.name = message;
    if (!guest?.email?.trim()) fieldErrors.email = message;
    if (!fieldErrors.name && !fieldErrors.email) Object.assign(fieldErrors, { name: message, email: message });
    return new ProviderError('validation', log, { fieldErrors });
  }
  if (code === 'rest_invalid_param' || code === 'rest_missing_callback_param') {
    const fieldErrors: FieldErrors = {};
    const params = isRecord(data.params) ? data.params : {};
    for (const [param, detail] of Object.entries(params)) {
      const field = PARAM_FIELDS[param];
      if (field) fieldErrors[field] = plainMessage(detail) || message;
    }
    return new ProviderError('validation', log, Object.keys(fieldErrors).length ? { fieldErrors } : {});
  }
  if (code === 'rest_comment_content_invalid') {
    return new ProviderError('validation', log, { fieldErrors: { body: message } });
  }
  const lengthField = LENGTH_FIELDS[code];
  if (lengthField) return new ProviderError('validation', log, { fieldErrors: { [lengthField]: message } });
  if (code === 'comment_duplicate') return new ProviderError('conflict', log);
  if (code === 'comment_flood') {
    const retryAfter = parseRetryAfter(options.retryAfter) ?? WORDPRESS_FLOOD_SECONDS;
    return new ProviderError('rate_limited', log, { retryAfter });
  }
  if (PERMISSION_CODES.has(code) && status < 500) {
    return new ProviderError(status === 401 ? 'unauthorized' : 'forbidden', log);
  }
  if (CLOSED_CODES.has(code)) return new ProviderError('closed', log);
  if (UNAUTHORIZED_CODES.has(code)) return new ProviderError('unauthorized', log);
  if (FORBIDDEN_CODES.has(code)) return new ProviderError('forbidden', log);
  if (NOT_FOUND_CODES.has(code)) return new ProviderError('not_found', log);
  const byStatus = codeForStatus(status);
  if (byStatus === 'rate_limited') {
    const retryAfter = parseRetryAfter(options.retryAfter);
    return new ProviderError('rate_limited', log, retryAfter === undefined ? {} : { retryAfter });
  }
  return new ProviderError(byStatus, log);
}

// ---------------------------------------------------------------------------
// Markdown → the HTML WordPress keeps in a comment

/**
 * The element's Markdown settings (src/core/markdown.ts: GFM, single newlines
 * kept as line breaks), with the output shaped for WordPress's comment
 * pipeline: WordPress strips `<p>` and `<br>` from guests' comments and
 * rebuilds them from blank lines and newlines when it shows the comment
 * (`wpautop`), so paragraphs are written as blank lines and breaks as
 * newlines. Images become links to them, as the element shows them by default.
 */
const wordPressMarkdown = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    paragraph({ tokens }: Tokens.Paragraph) {
      return `${this.parser.parseInline(tokens)}\n\n`;
    },
    br() {
      return '\n';
    },
    image({ href, text }: Tokens.Image) {
      const label = text || href;
      return `<a href="${escapeAttribute(href)}">${escapeText(label)}</a>`;
    },
  },
});

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeText(value: string): string {
  return value.replace(/&(?!#?\w+;)/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Markdown draft as the HTML to send as a WordPress comment's `content`. */
export function markdownToWordPressHtml(markdown: string): string {
  const html = wordPressMarkdown.parse(typeof markdown === 'string' ? markdown : '') as string;
  return html.replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * Text for comparing a draft with a stored comment: WordPress rewrites what it
 * stores (curly quotes, dashes, paragraphs, links made clickable), so compare
 * only letters and digits, case-folded.
 */
export function comparableText(html: string): string {
  const text = plainMessage(html.replace(/<br\s*\/?>/gi, ' ').replace(/<\/p>/gi, ' '));
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
