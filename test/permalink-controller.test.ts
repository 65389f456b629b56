import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { PermalinkController, commentIdFromHash, pathTo, type PermalinkTarget } from '../src/controllers/permalink-controller.js';
import { buildDisplayTree } from '../src/core/tree.js';
import { record, until } from './helpers.js';

class LinkHostElement extends LitElement {
  pages: string[][] = [['a1', 'b2'], ['c3']];
  loaded = new Set(['a1', 'b2']);
  shown: string[] = [];
  readonly target: PermalinkTarget = {
    ready: () => true,
    has: (id) => this.loaded.has(id),
    hasMore: () => this.loaded.size < 3,
    loadMore: () => {
      for (const id of this.pages[1]) this.loaded.add(id);
      this.permalink.reveal();
    },
    show: (id) => this.shown.push(id),
  };
  readonly permalink = new PermalinkController(this, this.target);
}
customElements.define('link-host-test', LinkHostElement);

describe('PermalinkController', () => {
  afterEach(() => history.replaceState(null, '', location.pathname + location.search));

  it('reads the comment id from the address, undoing escapes and keeping a malformed one as written', () => {
    expect(commentIdFromHash('#comment-a1')).to.equal('a1');
    expect(commentIdFromHash('#comment-%C3%A9t%C3%A9')).to.equal('été');
    expect(commentIdFromHash('#comment-%')).to.equal('%');
    expect(commentIdFromHash('#respond')).to.equal(undefined);
    expect(commentIdFromHash('')).to.equal(undefined);
  });

  it('finds the way down to a comment: each step’s parent and index', () => {
    const tree = buildDisplayTree([record('a1', null), record('b2', null), record('r3', 'b2'), record('r4', 'b2'), record('s5', 'r4')]);
    expect(pathTo(tree, 's5').map((step) => [step.parent?.record.id ?? null, step.index])).to.deep.equal([
      [null, 1],
      ['b2', 1],
      ['r4', 0],
    ]);
    expect(pathTo(tree, 'nope')).to.deep.equal([]);
  });

  it('shows a loaded comment, loads pages until a later one comes, and says when one never does', async () => {
    const host = await fixture<LinkHostElement>(html`<link-host-test></link-host-test>`);
    location.hash = '#comment-b2';
    await until(() => host.shown.includes('b2'), 'b2 shown');
    location.hash = '#comment-c3';
    await until(() => host.shown.includes('c3'), 'c3 shown after the next page');
    expect(host.permalink.missing).to.equal(false);
    location.hash = '#comment-zz';
    await until(() => host.permalink.missing, 'missing');
  });

  it('stops following the address once the element is gone', async () => {
    const host = await fixture<LinkHostElement>(html`<link-host-test></link-host-test>`);
    host.remove();
    location.hash = '#comment-a1';
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(host.shown).to.deep.equal([]);
  });
});
