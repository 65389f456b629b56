// node --test bench/server/: the server section of BENCHMARKS.md is replaced in place, appended
// when missing, and survives bench/run.mjs rewriting the rest of the file.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serverSection, withServerSection } from './report.mjs';

const section = (/** @type {string} */ text) => `<!-- bench:server start -->\n${text}\n<!-- bench:server end -->`;

describe('bench/server report section', () => {
  it('is appended when missing and replaced in place when present', () => {
    const appended = withServerSection('# Benchmarks\n\n## Other\ntext\n', section('first'));
    assert.equal(appended, `# Benchmarks\n\n## Other\ntext\n\n${section('first')}\n`);
    const replaced = withServerSection(`${appended}\n## After\n`, section('second'));
    assert.ok(replaced.includes(section('second')));
    assert.ok(!replaced.includes('first'));
    assert.ok(replaced.endsWith('## After\n'));
  });

  it('is found only between both markers', () => {
    assert.equal(serverSection('no markers'), '');
    assert.equal(serverSection('<!-- bench:server start -->\nhalf'), '');
    assert.equal(serverSection(`a ${section('x')} b`), section('x'));
  });
});
