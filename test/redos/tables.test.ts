// HTML tables nested in cells, back into Markdown (the form's editor for HTML bodies): each cell is
// converted once, so the time grows with the size of the HTML, not doubling per level of nesting.
import { expect } from '@open-wc/testing';
import { htmlToMarkdown } from '../../src/core/html-to-markdown.js';

const nested = (depth: number, inner = 'x') => `${'<table><tr><td>'.repeat(depth)}${inner}${'</td></tr></table>'.repeat(depth)}`;

/** The Markdown a table of one cell holding `content` becomes (a cell is one line, its pipes escaped). */
const oneCellTable = (content: string) => `| ${content.replace(/\n+/g, ' ').replace(/\|/g, '\\|').trim()} |\n| --- |`;

describe('HTML tables to Markdown', function () {
  this.timeout(60000);

  it('converts rows, header cells and a table nested in a cell', () => {
    expect(htmlToMarkdown('<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td><em>2</em></td></tr></table>')).to.equal(
      '| a | b |\n| --- | --- |\n| 1 | *2* |',
    );
    expect(htmlToMarkdown('<table><tr><td>out</td><td><table><tr><td>in|side</td></tr></table></td></tr></table>')).to.equal(
      // A cell is one line: the inner table's pipes are escaped, and so, once more, is its cell's own.
      '| out | \\| in\\\\|side \\| \\| --- \\| |\n| --- | --- |',
    );
    expect(htmlToMarkdown('<table><tr><td></td><td>b</td></tr></table>')).to.equal('|  | b |\n| --- | --- |');
  });

  it('nested to any depth: the right Markdown, in time that grows with the depth, not doubling per level', () => {
    // The old rule converted every cell again from its table: 2^depth conversions of the innermost one.
    const BOUND_MS = 5000;
    const times: string[] = [];
    let expected = 'x';
    let depth = 0;
    for (const target of [1, 2, 4, 8, 12, 16, 20, 24, 32, 64, 128, 256, 400]) {
      while (depth < target) {
        expected = oneCellTable(expected);
        depth++;
      }
      const start = performance.now();
      const markdown = htmlToMarkdown(nested(depth));
      const ms = performance.now() - start;
      times.push(`${depth}: ${ms.toFixed(1)} ms`);
      expect(ms, `depth ${depth} took ${ms.toFixed(0)} ms (${times.join(', ')})`).to.be.below(BOUND_MS);
      // Past 127 levels (4 elements each) the HTML parser stops nesting (at 512 elements deep) and
      // puts the rest beside the tables: only the time is checked there.
      if (depth <= 100) expect(markdown, `depth ${depth}`).to.equal(expected);
    }
  });
});
