import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { CHUNK_MAX, CHUNK_MIN, FIRST_ITEMS, ProgressiveRenderController } from '../src/controllers/progressive-render-controller.js';
import { until } from './helpers.js';

class ListHostElement extends LitElement {
  total: number | undefined = 500;
  readonly progressive = new ProgressiveRenderController(this, () => this.total);
  rendered: number[] = [];
  override render() {
    this.rendered.push(Math.min(this.progressive.limit, this.total ?? 0));
    return html`${Array.from({ length: Math.min(this.progressive.limit, this.total ?? 0) }, (_, i) => html`<p>${i}</p>`)}`;
  }
}
customElements.define('list-host-test', ListHostElement);

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
    expect(host.progressive.limit).to.equal(FIRST_ITEMS);
    host.progressive.include(42);
    expect(host.progressive.limit).to.equal(42);
    host.progressive.reset();
    expect(host.progressive.limit).to.equal(FIRST_ITEMS);
  });
});
