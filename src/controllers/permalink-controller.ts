import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DisplayNode, DisplayTree } from '../core/tree.js';

/** The prefix of a comment's id in the page: `#comment-{id}`. */
export const COMMENT_ID_PREFIX = 'comment-';

/** The comment id the page's address names (`#comment-{id}`), or `undefined`. */
export function commentIdFromHash(hash: string): string | undefined {
  let text = hash.startsWith('#') ? hash.slice(1) : hash;
  try {
    text = decodeURIComponent(text);
  } catch {
    // A malformed escape (`#%`) is read as written: an address anyone can type never breaks the thread.
  }
  return text.startsWith(COMMENT_ID_PREFIX) ? text.slice(COMMENT_ID_PREFIX.length) : undefined;
}

/**
 * The way from the top of `tree` down to the comment `id`: for each comment on it, its index
 * among its siblings (`parent` undefined for a top-level comment). Empty when `id` is not shown.
 */
export function pathTo(tree: Pick<DisplayTree, 'roots'>, id: string): { parent?: DisplayNode; index: number }[] {
  const parentOf = new Map<DisplayNode, DisplayNode | undefined>();
  const stack: DisplayNode[] = [...tree.roots];
  for (const root of stack) parentOf.set(root, undefined);
  let target: DisplayNode | undefined;
  while (stack.length && !target) {
    const node = stack.pop()!;
    if (node.record.id === id) target = node;
    for (const child of node.children) {
      parentOf.set(child, node);
      stack.push(child);
    }
  }
  const path: { parent?: DisplayNode; index: number }[] = [];
  for (let node = target; node; node = parentOf.get(node)) {
    const parent = parentOf.get(node);
    path.unshift({ parent, index: (parent ? parent.children : tree.roots).indexOf(node) });
  }
  return path;
}

/** What following a permalink needs from the thread. */
export interface PermalinkTarget {
  /** The thread has its first page and can be searched. */
  ready(): boolean;
  /** Whether comment `id` is loaded. */
  has(id: string): boolean;
  /** Whether a further page can be loaded. */
  hasMore(): boolean;
  /** Loads the next page (the thread calls `reveal` again when it is in). */
  loadMore(): void;
  /** Shows, highlights and focuses comment `id`. */
  show(id: string): void;
}

/**
 * Follows `#comment-{id}` in the page's address, now and on every `hashchange`: loads pages until
 * the comment is in, then has the thread show it; says when it never came (`missing`).
 */
export class PermalinkController implements ReactiveController {
  /** The address names a comment that is not in the thread. */
  missing = false;
  readonly #host: ReactiveControllerHost;
  readonly #target: PermalinkTarget;

  constructor(host: ReactiveControllerHost, target: PermalinkTarget) {
    this.#host = host;
    this.#target = target;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('hashchange', this.#onHashChange);
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this.#onHashChange);
  }

  #onHashChange = () => this.reveal();

  /** Goes to the comment the address names, if any (call when a page of the thread arrived). */
  reveal(): void {
    const id = commentIdFromHash(location.hash);
    if (id === undefined || !this.#target.ready()) return;
    if (this.#target.has(id)) {
      if (this.missing) {
        this.missing = false;
        this.#host.requestUpdate();
      }
      this.#target.show(id);
    } else if (this.#target.hasMore()) {
      this.#target.loadMore();
    } else if (!this.missing) {
      this.missing = true;
      this.#host.requestUpdate();
    }
  }
}
