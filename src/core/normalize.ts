import { ProviderError } from '../errors.js';
import type { CommentPage, CommentRecord, CommentStatus } from '../types.js';

const STATUSES: ReadonlySet<string> = new Set<CommentStatus>(['approved', 'pending', 'deleted']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function id(value: unknown): string | undefined {
  const result = text(value)?.trim();
  return result ? result : undefined;
}

/** An ISO date the browser can read, else the epoch (the record still shows). */
function isoDate(value: unknown): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const time = Date.parse(raw);
  return Number.isNaN(time) ? undefined : raw;
}

/**
 * Reads one record from provider data that may be malformed: missing fields,
 * wrong types, numbers for ids. Returns `null` only when the record cannot be
 * placed at all (no id); every other defect is repaired so the comment shows.
 */
export function normalizeRecord(raw: unknown, fallbackThreadId = ''): CommentRecord | null {
  if (!isRecord(raw)) return null;
  const recordId = id(raw.id);
  if (!recordId) return null;

  const author = isRecord(raw.author) ? raw.author : {};
  const name = text(author.name)?.trim();
  const record: CommentRecord = {
    id: recordId,
    threadId: id(raw.threadId) ?? fallbackThreadId,
    parentId: id(raw.parentId) ?? null,
    author: { name: name || '' },
    body: text(raw.body) ?? '',
    createdAt: isoDate(raw.createdAt) ?? new Date(0).toISOString(),
  };
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
