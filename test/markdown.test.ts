import { expect } from '@open-wc/testing';
import { renderBody, sanitizeHtml, UGC_REL } from '../src/core/markdown.js';
import { safeHttpUrl } from '../src/core/url.js';

/** Parses rendered HTML in an inert document so the test itself runs nothing. */
function parse(html: string): Document {
  return new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
}

const EVENT_ATTRIBUTE = /^on/i;

function attributesOf(doc: Document): string[] {
  return [...doc.body.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((attr) => attr.name));
}

describe('renderBody (marked, then DOMPurify)', () => {
  it('renders GitHub-flavoured Markdown', () => {
    const doc = parse(renderBody('**bold** _em_ ~~gone~~ `code`\n\n- one\n- two'));
    expect(doc.querySelector('strong')?.textContent).to.equal('bold');
    expect(doc.querySelector('em')?.textContent).to.equal('em');
    expect(doc.querySelector('del')?.textContent).to.equal('gone');
    expect(doc.querySelector('code')?.textContent).to.equal('code');
    expect(doc.querySelectorAll('li')).to.have.length(2);
  });

  it('keeps single newlines as line breaks (the seed’s last comment relies on it)', () => {
    const doc = parse(renderBody('Julian,\nNice post'));
    expect(doc.querySelectorAll('p')).to.have.length(1);
    expect(doc.querySelector('p br')).to.exist;
  });

  it('removes script, style, iframe, object, embed and form elements', () => {
    const html = renderBody(
      'hi <script>window.__pwned = 1</script><style>body{display:none}</style>' +
        '<iframe src="https://evil.example"></iframe><object data="x"></object><embed src="x">' +
        '<form action="https://evil.example"><input name="a"><button>go</button></form>',
    );
    const doc = parse(html);
    for (const tag of ['script', 'style', 'iframe', 'object', 'embed', 'form', 'input', 'button']) {
      expect(doc.querySelector(tag), tag).to.equal(null);
    }
    expect(html).not.to.contain('window.__pwned');
  });

  it('removes every event-handler attribute', () => {
    const doc = parse(
      renderBody('<p onclick="alert(1)">a</p><img src="https://x.example/a.png" onerror="alert(1)"><a href="https://x.example" onmouseover="alert(1)">b</a>', {
        allowImages: true,
      }),
    );
    expect(attributesOf(doc).filter((name) => EVENT_ATTRIBUTE.test(name))).to.deep.equal([]);
  });

  it('keeps http, https and mailto links with rel="ugc nofollow noopener"', () => {
    const doc = parse(renderBody('[a](https://example.com/a) [b](http://example.com/b) [c](mailto:someone@example.com) <https://auto.example>'));
    const links = [...doc.querySelectorAll('a')];
    expect(links.map((link) => link.getAttribute('href'))).to.deep.equal([
      'https://example.com/a',
      'http://example.com/b',
      'mailto:someone@example.com',
      'https://auto.example/',
    ]);
    for (const link of links) expect(link.getAttribute('rel')).to.equal(UGC_REL);
  });

  it('drops javascript:, data:, vbscript: and obfuscated schemes from links but keeps their words', () => {
    const vectors = [
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '[x](vbscript:msgbox(1))',
      '<a href="jav&#x09;ascript:alert(1)">x</a>',
      '<a href="&#106;avascript:alert(1)">x</a>',
      '<a href=" javascript:alert(1)">x</a>',
      '[x][ref]\n\n[ref]: javascript:alert(1)',
    ];
    for (const vector of vectors) {
      const doc = parse(renderBody(vector));
      const link = doc.querySelector('a');
      expect(link?.hasAttribute('href') ?? false, vector).to.equal(false);
      expect(doc.body.textContent, vector).to.contain('x');
    }
  });

  it('shows images as links unless the page allows images', () => {
    const doc = parse(renderBody('![a cat](https://img.example/cat.png)'));
    expect(doc.querySelector('img')).to.equal(null);
    const link = doc.querySelector('a')!;
    expect(link.getAttribute('href')).to.equal('https://img.example/cat.png');
    expect(link.textContent).to.equal('a cat');
    expect(link.getAttribute('rel')).to.equal(UGC_REL);
  });

  it('with allow-images shows http(s) images only', () => {
    const allowed = parse(renderBody('![cat](https://img.example/cat.png)', { allowImages: true }));
    expect(allowed.querySelector('img')?.getAttribute('src')).to.equal('https://img.example/cat.png');
    const blocked = parse(renderBody('<img src="javascript:alert(1)" alt="x"><img src="data:image/png;base64,AAAA" alt="y">', { allowImages: true }));
    expect(blocked.querySelector('img')).to.equal(null);
    expect(blocked.body.textContent).to.contain('x');
  });

  it('sanitises HTML bodies (WordPress) through the same policy', () => {
    const html = renderBody('<p>Hello <a href="javascript:alert(1)">there</a><script>x()</script></p>', { format: 'html' });
    const doc = parse(html);
    expect(doc.querySelector('script')).to.equal(null);
    expect(doc.querySelector('a')?.hasAttribute('href')).to.equal(false);
    expect(doc.querySelector('p')?.textContent).to.equal('Hello there');
  });

  it('drops style and class attributes and svg', () => {
    const doc = parse(sanitizeHtml('<p style="position:fixed" class="x" id="y">a</p><svg><script>1</script></svg>'));
    expect(attributesOf(doc)).to.deep.equal([]);
    expect(doc.querySelector('svg')).to.equal(null);
  });

  it('never loads an image while sanitising', async () => {
    const before = performance.getEntriesByType('resource').length;
    renderBody('<img src="http://127.0.0.1:9/tracker.png">');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const loaded = performance
      .getEntriesByType('resource')
      .slice(before)
      .filter((entry) => entry.name.includes('tracker.png'));
    expect(loaded).to.have.length(0);
  });
});

describe('safeHttpUrl', () => {
  it('accepts http and https, resolving relative addresses against the page', () => {
    expect(safeHttpUrl('https://example.com/x')).to.equal('https://example.com/x');
    expect(safeHttpUrl('/avatar.png', 'http://site.example/post')).to.equal('http://site.example/avatar.png');
  });

  it('rejects other schemes, tricks and junk', () => {
    for (const value of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'java\tscript:alert(1)', 'data:image/png;base64,AA', 'vbscript:x', 'file:///etc/passwd', '', 42, null]) {
      expect(safeHttpUrl(value, 'https://site.example/'), String(value)).to.equal(null);
    }
  });
});
