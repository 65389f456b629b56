// src/comment-thread/comment-list.ts: the thread's list of conversations, patched in place.
import { expect } from '@open-wc/testing';
import { CommentList } from '../src/comment-thread/comment-list.js';
import { h, type El } from '../src/comment-thread/nodes.js';
import type { DisplayNode } from '../src/core/tree.js';
import { record } from './helpers.js';

/** `count` one-comment conversations, c0…: enough for several groups of 25 comments. */
const conversations = (count: number): DisplayNode[] =>
  Array.from({ length: count }, (_, i) => ({ record: record(`c${i}`, null), depth: 1, children: [] }));

/** A list in the document, each conversation described as its id and its memo's second item; `described` lists whom it described. */
function mount() {
  const list = new CommentList();
  const host = document.createElement('div');
  document.body.append(host);
  const described: string[] = [];
  const render = (roots: readonly DisplayNode[], stamps: ReadonlyMap<string, unknown> = new Map(), guard?: readonly unknown[]) => {
    described.length = 0;
    const ol = list.render(
      'Comments',
      roots,
      (node) => [node, stamps.get(node.record.id) ?? 'same'],
      (node, memo): El => {
        described.push(node.record.id);
        return { ...h('li', { part: 'item' }, `${node.record.id} ${String(memo[1])}`), key: node.record.id };
      },
      undefined,
      guard,
    ) as Element;
    if (!ol.parentNode) host.append(ol);
    return ol;
  };
  const items = () => [...host.querySelectorAll('li[part~="item"]')];
  const texts = () => items().map((li) => li.textContent);
  return { render, described, items, texts, host };
}

describe('CommentList', () => {
  it('describes again only the conversation whose memo changed, and keeps every other element, in a list of several groups', () => {
    const { render, described, items, texts, host } = mount();
    const roots = conversations(80);
    render(roots);
    expect(described.length).to.equal(80);
    expect(host.querySelectorAll('ol > li[role="none"]').length, 'groups').to.be.greaterThan(2);
    const before = items();
    // The same conversations in the same order, as a new array (a new tree keeps their nodes).
    render([...roots], new Map([['c57', 'changed']]));
    expect(described).to.deep.equal(['c57']);
    expect(texts()[57]).to.equal('c57 changed');
    expect(items().filter((li, i) => li !== before[i]).length, 'elements replaced').to.equal(0);
    render([...roots], new Map([['c57', 'changed']]));
    expect(described, 'nothing changed').to.deep.equal([]);
    render(roots);
    expect(described).to.deep.equal(['c57']);
    expect(texts()).to.deep.equal(roots.map((node) => `${node.record.id} same`));
    host.remove();
  });

  it('finds each conversation by its id when they came, went or moved: the DOM is what a fresh list would show', () => {
    const { render, described, texts, items, host } = mount();
    const roots = conversations(80);
    render(roots);
    const kept = items()[40];
    // A new one in the middle: only it is described, the others stay in their groups.
    const added: DisplayNode = { record: record('n1', null), depth: 1, children: [] };
    const inserted = [...roots.slice(0, 30), added, ...roots.slice(30)];
    render(inserted);
    expect(described).to.deep.equal(['n1']);
    expect(texts()).to.deep.equal(inserted.map((node) => `${node.record.id} same`));
    expect(items()[41]).to.equal(kept);
    // Two neighbours swapped (as many conversations, other ids at two places): moved, not described again.
    const swapped = [...inserted];
    [swapped[5], swapped[6]] = [swapped[6], swapped[5]];
    render(swapped);
    expect(described).to.deep.equal([]);
    expect(texts()).to.deep.equal(swapped.map((node) => `${node.record.id} same`));
    // Gone, and reversed (a new order): the DOM follows, in order.
    const reversed = [...roots.slice(0, 50)].reverse();
    render(reversed);
    expect(texts()).to.deep.equal(reversed.map((node) => `${node.record.id} same`));
    // And a changed memo right after, the fast way again.
    render(reversed, new Map([['c3', 'x']]));
    expect(described).to.deep.equal(['c3']);
    expect(texts()).to.deep.equal(reversed.map((node) => `${node.record.id} ${node.record.id === 'c3' ? 'x' : 'same'}`));
    host.remove();
  });

  it('does not look at the conversations while its guard is what it was, and does once it changes', () => {
    const { render, described, texts, host } = mount();
    const roots = conversations(30);
    const tree = {};
    const first = render(roots, new Map(), [tree, 1]);
    expect(described.length).to.equal(30);
    // The same guard: the memos are not even asked for (a changed one is not seen).
    expect(render(roots, new Map([['c2', 'changed']]), [tree, 1])).to.equal(first);
    expect(described).to.deep.equal([]);
    expect(texts()[2]).to.equal('c2 same');
    // Another guard (a view changed): the change is found.
    render(roots, new Map([['c2', 'changed']]), [tree, 2]);
    expect(described).to.deep.equal(['c2']);
    expect(texts()[2]).to.equal('c2 changed');
    // Without a guard, every render looks.
    render(roots);
    render(roots);
    expect(described).to.deep.equal([]);
    render(roots, new Map([['c4', 'x']]));
    expect(described).to.deep.equal(['c4']);
    host.remove();
  });
});
