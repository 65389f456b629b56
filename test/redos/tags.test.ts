// A body whose HTML has more tags than a comment needs is shown (and edited) as its text: the browser's
// HTML parser takes time that grows faster than the number of tags on some markup (formatting
// elements left open across paragraphs), so such a body would freeze every reader's tab.
import { expect } from '@open-wc/testing';
import { htmlToMarkdown } from '../../src/core/html-to-markdown.js';
import { renderBody } from '../../src/core/markdown.js';
import { MAX_TAGS, tooManyTags } from '../../src/core/nesting.js';

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html').body;

describe('too many tags: shown and edited as text', function () {
  this.timeout(30000);

  it('counts tags without parsing, up to the limit', () => {
    expect(tooManyTags('<b>'.repeat(MAX_TAGS))).to.equal(false);
    expect(tooManyTags('<b>'.repeat(MAX_TAGS + 1))).to.equal(true);
    expect(tooManyTags('a < b '.repeat(MAX_TAGS + 1)), 'every < counts').to.equal(true);
  });

  it('a Markdown body whose HTML has too many tags: its text, every word kept, quickly', () => {
    const body = Array.from({ length: 4000 }, (_, i) => `<b><i>word${i}`).join('\n\n');
    const start = performance.now();
    const shown = parse(renderBody(body));
    expect(performance.now() - start, 'ms').to.be.below(3000);
    expect(shown.querySelector('b, i'), 'no formatting').to.equal(null);
    expect(shown.textContent).to.contain('<b><i>word0').and.to.contain('<b><i>word3999');
    // Below the limit the same markup is formatted as usual.
    expect(parse(renderBody('<b><i>word</i></b> and **strong**')).querySelector('b i, strong')).to.not.equal(null);
  });

  it('an HTML body with too many tags: its text, entities read, nothing from the tags', () => {
    const body = `<p>It&#8217;s &lt;fine&gt;</p>\n\n${'<b><i>x\n\n'.repeat(2000)}<p>last <a href="javascript:alert(1)">link</a></p>`;
    const start = performance.now();
    const shown = parse(renderBody(body, { format: 'html' }));
    expect(performance.now() - start, 'ms').to.be.below(3000);
    expect(shown.querySelector('b, i, a'), 'no elements from the body').to.equal(null);
    expect(shown.textContent).to.contain('It’s <fine>').and.to.contain('last link');
    expect(shown.querySelectorAll('p').length, 'paragraphs from blank lines').to.be.greaterThan(100);
  });

  it('the editor gets the text of an HTML body with too many tags, escaped to read back the same', () => {
    const body = `<p># not a heading &amp; *not bold*</p>\n${'<b><i>x</i></b>\n'.repeat(600)}<p>end</p>`;
    const start = performance.now();
    const markdown = htmlToMarkdown(body);
    expect(performance.now() - start, 'ms').to.be.below(3000);
    expect(markdown.split('\n')[0]).to.equal('\\# not a heading & \\*not bold\\*');
    expect(markdown.endsWith('end')).to.equal(true);
    expect(markdown).to.not.contain('<');
  });
});
