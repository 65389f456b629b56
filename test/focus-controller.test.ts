import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { FocusController } from '../src/controllers/focus-controller.js';

class FocusHostElement extends LitElement {
  static override properties = { items: { attribute: false } };
  items: string[] = ['a'];
  readonly focusing = new FocusController(this);
  override render() {
    return html`${this.items.map((item) => html`<button id=${item}>${item}</button>`)}<div role="status">${this.focusing.announcement}</div>`;
  }
}
customElements.define('focus-host-test', FocusHostElement);

describe('FocusController', () => {
  it('moves focus, after the next update, to what is there then', async () => {
    const host = await fixture<FocusHostElement>(html`<focus-host-test></focus-host-test>`);
    host.focusing.later(() => host.renderRoot.querySelector<HTMLElement>('#b'));
    host.items = ['a', 'b'];
    await host.updateComplete;
    expect(host.shadowRoot!.activeElement?.id).to.equal('b');
  });

  it('does nothing when what it looks for is not there', async () => {
    const host = await fixture<FocusHostElement>(html`<focus-host-test></focus-host-test>`);
    host.focusing.later(() => host.renderRoot.querySelector<HTMLElement>('#missing'));
    await host.updateComplete;
    expect(host.shadowRoot!.activeElement).to.equal(null);
  });

  it('announces the same words twice as two changes of the live region', async () => {
    const host = await fixture<FocusHostElement>(html`<focus-host-test></focus-host-test>`);
    const status = host.shadowRoot!.querySelector('[role="status"]')!;
    const seen: string[] = [];
    const observer = new MutationObserver(() => seen.push(status.textContent ?? ''));
    observer.observe(status, { childList: true, subtree: true, characterData: true });
    host.focusing.announce('Saved.');
    await host.updateComplete;
    await host.updateComplete;
    host.focusing.announce('Saved.');
    await host.updateComplete;
    await host.updateComplete;
    observer.disconnect();
    expect(status.textContent).to.equal('Saved.');
    expect(seen.filter((text) => text === 'Saved.').length).to.equal(2);
  });
});
