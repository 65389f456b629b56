// The check that sends a body too deeply nested for the Markdown parser to the plain-text fallback
// (src/core/nesting.ts): right on every line that almost nests 64 deep, and linear in time there —
// run in a worker, so that a regression that backtracks exponentially fails here instead of hanging.
import { expect } from '@open-wc/testing';
import { tooDeep } from '../../src/core/nesting.js';
import { renderBody } from '../../src/core/markdown.js';
import { NESTING_FAMILIES, referenceTooDeep } from './nesting-families.js';

interface Result {
  name: string;
  n: number;
  length: number;
  deep: boolean;
  ms: number;
}

/** All the worker's results, or a failure naming the input it was stuck on after `limitMs`. */
function runWorker(limitMs: number): Promise<Result[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./nesting.worker.ts', import.meta.url), { type: 'module' });
    const results: Result[] = [];
    const timer = setTimeout(() => {
      worker.terminate();
      const last = results.at(-1);
      reject(new Error(`tooDeep did not finish within ${limitMs} ms; the last input done: ${last ? `${last.name}, n = ${last.n}` : 'none'}`));
    }, limitMs);
    worker.onerror = (event) => {
      clearTimeout(timer);
      worker.terminate();
      reject(new Error(`worker failed: ${event.message}`));
    };
    worker.onmessage = ({ data }) => {
      if (data.done) {
        clearTimeout(timer);
        worker.terminate();
        resolve(results);
      } else results.push(data);
    };
  });
}

describe('tooDeep (the nesting check before the Markdown parser)', function () {
  this.timeout(60000);

  it('near-miss lines at every count of markers from 1 to 160: right, and each in a bounded time', async () => {
    // Each input is a few hundred characters: linear work takes well under a millisecond (the bound
    // leaves room for a loaded machine). The old
    // check took seconds from about 16 repetitions on, and minutes soon after.
    const results = await runWorker(20000);
    const count = Object.keys(NESTING_FAMILIES).length * 160;
    expect(results).to.have.length(count);
    for (const result of results) {
      const input = NESTING_FAMILIES[result.name](result.n);
      expect(result.deep, `${result.name}, n = ${result.n}`).to.equal(referenceTooDeep(input));
      expect(result.ms, `${result.name}, n = ${result.n}`).to.be.below(1000);
    }
    // The boundary itself: 63 markers are not too deep, 64 are.
    expect(tooDeep(`${'* '.repeat(63)}x`)).to.equal(false);
    expect(tooDeep(`${'* '.repeat(64)}x`)).to.equal(true);
    expect(tooDeep(`${' '.repeat(255)}x`)).to.equal(false);
    expect(tooDeep(`${' '.repeat(256)}x`)).to.equal(true);
    expect(tooDeep(`${' '.repeat(300)}\n`)).to.equal(false);
  });

  it('agrees with a character-by-character reading on random lines of markers, digits and blanks', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pieces = ['* ', '*', '   ', '\t', '> ', '-', '+', '1.', '12)', '1234567890.', 'x', '\n', ' ', '9', '.'];
    for (let i = 0; i < 3000; i++) {
      const length = Math.floor(random() * 200);
      const input = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      expect(tooDeep(input), JSON.stringify(input)).to.equal(referenceTooDeep(input));
    }
  });

  it('a body with a line too deep is shown as text; one just short of it is parsed, and neither hangs', () => {
    const start = performance.now();
    const deep = new DOMParser().parseFromString(renderBody(`${'*   '.repeat(64)}deep`), 'text/html');
    const shallow = new DOMParser().parseFromString(renderBody(`${'* '.repeat(20)}near`), 'text/html');
    expect(performance.now() - start).to.be.below(5000);
    expect(deep.querySelector('li'), 'too deep: plain text').to.equal(null);
    expect(deep.body.textContent).to.contain('deep');
    expect(shallow.querySelectorAll('li').length, 'parsed as nested list items').to.be.greaterThan(1);
    expect(shallow.body.textContent).to.contain('near');
  });
});
