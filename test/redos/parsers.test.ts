// Near-miss inputs (test/redos/families.ts) through every path a comment body takes — Markdown →
// marked → DOMPurify, HTML → DOMPurify, HTML → turndown — at growing sizes, each bounded in main-thread
// time: generous enough for a loaded CI machine, far below what exponential (or worse than quadratic)
// growth would take. `npm run bench:redos` reports the same inputs' times and growth.
import { expect } from '@open-wc/testing';
import { FAMILIES, PIPELINES, measure, measureSizes, type Measurement } from './pipelines.js';

/** The sizes here (the benchmark also runs the ones between). */
const SIZES = [4_000, 16_000, 64_000];

/** The longest one input may take: two seconds, plus a millisecond per 6 characters (64,000: 12.7 s). */
const bound = (size: number) => 2000 + size / 6;

/** How many times an input over a limit is measured again (the best counts): a loaded machine stalls now and then. */
const RETRIES = 2;

/** Past this much time, four times the input may take at most this many times as long (linear: 4, quadratic: 16). */
const GROWTH_FROM_MS = 250;
const MAX_GROWTH = 40;

const describeTimes = (results: Measurement[]) => results.map((r) => `${r.size}: ${r.ms.toFixed(1)} ms`).join(', ');

describe('near-miss inputs through the body pipelines, bounded in time', function () {
  this.timeout(180000);

  for (const family of FAMILIES) {
    it(`${family.construct}: ${family.name}`, () => {
      for (const pipeline of Object.keys(PIPELINES)) {
        /** The best of the first measurement and up to RETRIES more, while over `limit`. */
        const best = (first: Measurement, limit: number) => {
          let result = first;
          for (let retry = 0; retry < RETRIES && result.ms >= limit; retry++) {
            const again = measure(family, pipeline, first.size);
            if (again.ms < result.ms) result = again;
          }
          return result;
        };
        const results = measureSizes(family, pipeline, Infinity, SIZES).map((first) => {
          const result = best(first, bound(first.size));
          expect(result.ms, `${pipeline}, ${result.size} characters`).to.be.below(bound(result.size));
          return result;
        });
        expect(results, pipeline).to.have.length(SIZES.length);
        let [, middle, last] = results;
        if (last.ms > GROWTH_FROM_MS && last.ms / Math.max(middle.ms, 1) >= MAX_GROWTH) {
          middle = best(middle, 0);
          last = best(last, 0);
        }
        const label = `${pipeline}: ${describeTimes([results[0], middle, last])}`;
        if (last.ms > GROWTH_FROM_MS) expect(last.ms / Math.max(middle.ms, 1), label).to.be.below(MAX_GROWTH);
      }
    });
  }

  it('the families cover each construct named in the threat model', () => {
    const constructs = new Set(FAMILIES.map((family) => family.construct));
    expect([...constructs].sort()).to.deep.equal([
      'autolinks, entities and escapes',
      'deep and misnested HTML',
      'long lines and many lines',
      'markers with whitespace between',
      'nested quotes and lists',
      'runs of emphasis delimiters',
      'unclosed brackets and backticks',
    ]);
    for (const family of FAMILIES) expect(family.make(40).length, family.name).to.be.greaterThan(family.make(10).length);
  });

  it('the bound catches a pipeline whose time grows exponentially', () => {
    // A stand-in for a backtracking parser: the classic nested quantifier on a near-miss.
    const exponential = (input: string) => String(/^(a+)+$/.test(input));
    PIPELINES['exponential stand-in'] = exponential;
    try {
      const family = { name: 'a run then !', construct: 'runs of emphasis delimiters' as const, make: (n: number) => `${'a'.repeat(n)}!` };
      const results = measureSizes(family, 'exponential stand-in', 200, [10, 16, 20, 24, 26, 28, 30]);
      expect(results.at(-1)!.ms, describeTimes(results)).to.be.above(200);
      expect(results.at(-1)!.size).to.be.below(32);
    } finally {
      delete PIPELINES['exponential stand-in'];
    }
  });
});
