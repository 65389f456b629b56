import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { CHUNK_MAX, CHUNK_MIN, FIRST_ITEMS, ProgressiveRenderController } from '../src/controllers/progressive-render-controller.js';
import { until } from './helpers.js';

class ListHostElement extends LitElement {
  total: number | undefined = 500;
  readonly progressive = new ProgressiveRenderController(
    this,
    () => this.total,
    () => (this.total === undefined ? 0 : FIRST_ITEMS),
  );
  rendered: number[] = [];
  override render() {
    this.rendered.push(Math.min(this.progressive.limit, this.total ?? 0));
    return html`${Array.from({ length: Math.min(this.progressive.limit, this.total ?? 0) }, (_, i) => html`<p>${i}</p>`)}`;
  }
}
customElements.define('list-host-test', ListHostElement);

/** A host whose first render shows `first` items, asked once there are items. */
class SizedHostElement extends LitElement {
  total: number | undefined = 500;
  first = 3;
  asked = 0;
  readonly progressive = new ProgressiveRenderController(
    this,
    () => this.total,
    () => (this.total === undefined ? 0 : (this.asked++, this.first)),
  );
  rendered: number[] = [];
  override render() {
    const count = Math.min(this.progressive.limit, this.total ?? 0);
    this.rendered.push(count);
    return html`${Array.from({ length: count }, (_, i) => html`<p>${i}</p>`)}`;
  }
}
customElements.define('sized-host-test', SizedHostElement);

describe('ProgressiveRenderController', () => {
  it('renders the first items at once, then the rest in later chunks until all are in', async () => {
    const host = await fixture<ListHostElement>(html`<list-host-test></list-host-test>`);
    expect(host.rendered[0]).to.equal(FIRST_ITEMS);
    await until(() => host.shadowRoot!.querySelectorAll('p').length === 500, 'all 500', 10_000);
    expect(host.rendered.length, 'more than one render').to.be.greaterThan(1);
    for (let i = 1; i < host.rendered.length; i++) expect(host.rendered[i]).to.be.at.least(host.rendered[i - 1]);
    expect(host.progressive.chunk).to.be.within(CHUNK_MIN, CHUNK_MAX);
  });

  it('waits while there is nothing to render, and starts over on reset', async () => {
    const host = await fixture<ListHostElement>(html`<list-host-test .total=${undefined}></list-host-test>`);
    host.total = undefined;
    host.progressive.reset();
    host.requestUpdate();
    await host.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(host.progressive.limit, 'not sized while there is nothing').to.equal(0);
    expect(host.rendered.at(-1)).to.equal(0);
    host.progressive.include(42);
    expect(host.progressive.limit).to.equal(42);
    host.progressive.reset();
    expect(host.progressive.limit).to.equal(0);
    host.total = 500;
    host.requestUpdate();
    await host.updateComplete;
    expect(host.rendered.at(-1), 'items came: the first chunk').to.equal(FIRST_ITEMS);
  });

  it('sizes the first render as the host says, once there are items, never below what was asked for', async () => {
    const host = await fixture<SizedHostElement>(html`<sized-host-test></sized-host-test>`);
    expect(host.rendered[0]).to.equal(3);
    expect(host.asked).to.equal(1);
    await until(() => host.shadowRoot!.querySelectorAll('p').length === 500, 'all 500', 10_000);
    expect(host.asked, 'asked once').to.equal(1);

    // Nothing to render yet: not asked. Items come: asked then.
    host.total = undefined;
    host.progressive.reset();
    host.requestUpdate();
    await host.updateComplete;
    expect(host.asked).to.equal(1);
    host.total = 500;
    host.first = 2;
    host.requestUpdate();
    await host.updateComplete;
    expect(host.asked).to.equal(2);
    expect(host.rendered.at(-1)).to.equal(2);

    // Items asked for before the first render (a permalink's conversation, a server's render):
    // rendered as asked, the host not asked.
    for (const asked of [1, 7, 40]) {
      host.progressive.reset();
      host.progressive.include(asked);
      host.requestUpdate();
      await host.updateComplete;
      expect(host.rendered.at(-1)).to.equal(asked);
    }
    expect(host.asked).to.equal(2);
  });

  it('once every item is in, renders what comes later at once (a post, a live comment, the next page)', async () => {
    // The first render holds exactly the items there are.
    const host = await fixture<SizedHostElement>(html`<sized-host-test .total=${4} .first=${4}></sized-host-test>`);
    expect(host.rendered).to.deep.equal([4]);
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 120)));
    host.total = 7;
    host.requestUpdate();
    await host.updateComplete;
    expect(host.rendered.at(-1), 'in the same render').to.equal(7);
    // A new list starts from a first chunk again.
    host.total = 500;
    host.progressive.reset();
    host.requestUpdate();
    await host.updateComplete;
    expect(host.rendered.at(-1)).to.equal(4);
  });
});
