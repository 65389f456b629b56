import { expect } from '@open-wc/testing';
import { readableDate } from '../src/core/dates.js';
import { normalizeRecord } from '../src/core/normalize.js';

describe('readableDate', () => {
  it('reads ISO dates', () => {
    expect(readableDate('2024-01-02T03:04:05Z')?.toISOString()).to.equal('2024-01-02T03:04:05.000Z');
    expect(readableDate('2024-01-02')?.toISOString()).to.equal('2024-01-02T00:00:00.000Z');
    expect(readableDate('2024-01-02T03:04:05+02:00')?.toISOString()).to.equal('2024-01-02T01:04:05.000Z');
  });

  it('has no date for anything a browser cannot read (never the epoch)', () => {
    for (const value of ['not a date', '2024-13-45T99:99:99Z', '', '   ', '+999999-01-01T00:00:00Z', null, undefined, {}, [], 0, NaN, Symbol('d'), 10n, true]) {
      expect(readableDate(value), String(typeof value === 'symbol' ? 'symbol' : value)).to.equal(undefined);
    }
  });
});

describe('normalizeRecord: dates', () => {
  it('an unreadable createdAt becomes "" (no date), not 1970; a readable one is kept as given', () => {
    expect(normalizeRecord({ id: 'a', createdAt: 'yesterday-ish' })!.createdAt).to.equal('');
    expect(normalizeRecord({ id: 'a' })!.createdAt).to.equal('');
    expect(normalizeRecord({ id: 'a', createdAt: '2024-01-02T03:04:05Z' })!.createdAt).to.equal('2024-01-02T03:04:05Z');
  });

  it('an unreadable editedAt is left out', () => {
    expect(normalizeRecord({ id: 'a', createdAt: '2024-01-02T03:04:05Z', editedAt: 'later' })).to.not.have.property('editedAt');
  });
});
