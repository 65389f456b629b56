import { ProviderError } from '../errors.js';
import type { CommentRecord, CommentStatus } from '../types.js';
import { readableDate } from './dates.js';

const STATUSES: ReadonlySet<string> = new Set<CommentStatus>(['approved', 'pending', 'deleted']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return String(value);
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

/** Marks a record some of whose data could not be read: it shows "This comment could not be displayed." */
const UNREADABLE = Symbol('unreadable');

/**
 * Was part of this record unreadable (a getter or a proxy trap threw, or the body was neither
 * text nor absent)? Such a record keeps its place and its replies, and shows "This comment could
 * not be displayed." instead of its body.
 */
export function isUnreadable(record: CommentRecord): boolean {
  return (record as CommentRecord & { [UNREADABLE]?: true })[UNREADABLE] === true;
}

/**
 * Reads fields of provider data that may be hostile: a property getter or a proxy trap that
 * throws reads as `undefined` and calls `failed`.
 */
function reader(source: unknown, failed: () => void): (key: string) => unknown {
  return (key) => {
    try {
      return isRecord(source) ? source[key] : undefined;
    } catch {
      failed();
      return undefined;
    }
  };
}

/**
 * Reads one record from provider data that may be malformed: missing fields,
 * wrong types (a `Symbol`, a BigInt), numbers for ids, getters that throw.
 * Returns `null` only when the record cannot be placed at all (no readable id);
 * every other defect is repaired so the comment shows. A record with data that
 * could not be read keeps its place, marked {@link isUnreadable}. An unreadable
 * `createdAt` becomes `''` (no date), never a made-up one.
 */
export function normalizeRecord(raw: unknown, fallbackThreadId = ''): CommentRecord | null {
  let unreadable = false;
  const failed = () => (unreadable = true);
  const field = reader(raw, failed);
  const recordId = id(field('id'));
  if (!recordId) return null;

  const rawAuthor = field('author');
  const author = reader(rawAuthor, failed);
  const record: CommentRecord = {
    id: recordId,
    threadId: id(field('threadId')) ?? fallbackThreadId,
    parentId: id(field('parentId')) ?? null,
    author: { name: cleanName(author('name')) },
    body: '',
    createdAt: isoDate(field('createdAt')) ?? '',
  };
  try {
    if (record.parentId === recordId) record.parentId = null;
    readDetails(record, field, author, failed);
    // Reading a record normalised before keeps its mark.
    if ((raw as { [UNREADABLE]?: true })[UNREADABLE] === true) unreadable = true;
  } catch {
    // A trap that throws somewhere deeper (a reactions map's keys…): what was read stays.
    unreadable = true;
  }
  if (unreadable) {
    record.body = '';
    (record as CommentRecord & { [UNREADABLE]?: true })[UNREADABLE] = true;
  }
  return record;
}

/** The optional fields and the body. */
function readDetails(
  record: CommentRecord,
  field: (key: string) => unknown,
  author: (key: string) => unknown,
  failed: () => void,
): void {
  // No body is an empty one; a body of another kind (an object, a Symbol…) is one we cannot show.
  const body = field('body');
  if (body !== undefined && body !== null && text(body) === undefined) failed();
  record.body = text(body) ?? '';
  const url = text(author('url'));
  if (url) record.author.url = url;
  const avatarUrl = text(author('avatarUrl'));
  if (avatarUrl) record.author.avatarUrl = avatarUrl;
  if (author('isThreadOwner') === true) record.author.isThreadOwner = true;

  if (field('bodyFormat') === 'html') record.bodyFormat = 'html';
  const editedAt = isoDate(field('editedAt'));
  if (editedAt) record.editedAt = editedAt;
  const status = field('status');
  if (typeof status === 'string' && STATUSES.has(status)) record.status = status as CommentStatus;
  if (field('viewerIsAuthor') === true) record.viewerIsAuthor = true;
  const rawReactions = field('reactions');
  if (isRecord(rawReactions)) {
    const reactions: NonNullable<CommentRecord['reactions']> = {};
    for (const [key, value] of Object.entries(rawReactions)) {
      if (isRecord(value) && typeof value.count === 'number' && Number.isFinite(value.count)) {
        reactions[key] = { count: Math.max(0, Math.floor(value.count)) };
        if (value.mine === true) reactions[key].mine = true;
      }
    }
    record.reactions = reactions;
  }
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
  const field = reader(raw, () => undefined);
  const list = field('comments');
  if (!Array.isArray(list)) {
    throw new ProviderError('unknown', 'The provider answered something that is not a page of comments.');
  }
  const comments: CommentRecord[] = [];
  let rejected = 0;
  const length = list.length;
  for (let index = 0; index < length; index++) {
    let record: CommentRecord | null = null;
    try {
      record = normalizeRecord(list[index], threadId);
    } catch {
      // An item the list itself cannot hand over (a throwing index getter): left out, counted.
    }
    if (record) comments.push(record);
    else rejected++;
  }
  const result: NormalizedPage = {
    comments,
    nextCursor: text(field('nextCursor')) || null,
    rejected,
  };
  const total = field('total');
  if (typeof total === 'number' && Number.isFinite(total) && total >= 0) {
    result.total = Math.floor(total);
  }
  return result;
}
