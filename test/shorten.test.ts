import { expect } from '@open-wc/testing';
import { LONG_BODY, shortenBody } from '../src/core/shorten.js';

describe('shortenBody', () => {
  it('leaves bodies up to the limit whole', () => {
    expect(shortenBody('short')).to.equal(null);
    expect(shortenBody('x'.repeat(LONG_BODY))).to.equal(null);
  });

  it('cuts a long body at a paragraph break near the length', () => {
    const body = `${'a'.repeat(1000)}\n\n${'b'.repeat(400)}\n\n${'c'.repeat(5000)}`;
    expect(shortenBody(body)).to.equal(`${'a'.repeat(1000)}\n\n${'b'.repeat(400)} …`);
  });

  it('falls back to a word break, then to a hard cut', () => {
    const words = 'word '.repeat(2000);
    const cut = shortenBody(words)!;
    expect(cut.endsWith('word …')).to.equal(true);
    expect(cut.length).to.be.lessThan(1600);
    expect(shortenBody('x'.repeat(1_000_000))!.length).to.equal(1502);
  });

  it('never splits a surrogate pair at a hard cut', () => {
    const cut = shortenBody('x'.repeat(1499) + '😀'.repeat(3000))!;
    expect(cut.endsWith('x …')).to.equal(true);
  });
});
