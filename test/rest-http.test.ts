import { expect } from '@open-wc/testing';
import {
  backoffDelay,
  buildUrl,
  errorFromFailure,
  errorFromResponse,
  retryDelay,
} from '../src/providers/rest-http.js';

describe('RestProvider: URLs', () => {
  it('joins the endpoint and encoded segments, with or without a trailing slash', () => {
    expect(buildUrl('https://api.example/v1', ['threads', '42', 'comments'])).to.equal(
      'https://api.example/v1/threads/42/comments',
    );
    expect(buildUrl('https://api.example/v1/', ['threads', '42'])).to.equal('https://api.example/v1/threads/42');
  });

  it('keeps a thread id with slashes, spaces and query characters as one segment', () => {
    const url = buildUrl('https://api.example/api', ['threads', 'blog/2024/a post?x=1#y', 'comments']);
    expect(url).to.equal('https://api.example/api/threads/blog%2F2024%2Fa%20post%3Fx%3D1%23y/comments');
    expect(decodeURIComponent(new URL(url).pathname.split('/')[3])).to.equal('blog/2024/a post?x=1#y');
  });

  it('adds query parameters and leaves out empty ones', () => {
    const url = new URL(buildUrl('https://api.example/api', ['x'], { cursor: null, limit: 20, order: 'newest', other: undefined, empty: '' }));
    expect([...url.searchParams.entries()]).to.deep.equal([
      ['limit', '20'],
      ['order', 'newest'],
    ]);
  });

  it('resolves a relative endpoint against the page', () => {
    expect(buildUrl('/api', ['threads', 't'], {}, 'http://site.example/blog/post.html')).to.equal(
      'http://site.example/api/threads/t',
    );
    expect(buildUrl('/api', ['identity'])).to.equal(`${location.origin}/api/identity`);
  });
});

describe('RestProvider: error mapping', () => {
  it('uses the code the server names, with its message, field errors and retryAfter', () => {
    const error = errorFromResponse(422, {
      error: { code: 'validation', message: 'The comment is not valid.', fieldErrors: { body: 'Say something.', email: 'Not an email.', bogus: 'x' } },
    });
    expect(error.code).to.equal('validation');
    expect(error.message).to.equal('The comment is not valid.');
    expect(error.fieldErrors).to.deep.equal({ body: 'Say something.', email: 'Not an email.' });
    expect(errorFromResponse(403, { error: { code: 'closed', message: 'Closed.' } }).code).to.equal('closed');
    expect(errorFromResponse(429, { error: { code: 'rate_limited', message: 'Slow down', retryAfter: 7 } }).retryAfter).to.equal(7);
  });

  it('falls back to the status when the body names no known code', () => {
    const cases: [number, string][] = [
      [400, 'validation'],
      [401, 'unauthorized'],
      [403, 'forbidden'],
      [404, 'not_found'],
      [409, 'conflict'],
      [408, 'timeout'],
      [429, 'rate_limited'],
      [500, 'unknown'],
      [502, 'network'],
      [503, 'network'],
      [504, 'timeout'],
      [418, 'unknown'],
    ];
    for (const [status, code] of cases) {
      expect(errorFromResponse(status, '<html>oops</html>').code, String(status)).to.equal(code);
      expect(errorFromResponse(status, { error: { code: 'teapot' } }).code, String(status)).to.equal(code);
    }
    expect(errorFromResponse(500, null).message).to.equal('HTTP 500');
  });

  it('takes retryAfter from the body, else from the Retry-After header', () => {
    expect(errorFromResponse(429, {}, '12').retryAfter).to.equal(12);
    expect(errorFromResponse(503, { error: { code: 'network', retryAfter: 3 } }, '12').retryAfter).to.equal(3);
  });

  it('tells a cancellation, our own timeout and a network failure apart', () => {
    const failure = new TypeError('Failed to fetch');
    expect(errorFromFailure(failure, { aborted: true, timedOut: false }).code).to.equal('aborted');
    expect(errorFromFailure(failure, { aborted: false, timedOut: true }).code).to.equal('timeout');
    expect(errorFromFailure(failure, { aborted: false, timedOut: false }).code).to.equal('network');
    expect(errorFromFailure(failure, { aborted: false, timedOut: false }).cause).to.equal(failure);
  });
});

describe('RestProvider: retry schedule', () => {
  const middle = () => 0.5;

  it('doubles from the base delay up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((attempt) => backoffDelay(attempt, {}, middle))).to.deep.equal([
      300, 600, 1200, 2400, 4800, 5000, 5000,
    ]);
    expect([0, 1, 2].map((attempt) => backoffDelay(attempt, { baseMs: 100, factor: 3, maxMs: 500 }, middle))).to.deep.equal([
      100, 300, 500,
    ]);
  });

  it('spreads each delay by the jitter, never past the cap or below zero', () => {
    expect(backoffDelay(1, { jitter: 0.2 }, () => 0)).to.equal(480);
    expect(backoffDelay(1, { jitter: 0.2 }, () => 1)).to.equal(720);
    expect(backoffDelay(10, { jitter: 0.5 }, () => 1)).to.equal(5000);
    expect(backoffDelay(0, { jitter: 2 }, () => 0)).to.equal(0);
  });

  it('retries only errors that may pass, and only so many times', () => {
    expect(retryDelay({ code: 'network' }, 0, {}, middle)).to.equal(300);
    expect(retryDelay({ code: 'timeout' }, 1, {}, middle)).to.equal(600);
    expect(retryDelay({ code: 'unknown' }, 2, {}, middle)).to.equal(1200);
    expect(retryDelay({ code: 'network' }, 3, {}, middle)).to.equal(null);
    expect(retryDelay({ code: 'network' }, 0, { retries: 0 }, middle)).to.equal(null);
    for (const code of ['validation', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'closed', 'aborted'] as const) {
      expect(retryDelay({ code }, 0, {}, middle), code).to.equal(null);
    }
  });

  it('waits as long as Retry-After asks, unless that is longer than the caller allows', () => {
    expect(retryDelay({ code: 'rate_limited', retryAfter: 2 }, 0, {}, middle)).to.equal(2000);
    expect(retryDelay({ code: 'rate_limited', retryAfter: 60 }, 0, {}, middle)).to.equal(null);
    expect(retryDelay({ code: 'rate_limited', retryAfter: 60 }, 0, { maxWaitMs: 120_000 }, middle)).to.equal(60_000);
  });
});
