// src/comment-thread/nodes.ts: the comments' DOM described by plain objects, built, patched in
// place, written as HTML by a server and taken over from it.
import { expect } from '@open-wc/testing';
import { html } from 'lit';
import { build, h, kept, Live, live, Mismatch, patch, Raw, refresh, take, toHTML, type El } from '../src/comment-thread/nodes.js';

const comments = (node: Node) => {
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_COMMENT);
  let count = 0;
  while (walker.nextNode()) count++;
  return count;
};

/** A list of comments as the thread describes it: keyed items with a button each. */
function list(ids: string[], clicked: (id: string) => void, pressed = new Set<string>()): El {
  return h(
    'ol',
    { part: 'list' },
    ids.map((id) =>
      Object.assign(
        h(
          'li',
          { part: 'item', 'data-id': id },
          h('p', { class: 'note' }, 'By ', id, '.'),
          h('button', { type: 'button', 'aria-pressed': pressed.has(id) ? 'true' : 'false', '@click': () => clicked(id) }, 'Like'),
        ),
        { key: id },
      ),
    ),
  );
}

describe('comment nodes', () => {
  it('joins adjacent text as the HTML parser does, and leaves out what is absent', () => {
    const el = h('p', {}, 'a', '1', '', null, false, undefined, [['b']], h('b', {}), 'c');
    expect(el.kids).to.deep.equal(['a1b', h('b', {}), 'c']);
  });

  it('builds elements with their attributes and listeners, and no marker nodes', () => {
    const clicks: string[] = [];
    const ol = build(list(['a', 'b'], (id) => clicks.push(id)));
    expect(ol.outerHTML).to.equal(
      '<ol part="list"><li part="item" data-id="a"><p class="note">By a.</p><button type="button" aria-pressed="false">Like</button></li>' +
        '<li part="item" data-id="b"><p class="note">By b.</p><button type="button" aria-pressed="false">Like</button></li></ol>',
    );
    expect(comments(ol)).to.equal(0);
    ol.querySelectorAll('button')[1].click();
    expect(clicks).to.deep.equal(['b']);
  });

  it('patches in place: the same elements, the focus kept, attributes and listeners brought up to date', () => {
    const clicks: string[] = [];
    const ol = build(list(['a', 'b'], (id) => clicks.push(`old ${id}`)));
    document.body.append(ol);
    const button = ol.querySelectorAll('button')[0];
    button.focus();
    refresh(ol, list(['a', 'b'], (id) => clicks.push(`new ${id}`), new Set(['a'])));
    expect(ol.querySelectorAll('button')[0]).to.equal(button);
    expect(button.getAttribute('aria-pressed')).to.equal('true');
    expect(document.activeElement).to.equal(button);
    button.click();
    expect(clicks).to.deep.equal(['new a']);
    // An attribute described as absent goes; one the description does not name is not its own.
    ol.setAttribute('data-page', 'kept');
    refresh(ol, h('ol', { part: null }, list(['a', 'b'], () => {}).kids));
    expect(ol.hasAttribute('part')).to.equal(false);
    expect(ol.getAttribute('data-page')).to.equal('kept');
    expect(ol.querySelectorAll('button')[0]).to.equal(button);
    ol.remove();
  });

  it('keeps keyed items with their elements when they move, come and go', () => {
    const ol = build(list(['a', 'b', 'c'], () => {}));
    const [a, b, c] = [...ol.children];
    refresh(ol, list(['c', 'a', 'd'], () => {}));
    expect([...ol.children].map((li) => li.getAttribute('data-id'))).to.deep.equal(['c', 'a', 'd']);
    expect(ol.children[0]).to.equal(c);
    expect(ol.children[1]).to.equal(a);
    expect(b.isConnected).to.equal(false);
    // An item whose description has not changed is kept as it is, wherever it goes.
    c.setAttribute('data-id', 'untouched');
    refresh(ol, h('ol', { part: 'list' }, list(['a'], () => {}).kids, kept('li', 'c')));
    expect([...ol.children]).to.deep.equal([a, c]);
    expect(c.getAttribute('data-id')).to.equal('untouched');
  });

  it('places nodes and Lit values given as they are, and clears a Lit value it no longer shows', () => {
    const form = document.createElement('textarea');
    const describe = (dialog: unknown, withForm: boolean) =>
      h('div', {}, h('span', {}, 'text'), live(dialog, 'dialog'), withForm && h('div', { class: 'form' }, live(form, 'form')));
    const div = build(describe(html`<p id="dialog">Sure?</p>`, true));
    expect(div.querySelector('#dialog')!.textContent).to.equal('Sure?');
    expect(div.querySelector('.form > textarea')).to.equal(form);
    expect(div.lastElementChild!.className).to.equal('form');
    refresh(div, describe(html`<p id="dialog">Really?</p>`, true));
    expect(div.querySelector('#dialog')!.textContent).to.equal('Really?');
    expect(live(undefined, 'dialog')).to.equal(null);
    // `live` of nothing is no child: the dialog and its Lit markers are gone, the form's wrapper too.
    refresh(div, describe(undefined, false));
    expect(div.innerHTML).to.equal('<span>text</span>');
  });

  it('writes on a server the HTML the browser builds, escaped, and takes it over node for node', () => {
    const clicks: string[] = [];
    const described = () =>
      h('div', { title: 'a "quoted" <b> & more' }, h('p', {}, '<script>alert(1)</script> & done'), list(['a'], (id) => clicks.push(id)));
    const markup = toHTML(described());
    expect(markup).to.contain('title="a &quot;quoted&quot; &lt;b&gt; &amp; more"');
    expect(markup).to.contain('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; done</p>');
    const host = document.createElement('div');
    host.innerHTML = markup;
    const server = host.firstElementChild!;
    const nodes = [...server.querySelectorAll('*')];
    expect(server.outerHTML).to.equal(build(described()).outerHTML);
    expect(take(server, described())).to.equal(server);
    expect([...server.querySelectorAll('*')]).to.deep.equal(nodes);
    server.querySelector('button')!.click();
    expect(clicks).to.deep.equal(['a']);
    expect(toHTML(h('div', {}, new Raw('<b>kept</b>')))).to.equal('<div><b>kept</b></div>');
  });

  it('takes the server’s node where a live node is left to it, and keeps it there', () => {
    const server = document.createElement('div');
    server.innerHTML = '<p>meta</p><div class="body" dir="auto"><b>sanitised</b></div>';
    const body = new Live(undefined, 'body');
    take(server, h('div', {}, h('p', {}, 'meta'), body));
    expect(body.value).to.equal(server.lastChild);
    refresh(server, h('div', {}, h('p', {}, 'meta'), h('span', {}, 'new'), body));
    expect(server.innerHTML).to.equal('<p>meta</p><span>new</span><div class="body" dir="auto"><b>sanitised</b></div>');
    expect(() => take(document.createElement('div'), h('div', {}, new Live(undefined, 'body')))).to.throw(Mismatch);
  });

  it('refuses markup that is not what it describes', () => {
    const server = document.createElement('div');
    server.innerHTML = '<p>one</p><p>two</p>';
    expect(() => take(server, h('div', {}, h('p', {}, 'one')))).to.throw(Mismatch);
    expect(() => take(server, h('div', {}, h('p', {}, 'one'), h('span', {}, 'two')))).to.throw(Mismatch);
    expect(() => take(server, h('div', {}, h('p', {}, 'one'), h('p', {}, 'two'), h('p', {}, 'three')))).to.throw(Mismatch);
    expect(() => take(server, h('section', {}))).to.throw(Mismatch);
    // What does match is taken, its text brought up to date.
    take(server, h('div', {}, h('p', {}, 'one'), h('p', {}, 'TWO')));
    expect(server.innerHTML).to.equal('<p>one</p><p>TWO</p>');
  });

  it('patches a bare list of children', () => {
    const parent = document.createElement('div');
    patch(parent, ['a', h('b', {}, 'b')]);
    const bold = parent.querySelector('b');
    const text = parent.firstChild;
    patch(parent, [h('i', {}), 'z', h('b', {}, 'B')]);
    expect(parent.innerHTML).to.equal('<i></i>z<b>B</b>');
    expect(parent.querySelector('b')).to.equal(bold);
    expect(parent.childNodes[1]).to.equal(text);
  });
});
