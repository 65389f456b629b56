import { expect, fixture, html } from '@open-wc/testing';
import '../../src/comment-thread/define.js';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import type { CommentDataProvider, ListOptions } from '../../src/types.js';
import { shadow } from '../helpers.js';

/** Errors that escaped to the window while a test ran. */
export interface Escapes {
  readonly errors: string[];
  stop(): void;
}

/**
 * For the enclosing `describe`: every test starts with empty storage and fails when an error or
 * an unhandled rejection escapes while it runs.
 */
export function failOnEscapes(): void {
  let escapes: Escapes;
  beforeEach(() => {
    localStorage.clear();
    escapes = watchEscapes();
  });
  afterEach(() => {
    escapes.stop();
    expect(escapes.errors, 'nothing escapes as an uncaught error').to.deep.equal([]);
    localStorage.clear();
  });
}

export function watchEscapes(): Escapes {
  const errors: string[] = [];
  const onError = (event: ErrorEvent) => errors.push(`error: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) => errors.push(`unhandled rejection: ${String(event.reason?.message ?? event.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    errors,
    stop() {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}

/**
 * A provider that answers pages of raw, possibly malformed data: no
 * normalising on the provider's side, so the element sees exactly this.
 */
export function rawProvider(pages: unknown[] | ((options: ListOptions, call: number) => unknown)): CommentDataProvider & { calls: ListOptions[] } {
  const calls: ListOptions[] = [];
  return {
    calls,
    async listComments(_threadId: string, options: ListOptions = {}) {
      calls.push(options);
      const call = calls.length - 1;
      if (typeof pages === 'function') return pages(options, call) as never;
      const index = options.cursor ? Number(options.cursor) : 0;
      return pages[index] as never;
    },
    async postComment() {
      throw { code: 'forbidden', message: 'read only' };
    },
  };
}

/** One page holding `comments`, with no further page. */
export function onePage(comments: unknown[], extra: Record<string, unknown> = {}): unknown[] {
  return [{ comments, ...extra }];
}

export async function mountThread(provider: CommentDataProvider, attributes: { pageSize?: number; maxDepth?: number } = {}) {
  return fixture<CommentThread>(html`<comment-thread
    .provider=${provider}
    thread-id="t"
    thread-title="Malformed"
    page-size=${attributes.pageSize ?? 50}
    max-depth=${attributes.maxDepth ?? 5}
  ></comment-thread>`);
}

export { shownIds } from '../helpers.js';

export function bodyOf(thread: Element, id: string): string {
  const article = [...shadow(thread).querySelectorAll('article[part~="comment"]')].find((candidate) => candidate.id === `comment-${id}`);
  return article?.querySelector('[part~="body"]')?.textContent?.trim() ?? '';
}

export function ok(id: string, parentId: string | null = null, extra: Record<string, unknown> = {}) {
  return {
    id,
    threadId: 't',
    parentId,
    author: { name: `Author ${id}` },
    body: `Body of ${id}`,
    createdAt: new Date(Date.UTC(2024, 0, 1) + (Number.parseInt(id.replace(/\D/g, ''), 10) || 0) * 1000).toISOString(),
    ...extra,
  };
}
