import { isServer, nothing } from 'lit';
import type { DisplayNode } from '../core/tree.js';
import { GroupAvatars, groupsSkip } from './group-avatars.js';
import { groups, weight } from './list-groups.js';
import { build, h, kept, refresh, take, toHTML, type El } from './nodes.js';

/**
 * The thread's list of conversations, outside Lit's parts (see ./nodes.ts): one `<ol>` whose
 * children the list patches itself. A conversation is described again only when its memo
 * changed (its nodes, the reader's view of it, the environment…); the others' DOM is left as it
 * is, and a group of them (see ./list-groups.ts) none of which changed is not looked into. To Lit
 * the list is one node: the same `<ol>` on every render, the server's own when the element takes
 * over a server's markup (as a comment body is).
 *
 * The markup: `<ol part="list" role="list">` › `<li role="none">` › `<ol role="none">` ›
 * `<li role="listitem" part="item">` a conversation. To assistive technology the groups are not
 * there: one list of conversations.
 */
export class CommentList {
  #list?: Element;
  #memos = new Map<string, readonly unknown[]>();
  /** Each conversation's group, and each group's conversations, as the DOM has them. */
  #groupOf = new Map<string, number>();
  #groups = new Map<number, readonly string[]>();
  #nextGroup = 0;
  #mismatch?: unknown;
  /** Where groups are skipped (Blink): their avatars' addresses, given as they are shown. */
  #avatars = groupsSkip() ? new GroupAvatars() : undefined;

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
    if (fresh) this.#reset();
    const before = this.#memos;
    const groupOf = this.#groupOf;
    const ids = roots.map((node) => node.record.id);
    const numbers = groups(ids, roots.map(weight), groupOf, () => this.#nextGroup++);
    const now = (this.#memos = new Map());
    const nowGroupOf = (this.#groupOf = new Map());
    // Each group: its conversations, their descriptions, and whether all of them are kept.
    const described: { number: number; ids: string[]; items: El[]; kept: boolean }[] = [];
    roots.forEach((node, index) => {
      const id = ids[index];
      const number = numbers[index];
      const inputs = memo(node, index);
      const was = before.get(id);
      now.set(id, inputs);
      nowGroupOf.set(id, number);
      // Kept only in the group it was in: moved to another, it is built there.
      const same = was !== undefined && groupOf.get(id) === number && sameMemo(was, inputs);
      let group = described[described.length - 1];
      if (group?.number !== number) described.push((group = { number, ids: [], items: [], kept: true }));
      group.ids.push(id);
      group.kept &&= same;
      group.items.push(same ? kept('li', id) : conversation(item(node, inputs)));
    });
    const list = h(
      'ol',
      // A list to assistive technology whatever its children are: checkers judge an `<ol>`
      // without a role by its `<li>` children alone, and a group's is not a list item.
      { part: 'list', role: 'list', 'aria-label': label },
      described.map(({ number, ids, items, kept: all }) => {
        const key = `${number}`;
        // Kept whole when none of its conversations changed and none came or went.
        const was = this.#groups.get(number);
        if (all && was?.length === ids.length && was.every((id, i) => id === ids[i])) return kept('li', key);
        return Object.assign(h('li', { role: 'none' }, h('ol', { role: 'none' }, items)), { key });
      }),
    );
    this.#groups = new Map(described.map(({ number, ids }) => [number, ids]));
    if (isServer) return rawTemplate(toHTML(list));
    if (!fresh) refresh(this.#list!, list);
    else {
      const server = adoptFrom?.querySelector('ol[part~="list"]');
      try {
        // No list from the server: the root is no `<ol>` either, so taking it over fails.
        this.#list = adoptFrom ? take(server ?? adoptFrom, list) : build(list);
        this.#avatars?.follow(this.#list);
      } catch (error) {
        // Thrown here, Lit's hydration would be tried again on the next render: see takenOver().
        this.#mismatch = error;
        this.#reset();
        return server ?? nothing;
      }
    }
    this.#avatars?.update(this.#list!);
    return this.#list;
  }

  /** Nothing is rendered: every conversation is described and grouped anew. */
  #reset(): void {
    this.#memos = new Map();
    this.#groupOf = new Map();
    this.#groups = new Map();
  }

  /** After the render that took a server's markup over: throws if the list's markup did not match. */
  takenOver(): void {
    const mismatch = this.#mismatch;
    this.#mismatch = undefined;
    if (mismatch) throw mismatch;
  }
}

/**
 * A conversation's `<li>`, a list item to assistive technology: its group's `<ol role="none">`
 * would otherwise make it presentational too (ARIA's inherited presentational role).
 */
const conversation = (li: El): El => ({ ...li, attrs: { ...li.attrs, role: 'listitem' } });

/** Memos of one conversation: always as long. */
const sameMemo = (a: readonly unknown[], b: readonly unknown[]) => a.every((value, index) => value === b[index]);

/** What Lit's server render writes as it is (as its `unsafeHTML` would; this needs no directive). */
function rawTemplate(markup: string): unknown {
  const strings = Object.assign([markup], { raw: [markup] });
  return { ['_$litType$']: 1, strings, values: [] };
}
