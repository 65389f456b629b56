import { expect } from '@open-wc/testing';
import { codeForStatus, parseRetryAfter } from '../src/providers/http-errors.js';

describe('http-errors: status → code', () => {
  it('maps each status of the table, and any other to unknown', () => {
    const cases: [number, string][] = [
      [400, 'validation'],
      [413, 'validation'],
      [415, 'validation'],
      [422, 'validation'],
      [401, 'unauthorized'],
      [403, 'forbidden'],
      [404, 'not_found'],
      [410, 'not_found'],
      [409, 'conflict'],
      [408, 'timeout'],
      [504, 'timeout'],
      [429, 'rate_limited'],
      [502, 'network'],
      [503, 'network'],
      [500, 'unknown'],
      [418, 'unknown'],
      [200, 'unknown'],
    ];
    for (const [status, code] of cases) expect(codeForStatus(status), String(status)).to.equal(code);
  });
});

describe('http-errors: Retry-After', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads seconds, a fraction rounded up, with white space around', () => {
    expect(parseRetryAfter('30', now)).to.equal(30);
    expect(parseRetryAfter(' 12 ', now)).to.equal(12);
    expect(parseRetryAfter('1.2', now)).to.equal(2);
  });

  it('reads an HTTP date as the seconds until then, never negative', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).to.equal(10);
    expect(parseRetryAfter(new Date(now + 20_000).toUTCString(), now)).to.equal(20);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).to.equal(0);
  });

  it('gives undefined when absent or unreadable', () => {
    expect(parseRetryAfter('soon', now)).to.equal(undefined);
    expect(parseRetryAfter('', now)).to.equal(undefined);
    expect(parseRetryAfter(null, now)).to.equal(undefined);
    expect(parseRetryAfter(undefined, now)).to.equal(undefined);
  });
});
