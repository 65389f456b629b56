import { expect } from '@open-wc/testing';
import { fieldErrorsOf, isRecord } from '../src/core/guards.js';

describe('guards', () => {
  it('isRecord: plain objects only', () => {
    expect(isRecord({})).to.equal(true);
    expect(isRecord({ a: 1 })).to.equal(true);
    for (const value of [null, undefined, [], [1], 'x', 1, true]) expect(isRecord(value), String(value)).to.equal(false);
  });

  it('fieldErrorsOf: the four fields\' non-empty strings, else undefined', () => {
    expect(fieldErrorsOf({ body: 'Say something', name: '', email: 3, url: 'Bad address', other: 'x' })).to.deep.equal({
      body: 'Say something',
      url: 'Bad address',
    });
    expect(fieldErrorsOf({ name: '' })).to.equal(undefined);
    expect(fieldErrorsOf(['body'])).to.equal(undefined);
    expect(fieldErrorsOf(null)).to.equal(undefined);
  });
});
