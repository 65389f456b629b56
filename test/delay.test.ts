import { expect } from '@open-wc/testing';
import { delay } from '../src/core/delay.js';

async function rejection(promise: Promise<unknown>): Promise<{ code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string };
  }
  throw new Error('resolved');
}

describe('delay', () => {
  it('resolves after the time, at once for 0', async () => {
    const started = performance.now();
    await delay(30);
    expect(performance.now() - started).to.be.at.least(25);
    await delay(0);
  });

  it('rejects aborted when the signal fires, or has fired', async () => {
    const controller = new AbortController();
    const waiting = delay(Number.POSITIVE_INFINITY, controller.signal);
    controller.abort();
    expect((await rejection(waiting)).code).to.equal('aborted');
    expect((await rejection(delay(10, controller.signal))).code).to.equal('aborted');
  });
});
