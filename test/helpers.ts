import type { CommentRecord, IdentityOption } from '../src/types.js';

export interface ThreadFixture {
  thread: { id: string; title: string; ownerName?: string };
  maxDepth: number;
  expected: {
    header?: string;
    displayOrder: string[];
    displayDepth: Record<string, number>;
    inReplyTo?: Record<string, string>;
  };
  comments: CommentRecord[];
  identityOptions?: (IdentityOption & { note?: string })[];
  strings?: Record<string, unknown>;
}

/** The shared fixtures, copied into test/fixtures. */
export async function loadFixture(name: 'myth-of-networking' | 'clamping'): Promise<ThreadFixture> {
  const response = await fetch(new URL(`./fixtures/${name}.json`, import.meta.url));
  return (await response.json()) as ThreadFixture;
}

/** Waits until `check` returns a truthy value (polled every few ms), or fails after `timeout`. */
export async function until<T>(check: () => T | null | undefined | false, message = 'condition', timeout = 4000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() - start > timeout) throw new Error(`Timed out waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The element's shadow root, typed for queries. */
export function shadow(element: Element): ShadowRoot {
  const root = element.shadowRoot;
  if (!root) throw new Error(`${element.localName} has no shadow root`);
  return root;
}

/** The comments a thread shows: folded replies are in the document too, hidden until found. */
const SHOWN = 'article[part~="comment"]:not([hidden] *)';

/** Display order and depth of the comments a thread shows. */
export function shownComments(thread: Element): { id: string; depth: number; text: string }[] {
  return [...shadow(thread).querySelectorAll<HTMLElement>(SHOWN)].map((article) => ({
    id: article.id.replace(/^comment-/, ''),
    depth: Number(article.closest('li')?.dataset.depth),
    text: article.textContent ?? '',
  }));
}

/** The ids of the comments a thread shows, in order (cheaper than {@link shownComments} on long threads). */
export function shownIds(thread: Element): string[] {
  return [...shadow(thread).querySelectorAll(SHOWN)].map((article) => article.id.replace(/^comment-/, ''));
}

/** Sets a text field's value as typing would, firing `input`. */
export function type(field: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** The `<comment-form>` inside a thread. */
export function formOf(thread: Element): HTMLElement & { updateComplete: Promise<boolean> } {
  const form = shadow(thread).querySelector('comment-form');
  if (!form) throw new Error('no comment-form in the thread');
  return form as HTMLElement & { updateComplete: Promise<boolean> };
}

/** How many lists `article` is in (the thread's groups of conversations, `role="none"`, are none). */
export function listDepth(article: Element): number {
  let depth = 0;
  for (let node: Element | null = article; node; node = node.parentElement) if (node.localName === 'ol' && node.getAttribute('role') !== 'none') depth++;
  return depth;
}

export function record(id: string, parentId: string | null, extra: Partial<CommentRecord> = {}): CommentRecord {
  return {
    id,
    threadId: 't',
    parentId,
    author: { name: `Author ${id}` },
    body: `Body of ${id}`,
    createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, Number.parseInt(id.replace(/\D/g, '') || '0', 10))).toISOString(),
    ...extra,
  };
}

/** Records every moment focus falls back to <body> while a journey runs. */
export function watchFocus() {
  const lost: string[] = [];
  let step = 'start';
  const check = () =>
    setTimeout(() => {
      if (document.activeElement === document.body || document.activeElement === null) lost.push(step);
    });
  document.addEventListener('focusout', check, true);
  return {
    lost,
    set step(name: string) {
      step = name;
    },
    stop: () => document.removeEventListener('focusout', check, true),
  };
}
