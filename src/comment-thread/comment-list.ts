import { isServer, nothing } from 'lit';
import type { DisplayNode } from '../core/tree.js';
import { build, h, kept, refresh, take, toHTML, type El } from './nodes.js';

/**
 * The thread's list of conversations, outside Lit's parts (see ./nodes.ts): one `<ol>` whose
 * children the list patches itself. A conversation is described again only when its memo
 * changed (its nodes, the reader's view of it, the environment…); the others' DOM is left as it
 * is. To Lit the list is one node: the same `<ol>` on every render, the server's own when the
 * element takes over a server's markup (as a comment body is).
 */
export class CommentList {
  #list?: Element;
  #memos = new Map<string, readonly unknown[]>();
  #mismatch?: unknown;

  /**
   * The list showing `roots` (each described by `item`, given its memo, unless its `memo` is what it was),
   * labelled `label`. `adoptFrom`: the server's root to take the list over from. On a server, its HTML.
   */
  render(
    label: string,
    roots: readonly DisplayNode[],
    memo: (node: DisplayNode, index: number) => readonly unknown[],
    item: (node: DisplayNode, memo: readonly unknown[]) => El, // keyed by the comment's id
    adoptFrom?: ParentNode,
  ): unknown {
    // Lit removed the list (the thread emptied, or a failed takeover started afresh): build anew.
    const fresh = !this.#list?.parentNode;
    const before = fresh ? new Map<string, readonly unknown[]>() : this.#memos;
    const now = (this.#memos = new Map());
    const items = roots.map((node, index) => {
      const id = node.record.id;
      const inputs = memo(node, index);
      const was = before.get(id);
      now.set(id, inputs);
      return was && sameMemo(was, inputs) ? kept('li', id) : item(node, inputs);
    });
    const list = h('ol', { part: 'list', 'aria-label': label }, items);
    if (isServer) return rawTemplate(toHTML(list));
    if (!fresh) refresh(this.#list!, list);
    else {
      const server = adoptFrom?.querySelector('ol[part~="list"]');
      try {
        // No list from the server: the root is no `<ol>` either, so taking it over fails.
        this.#list = adoptFrom ? take(server ?? adoptFrom, list) : build(list);
      } catch (error) {
        // Thrown here, Lit's hydration would be tried again on the next render: see takenOver().
        this.#mismatch = error;
        this.#memos = new Map();
        return server ?? nothing;
      }
    }
    return this.#list;
  }

  /** After the render that took a server's markup over: throws if the list's markup did not match. */
  takenOver(): void {
    const mismatch = this.#mismatch;
    this.#mismatch = undefined;
    if (mismatch) throw mismatch;
  }
}

/** Memos of one conversation: always as long. */
const sameMemo = (a: readonly unknown[], b: readonly unknown[]) => a.every((value, index) => value === b[index]);

/** What Lit's server render writes as it is (as its `unsafeHTML` would; this needs no directive). */
function rawTemplate(markup: string): unknown {
  const strings = Object.assign([markup], { raw: [markup] });
  return { ['_$litType$']: 1, strings, values: [] };
}
