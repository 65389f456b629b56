import { expect } from '@open-wc/testing';
import { escapeText, htmlToMarkdown } from '../src/core/html-to-markdown.js';
import { renderBody } from '../src/core/markdown.js';

/**
 * What a reader sees of some HTML once the element has sanitised it: each element with its
 * attributes that matter, and the text, whitespace between blocks ignored (HTML ignores it too).
 */
function shown(html: string): string {
  const body = new DOMParser().parseFromString(renderBody(html, { format: 'html' }), 'text/html').body;
  const walk = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return (node.textContent ?? '').replace(/\s+/g, ' ');
    if (node.nodeType !== Node.ELEMENT_NODE) return '';
    const element = node as Element;
    const name = element.localName;
    const attributes = ['href', 'start', 'title']
      .filter((attribute) => element.hasAttribute(attribute))
      .map((attribute) => ` ${attribute}="${element.getAttribute(attribute)}"`)
      .join('');
    const inside =
      name === 'pre' || element.closest('pre') ? element.textContent : [...element.childNodes].map(walk).join('');
    return `<${name}${attributes}>${inside}</${name}>`;
  };
  return [...body.childNodes]
    .map(walk)
    .join('')
    .replace(/\s*(<\/?(?:p|ul|ol|li|blockquote|pre|h\d|hr|table|thead|tbody|tr|th|td|br)\b[^>]*>)\s*/g, '$1')
    .trim();
}

/** Markdown → the HTML shown → Markdown again: the second Markdown must show the same. */
function roundTrip(markdown: string): { html: string; back: string } {
  const html = renderBody(markdown);
  const back = htmlToMarkdown(html);
  expect(shown(renderBody(back)), `${JSON.stringify(markdown)} came back as ${JSON.stringify(back)}`).to.equal(shown(html));
  return { html, back };
}

describe('htmlToMarkdown', () => {
  it('writes the Markdown the author would have written', () => {
    expect(htmlToMarkdown('<p>Hello <strong>you</strong></p>')).to.equal('Hello **you**');
    expect(htmlToMarkdown('<p>One <em>two</em> <code>three()</code></p>\n<p>Four</p>')).to.equal(
      'One *two* `three()`\n\nFour',
    );
    expect(htmlToMarkdown('<p><a href="https://example.test/a">a link</a></p>')).to.equal('[a link](https://example.test/a)');
    expect(htmlToMarkdown('<ul>\n<li>one</li>\n<li>two</li>\n</ul>')).to.equal('- one\n- two');
    expect(htmlToMarkdown('<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>')).to.equal('3. three\n4. four');
    expect(htmlToMarkdown('<blockquote>\n<p>quoted<br />\nsecond</p>\n</blockquote>\n<p>after</p>')).to.equal(
      '> quoted\n> second\n\nafter',
    );
    expect(htmlToMarkdown('<pre><code>const a = 1;\nrun(a);\n</code></pre>')).to.equal('```\nconst a = 1;\nrun(a);\n```');
    expect(htmlToMarkdown('<p><del>gone</del></p><hr><h2>Title</h2>')).to.equal('~~gone~~\n\n---\n\n## Title');
    // Autolinks stay bare, unless something follows that would run into them.
    expect(roundTrip('https://example.test/bare and www.example.test, then mail@example.test.').back).to.equal(
      'https://example.test/bare and www.example.test, then mail@example.test.',
    );
    expect(roundTrip('<https://example.test/x>yz').back).to.equal('<https://example.test/x>yz');
  });

  it('reads WordPress’s comment HTML: <br /> and newlines from wpautop, smilies, clickable URLs, typography', () => {
    const rendered =
      '<p>Julian,<br />\nNice post &#8211; it&#8217;s true <img src="https://wp.test/wp-includes/images/smilies/simple-smile.png" alt=":)" class="wp-smiley" style="height: 1em; max-height: 1em;" /></p>\n' +
      '<p>See <a href="https://example.test/page" rel="nofollow ugc">https://example.test/page</a>. And <strong>this</strong></p>\n';
    expect(htmlToMarkdown(rendered)).to.equal(
      'Julian,\nNice post – it’s true :)\n\nSee https://example.test/page. And **this**',
    );
  });

  it('round-trips what the editor writes: saving unchanged shows the same comment', () => {
    const samples = [
      'Hello **you**',
      'Julian,\nNice post\nthird line',
      'Para one\n\nPara *two* with `code` and a [link](https://example.test/x "Title")',
      '- one\n- two\n  - nested\n  - more\n- three',
      '1. first\n2. second\n\n   with a paragraph\n3. third',
      '7. seven\n8. eight',
      '> a quote\n> over two lines\n\n> > nested',
      '```js\nconst a = `x` * 2; // **not bold**\n```',
      '````\n```\nfence inside\n```\n````',
      '# Heading\n\n### Three\n\ntext',
      'a\n\n---\n\nb',
      '~~struck~~ and ***both***',
      '| a | b |\n| --- | --- |\n| 1 | 2 \\| 3 |',
      'https://example.test/bare and www.example.test, then mail@example.test.',
      '<https://example.test/x>yz',
      'a ![picture](https://example.test/p.png) here',
      'snake_case and __init__ and 2 * 3 * 4',
      'Text with \\*stars\\* and \\_under\\_ and \\`ticks\\` and \\[brackets\\](x) and \\~~tilde\\~~',
      '\\# not a heading\n\\- not a list\n1\\. not a list\n\\> not a quote\n\\+ plus\n\\=\\=\\=',
      'Literal &lt;strong&gt;tags&lt;/strong&gt; and &amp;amp; and a < b > c & d',
      'A backslash \\\\ here and at the end \\\\',
      'Emoji 🎉 and ünïcödé, “quotes” – dashes… and 中文',
      '**bold *with em* inside** and *em **with bold***',
      '- [x] done\n- [ ] todo',
    ];
    const failures: string[] = [];
    for (const markdown of samples) {
      try {
        roundTrip(markdown);
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    expect(failures).to.deep.equal([]);
  });

  it('escapes text that would otherwise read as Markdown', () => {
    expect(escapeText('a *b* _c_ snake_case `d` [e](f) ~~g~~')).to.equal(
      'a \\*b\\* \\_c\\_ snake_case \\`d\\` \\[e\\](f) \\~\\~g\\~\\~',
    );
    expect(escapeText('# h')).to.equal('\\# h');
    expect(escapeText('- item')).to.equal('\\- item');
    expect(escapeText('12. item')).to.equal('12\\. item');
    expect(escapeText('<b>not html</b> & &amp;')).to.equal('\\<b>not html\\</b> & \\&amp;');
    expect(escapeText('2 < 3')).to.equal('2 < 3');
    for (const text of ['*a*', '_a_', '`a`', '[a](b)', '<em>a</em>', '&amp;', '# a', '> a', '- a', '+ a', '1. a', '1) a', '===', '~~a~~', 'a\\']) {
      const html = `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`;
      expect(shown(renderBody(htmlToMarkdown(html))), text).to.equal(shown(html));
    }
  });

  it('treats the HTML as untrusted: parsed inert, nothing runs or loads, scripts and styles dropped', async () => {
    (window as unknown as { __ran?: boolean }).__ran = false;
    const markdown = htmlToMarkdown(
      '<p>Hi<img src="x" onerror="window.__ran = true"><script>window.__ran = true</script><style>p{}</style>' +
        '<iframe src="javascript:window.__ran=true"></iframe></p>',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((window as unknown as { __ran?: boolean }).__ran).to.equal(false);
    expect(markdown).to.equal('Hi![](x)');
    expect(markdown).to.not.contain('window');
    // What comes out is text for a text box; shown, it goes through the sanitiser like any Markdown.
    expect(renderBody(htmlToMarkdown('<p><a href="javascript:alert(1)">x</a></p>'))).to.not.contain('javascript:');
  });

  it('keeps the words of HTML it has no Markdown for, and copes with empty and odd input', () => {
    expect(htmlToMarkdown('')).to.equal('');
    expect(htmlToMarkdown('   ')).to.equal('');
    expect(htmlToMarkdown(undefined as unknown as string)).to.equal('');
    expect(htmlToMarkdown('plain text')).to.equal('plain text');
    expect(htmlToMarkdown('<div><span>in a span</span> <sup>2</sup></div>')).to.equal('in a span 2');
    expect(htmlToMarkdown('<p><strong> </strong>x</p>')).to.equal('x');
    const deep = `${'<blockquote>'.repeat(40)}deep${'</blockquote>'.repeat(40)}`;
    expect(htmlToMarkdown(deep)).to.contain('deep');
  });
});
