/**
 * What the conformance checks share: the failure type, assertions that say
 * what the contract expects, the record-shape check, and helpers that list a
 * whole thread or build the seeded conversation.
 */
import { PROVIDER_ERROR_CODES } from '../errors.js';
import type { CommentDataProvider, CommentDraft, CommentRecord, GuestDetails, ProviderErrorCode } from '../types.js';

const KNOWN_CODES: ReadonlySet<string> = new Set(PROVIDER_ERROR_CODES);

/**
 * A failed check. `rule` is the check's id (e.g. `"paging"`); the message
 * starts with it and says what the contract expects.
 */
export class ConformanceError extends Error {
  /** The id of the check that failed, once the kit has named it. */
  rule?: string;

  constructor(message: string, rule?: string) {
    super(rule ? `${rule}: ${message}` : message);
    this.name = 'ConformanceError';
    if (rule) this.rule = rule;
  }
}

/** Turns anything a check threw into a ConformanceError that names `rule`. */
export function named(rule: string, thrown: unknown): ConformanceError {
  if (thrown instanceof ConformanceError) {
    if (thrown.rule) return thrown;
    // The same error, its message (and the stack's first line, which runners print) naming the rule.
    const message = `${rule}: ${thrown.message}`;
    thrown.stack = thrown.stack?.replace(thrown.message, message);
    thrown.message = message;
    thrown.rule = rule;
    return thrown;
  }
  const error = new ConformanceError(`the provider threw where the contract expects an answer: ${describeThrown(thrown)}`, rule);
  (error as { cause?: unknown }).cause = thrown;
  return error;
}

function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) {
    const code = (thrown as { code?: unknown }).code;
    return `${thrown.name}${code !== undefined ? ` (code ${show(code)})` : ''}: ${thrown.message}`;
  }
  return show(thrown);
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceError(message);
}

export function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function assertEqual(actual: unknown, expected: unknown, message: string): void {
  assert(show(actual) === show(expected), `${message}: expected ${show(expected)}, got ${show(actual)}`);
}

/** Awaits a rejection and checks it carries a known `code`, one of `allowed`. */
export async function expectRejection(
  promise: Promise<unknown>,
  allowed: readonly ProviderErrorCode[],
  what: string,
): Promise<{ code: ProviderErrorCode; fieldErrors?: Record<string, string> }> {
  let settled: unknown;
  try {
    settled = await promise;
  } catch (thrown) {
    const error = thrown as { code?: unknown; fieldErrors?: Record<string, string> } | null;
    assert(
      error !== null && typeof error === 'object' && typeof error.code === 'string' && KNOWN_CODES.has(error.code),
      `${what}: the rejection must be an object with one of the contract's codes, got ${show(thrown)} (${String(thrown)})`,
    );
    const code = error.code as ProviderErrorCode;
    assert(allowed.includes(code), `${what}: expected code ${allowed.join(' or ')}, got "${code}"`);
    return { code, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) };
  }
  throw new ConformanceError(`${what}: expected a rejection, but it resolved with ${show(settled)}`);
}

export function isIsoDate(value: unknown): boolean {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

/** The record shape of the contract; `where` names the record in messages. */
export function checkRecord(record: CommentRecord, where: string): void {
  assert(record !== null && typeof record === 'object', `${where}: a record must be an object`);
  assert(typeof record.id === 'string' && record.id.length > 0, `${where}: id must be a non-empty string`);
  assert(typeof record.threadId === 'string', `${where}: threadId must be a string`);
  assert(record.parentId === null || typeof record.parentId === 'string', `${where}: parentId must be a string or null`);
  assert(record.author !== null && typeof record.author === 'object', `${where}: author must be an object`);
  assert(typeof record.author.name === 'string', `${where}: author.name must be a string`);
  for (const key of ['url', 'avatarUrl'] as const) {
    assert(record.author[key] === undefined || typeof record.author[key] === 'string', `${where}: author.${key} must be a string when present`);
  }
  assert(typeof record.body === 'string', `${where}: body must be a string`);
  assert(record.bodyFormat === undefined || record.bodyFormat === 'markdown' || record.bodyFormat === 'html', `${where}: bodyFormat must be markdown or html`);
  assert(isIsoDate(record.createdAt), `${where}: createdAt must be an ISO 8601 date, got ${show(record.createdAt)}`);
  assert(record.editedAt === undefined || isIsoDate(record.editedAt), `${where}: editedAt must be an ISO 8601 date when present`);
  assert(
    record.status === undefined || ['approved', 'pending', 'deleted'].includes(record.status),
    `${where}: status must be approved, pending or deleted, got ${show(record.status)}`,
  );
}

/** An optional member is absent (`undefined`: the elements test it before calling) or a method. */
export function checkMember(provider: CommentDataProvider, member: keyof CommentDataProvider): void {
  const value = (provider as unknown as Record<string, unknown>)[member];
  assert(value === undefined || typeof value === 'function', `${member} must be a method or absent, got ${show(value)}`);
}

let counter = 0;
/** Unique text for bodies and keys, so a check finds exactly its own comments. */
export function unique(prefix: string): string {
  counter++;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export interface ListedPage {
  comments: CommentRecord[];
  total?: number;
  nextCursor?: string | null;
}

/** Every record of a thread, page by page; fails on a cursor loop. */
export async function listAll(provider: CommentDataProvider, threadId: string, order: 'oldest' | 'newest' = 'oldest', limit = 50) {
  const pages: ListedPage[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 200; guard++) {
    const page: ListedPage = await provider.listComments(threadId, { cursor, limit, order });
    assert(page && Array.isArray(page.comments), `listComments must answer { comments: [...] }, got ${show(page)}`);
    pages.push(page);
    cursor = page.nextCursor ?? null;
    if (!cursor) return { pages, records: pages.flatMap((each) => each.comments) };
  }
  throw new ConformanceError('listComments: the cursors never ended (200 pages)');
}

/**
 * The seeded conversation: four top-level comments, two with replies, one
 * reply to a reply; times one minute apart in this order.
 */
export function conversation(threadId: string): CommentRecord[] {
  const tag = unique('c');
  const base = Date.parse('2020-05-01T10:00:00Z');
  const at = (minute: number) => new Date(base + minute * 60_000).toISOString();
  const make = (key: string, parent: string | null, minute: number): CommentRecord => ({
    id: `${tag}-${key}`,
    threadId,
    parentId: parent ? `${tag}-${parent}` : null,
    author: { name: `Author ${key}` },
    body: `Seeded comment ${key} (${tag})`,
    createdAt: at(minute),
    status: 'approved',
  });
  return [
    make('t1', null, 0),
    make('r1', 't1', 1),
    make('t2', null, 2),
    make('r2', 't2', 3),
    make('t3', null, 4),
    make('rr2', 'r2', 5),
    make('t4', null, 6),
  ];
}

/** What every check gets from the kit. */
export interface CheckContext {
  createProvider: () => Promise<CommentDataProvider>;
  /** A fresh thread id. */
  newThread: () => Promise<string>;
  /** A guest's draft with a fresh idempotency key. */
  draft: (threadId: string, text: string, parentId?: string | null) => CommentDraft;
  /** A thread holding the seeded conversation (by the seed hook, or posted); what the backend stored. */
  threadWithConversation: (provider: CommentDataProvider) => Promise<{ threadId: string; records: CommentRecord[]; seeded: boolean }>;
  guest: GuestDetails;
  liveTimeout: number;
  sharedBackend: boolean;
  seed?: (threadId: string, records: CommentRecord[]) => Promise<void>;
  closeThread?: (threadId: string) => Promise<void>;
  /** A provider on the same backend as `reader` whose current reader moderates. */
  moderator?: (reader: CommentDataProvider) => Promise<CommentDataProvider>;
}

/** The options' hooks a check may need. */
export type CheckHook = 'seed' | 'closeThread' | 'moderator';

/** One rule of the contract, registered as one test. */
export interface CheckDefinition {
  id: string;
  title: string;
  /**
   * When the check applies: a provider member it exercises, or a hook of the
   * options it needs. Without it the check is not registered, and the report
   * says why.
   */
  needs?: { member: keyof CommentDataProvider; hooks?: CheckHook[] } | { hook: CheckHook };
  run: (context: CheckContext) => Promise<void>;
}
