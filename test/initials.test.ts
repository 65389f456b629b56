import { expect } from '@open-wc/testing';
import { initials } from '../src/core/initials.js';

describe('initials', () => {
  it('takes the first letter of the first two words, upper-cased', () => {
    expect(initials('Bret Simmons')).to.equal('BS');
    expect(initials('  ada  ')).to.equal('A');
    expect(initials('Ünal Çelik Öztürk')).to.equal('ÜÇ');
  });

  it('skips punctuation and words without a letter or digit', () => {
    expect(initials('Julian (admin)')).to.equal('JA');
    expect(initials('<img src=x>')).to.equal('IS');
    expect(initials('— Bob')).to.equal('B');
    expect(initials('"R2" d2')).to.equal('RD');
  });

  it('falls back to a question mark when nothing is a letter', () => {
    expect(initials('')).to.equal('?');
    expect(initials('*** !!!')).to.equal('?');
  });
});
