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
  /** The last render's conversations, and the memo and group of each. */
  #ids: readonly string[] = [];
  #memos: (readonly unknown[])[] = [];
  #numbers: readonly number[] = [];
  #nextGroup = 0;
  #guard: readonly unknown[] = [];
  #mismatch?: unknown;
  /** Where groups are skipped (Blink): their avatars' addresses, given as they are shown. */
  #avatars = groupsSkip() ? new GroupAvatars() : undefined;

  /**
   * The list showing `roots` (each described by `item`, given its memo, unless its `memo` is what it was),
   * labelled `label`. `adoptFrom`: the server's root to take the list over from. On a server, its HTML.
   * `guard`: while it is what it was (and the list is still in place), nothing is looked at again.
   */
  render(
    label: string,
    roots: readonly DisplayNode[],
    memo: (node: DisplayNode, index: number) => readonly unknown[],
    item: (node: DisplayNode, memo: readonly unknown[]) => El, // keyed by the comment's id
    adoptFrom?: ParentNode,
    guard: readonly unknown[] = [{}],
  ): unknown {
    // Lit removed the list (the thread emptied, or a failed takeover started afresh): build anew.
    const fresh = !this.#list?.parentNode;
    if (!fresh && sameMemo(guard, this.#guard)) return this.#list;
    this.#guard = guard;
    if (fresh) this.#reset();
    const ids = roots.map((node) => node.record.id);
    const last = this.#ids;
    const lastNumbers = this.#numbers;
    const lastMemos = this.#memos;
    // The same conversations in the same order as the last render (a reply, an edit, a view that
    // changed): their groups are what they were, so a long thread's render costs a look at each
    // memo and the descriptions of what changed. Otherwise each is found by its id.
    const same = !fresh && ids.length === last.length && ids.every((id, index) => id === last[index]);
    const at = same ? undefined : new Map(last.map((id, index) => [id, index]));
    const lastGroups = same ? undefined : groupIds(last, lastNumbers);
    const numbers = at ? groups(ids, roots.map(weight), { get: (id) => lastNumbers[at.get(id)!] }, () => this.#nextGroup++) : lastNumbers;
    const memos = roots.map(memo);
    // Each group: where its conversations start and end, and their descriptions once one changed.
    const described: { number: number; start: number; end: number; items?: El[] }[] = [];
    roots.forEach((node, index) => {
      const number = numbers[index];
      const was = at ? at.get(ids[index]) : index;
      // Kept only in the group it was in: moved to another, it is built there.
      const keep = was !== undefined && lastNumbers[was] === number && sameMemo(lastMemos[was], memos[index]);
      let group = described[described.length - 1];
      if (group?.number !== number) described.push((group = { number, start: index, end: index }));
      group.end++;
      if (!keep) group.items ??= ids.slice(group.start, index).map(keptItem);
      group.items?.push(keep ? keptItem(ids[index]) : conversation(item(node, memos[index])));
    });
    const list = h(
      'ol',
      // A list to assistive technology whatever its children are: checkers judge an `<ol>`
      // without a role by its `<li>` children alone, and a group's is not a list item.
      { part: 'list', role: 'list', 'aria-label': label },
      described.map(({ number, start, end, items }) => {
        const key = `${number}`;
        // Kept whole when none of its conversations changed and none came or went.
        const was = lastGroups?.get(number);
        if (!items && (same || (was?.length === end - start && was.every((id, i) => id === ids[start + i])))) return kept('li', key);
        return Object.assign(h('li', { role: 'none' }, h('ol', { role: 'none' }, items ?? ids.slice(start, end).map(keptItem))), { key });
      }),
    );
    this.#ids = ids;
    this.#numbers = numbers;
    this.#memos = memos;
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
    this.#ids = [];
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

/** Each group's conversations, in order, from a render's conversations and their groups. */
function groupIds(ids: readonly string[], numbers: readonly number[]): Map<number, string[]> {
  const byNumber = new Map<number, string[]>();
  ids.forEach((id, index) => {
    const group = byNumber.get(numbers[index]);
    if (group) group.push(id);
    else byNumber.set(numbers[index], [id]);
  });
  return byNumber;
}

/** Stands for a conversation whose description has not changed. */
const keptItem = (id: string): El => kept('li', id);

/** Memos of one conversation: always as long. */
const sameMemo = (a: readonly unknown[], b: readonly unknown[]) => a.every((value, index) => value === b[index]);

/** What Lit's server render writes as it is (as its `unsafeHTML` would; this needs no directive). */
function rawTemplate(markup: string): unknown {
  const strings = Object.assign([markup], { raw: [markup] });
  return { ['_$litType$']: 1, strings, values: [] };
}
