// Real key presses in every engine: a key held with { down } stays down for the
// next { press } (Shift+Tab), and typed text arrives as input events.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

describe('sendKeys in this engine', () => {
  let first: HTMLInputElement;
  let second: HTMLInputElement;
  beforeEach(() => {
    first = document.createElement('input');
    second = document.createElement('input');
    document.body.append(first, second);
  });
  afterEach(() => {
    first.remove();
    second.remove();
  });

  it('holds Shift across a Tab press: focus moves back', async () => {
    second.focus();
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(document.activeElement).to.equal(first);
  });

  it('releases Shift on { up }: the next Tab moves forward', async () => {
    first.focus();
    await sendKeys({ down: 'Shift' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement).to.equal(second);
  });

  it('types text into the focused field', async () => {
    const inputs: string[] = [];
    first.addEventListener('input', () => inputs.push(first.value));
    first.focus();
    await sendKeys({ type: 'Hi!' });
    expect(first.value).to.equal('Hi!');
    expect(inputs.at(-1)).to.equal('Hi!');
  });
});
