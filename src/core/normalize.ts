import { ProviderError } from '../errors.js';
import type { CommentPage, CommentRecord, CommentStatus } from '../types.js';
import { readableDate } from './dates.js';
import { isRecord } from './guards.js';

const STATUSES: ReadonlySet<string> = new Set<CommentStatus>(['approved', 'pending', 'deleted']);

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function id(value: unknown): string | undefined {
  const result = text(value)?.trim();
  return result ? result : undefined;
}

// Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and
// control characters (C0 but tab/newline, DEL, C1). In a name they can flip the
// text around it ("Reply to ‮moc.evil") and no real name needs them.
const NAME_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
// Characters that draw nothing: spaces, zero-width and other format characters.
const INVISIBLE = /^[\s\p{Cf}\p{Z}\u115F\u1160\u3164\uFFA0\u2800]*$/u;
/** A name longer than this (UTF-16 units) is cut, with an ellipsis. */
export const MAX_NAME_LENGTH = 200;

/**
 * An author name fit to show: no bidi or control characters, whitespace
 * collapsed, at most {@link MAX_NAME_LENGTH} characters. A name that draws
 * nothing (only spaces or zero-width characters) becomes `''`, which the
 * elements show as "Anonymous".
 */
export function cleanName(value: unknown): string {
  const raw = text(value);
  if (raw === undefined) return '';
  const cleaned = raw.replace(NAME_CONTROLS, '').replace(/\s+/g, ' ').trim();
  if (INVISIBLE.test(cleaned)) return '';
  if (cleaned.length <= MAX_NAME_LENGTH) return cleaned;
  let end = MAX_NAME_LENGTH;
  const last = cleaned.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${cleaned.slice(0, end).trimEnd()}…`;
}

/** A date the browser can read, as given; `undefined` for anything else. */
function isoDate(value: unknown): string | undefined {
  const raw = text(value);
  return raw !== undefined && readableDate(raw) ? raw : undefined;
}

/** Marks a record that could not be read: it shows "This comment could not be displayed." */
const UNREADABLE = Symbol('unreadable');

/**
 * Could this record not be read (a getter or a proxy trap threw, or its body was neither text nor
 * absent)? It keeps its place and its replies, and shows "This comment could not be displayed."
 */
export function isUnreadable(record: CommentRecord): boolean {
  return (record as { [UNREADABLE]?: true })[UNREADABLE] === true;
}

/**
 * Reads one record from provider data that may be malformed: missing fields,
 * wrong types (a `Symbol` or a BigInt reads as missing), numbers for
 * ids. Returns `null` only when the record cannot be placed at all (no readable
 * id); every other defect is repaired so the comment shows. A record a getter or
 * proxy trap throws on, or whose body is not text, keeps its place (id, thread,
 * parent) marked {@link isUnreadable}. An unreadable `createdAt` is `''` (no
 * date), never a made-up one.
 */
export function normalizeRecord(raw: unknown, fallbackThreadId = ''): CommentRecord | null {
  try {
    return readRecord(raw, fallbackThreadId);
  } catch {
    const field = (key: string) => {
      try {
        return (raw as Record<string, unknown>)[key];
      } catch {
        return undefined;
      }
    };
    // Only its place is read again: nothing else it holds is trusted.
    const record = readRecord({ id: field('id'), threadId: field('threadId'), parentId: field('parentId') }, fallbackThreadId);
    if (record) (record as { [UNREADABLE]?: true })[UNREADABLE] = true;
    return record;
  }
}

function readRecord(raw: unknown, fallbackThreadId: string): CommentRecord | null {
  if (!isRecord(raw)) return null;
  // Normalised before and marked: stays so.
  if ((raw as { [UNREADABLE]?: true })[UNREADABLE]) throw UNREADABLE;
  const recordId = id(raw.id);
  if (!recordId) return null;

  const author = isRecord(raw.author) ? raw.author : {};
  const record: CommentRecord = {
    id: recordId,
    threadId: id(raw.threadId) ?? fallbackThreadId,
    parentId: id(raw.parentId) ?? null,
    author: { name: cleanName(author.name) },
    body: text(raw.body) ?? '',
    createdAt: isoDate(raw.createdAt) ?? '',
  };
  // No body is an empty one; a body of another kind (an object, a Symbol…) is one we cannot show.
  if (raw.body != null && text(raw.body) === undefined) throw UNREADABLE;
  if (record.parentId === recordId) record.parentId = null;

  const url = text(author.url);
  if (url) record.author.url = url;
  const avatarUrl = text(author.avatarUrl);
  if (avatarUrl) record.author.avatarUrl = avatarUrl;
  if (author.isThreadOwner === true) record.author.isThreadOwner = true;

  if (raw.bodyFormat === 'html') record.bodyFormat = 'html';
  const editedAt = isoDate(raw.editedAt);
  if (editedAt) record.editedAt = editedAt;
  if (typeof raw.status === 'string' && STATUSES.has(raw.status)) {
    record.status = raw.status as CommentStatus;
  }
  if (raw.viewerIsAuthor === true) record.viewerIsAuthor = true;
  if (isRecord(raw.reactions)) {
    const reactions: NonNullable<CommentRecord['reactions']> = {};
    for (const [key, value] of Object.entries(raw.reactions)) {
      if (isRecord(value) && typeof value.count === 'number' && Number.isFinite(value.count)) {
        reactions[key] = { count: Math.max(0, Math.floor(value.count)) };
        if (value.mine === true) reactions[key].mine = true;
      }
    }
    record.reactions = reactions;
  }
  return record;
}

export interface NormalizedPage {
  comments: CommentRecord[];
  total?: number;
  nextCursor: string | null;
  /** How many records were unusable and left out. */
  rejected: number;
}

/**
 * Reads a page from a provider, keeping every usable record of a malformed one.
 * A page that is not an object with a `comments` array is not a page: that
 * rejects (as `unknown`) rather than pretending the thread is empty.
 */
export function normalizePage(raw: unknown, threadId: string): NormalizedPage {
  if (!isRecord(raw) || !Array.isArray(raw.comments)) {
    throw new ProviderError('unknown', 'The provider answered something that is not a page of comments.');
  }
  const page = raw as Partial<CommentPage> & Record<string, unknown>;
  const list: unknown[] = raw.comments;
  const comments: CommentRecord[] = [];
  let rejected = 0;
  for (const item of list) {
    const record = normalizeRecord(item, threadId);
    if (record) comments.push(record);
    else rejected++;
  }
  const result: NormalizedPage = {
    comments,
    nextCursor: text(page.nextCursor) || null,
    rejected,
  };
  if (typeof page.total === 'number' && Number.isFinite(page.total) && page.total >= 0) {
    result.total = Math.floor(page.total);
  }
  return result;
}
