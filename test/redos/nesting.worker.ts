// Runs tooDeep over the near-miss families of test/redos/nesting.test.ts in a worker, so that the
// test can stop it (terminate) if a regression makes it hang: a regular expression that backtracks
// exponentially cannot be interrupted on the thread that runs it.
import { tooDeep } from '../../src/core/nesting.js';
import { NESTING_FAMILIES } from './nesting-families.js';

for (const [name, make] of Object.entries(NESTING_FAMILIES)) {
  for (let n = 1; n <= 160; n++) {
    const input = make(n);
    const start = performance.now();
    const deep = tooDeep(input);
    postMessage({ name, n, length: input.length, deep, ms: performance.now() - start });
  }
}
postMessage({ done: true });
