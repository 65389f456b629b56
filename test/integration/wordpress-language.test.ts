// A WordPress site in German and in Arabic, through the plugin and the script-tag bundle: the
// element loads its translation as a chunk only such pages fetch, every visible string is
// translated (none of the English table's words left), and Arabic lays out right to left.
import { expect } from '@open-wc/testing';
import { ar } from '../../src/locale/ar.js';
import { de } from '../../src/locale/de.js';
import { en } from '../../src/locale/en.js';
import { control, integrationEnv } from './env.js';
import { asAdminOf, type WordPressInfo } from './wordpress-env.js';

let wp: WordPressInfo;

const asAdmin = (method: string, route: string, body?: unknown) => asAdminOf(wp, method, route, body);

/** Every string of a table, flattened (plural forms included). */
function values(table: object): string[] {
  return Object.values(table).flatMap((value) => (typeof value === 'string' ? [value] : values(value as object)));
}

/**
 * The English table's words that the translation says otherwise: each string's literal pieces
 * between `{placeholders}`, of two words or more or one long word, absent from the translation.
 */
function englishOnly(translation: object): string[] {
  const translated = values(translation).join('\n');
  const pieces = new Set<string>();
  for (const text of values(en)) {
    for (const piece of text.split(/\{\w+\}/)) {
      const trimmed = piece.replace(/^[\s.,:;!?…“”"'()–-]+|[\s.,:;!?…“”"'()–-]+$/g, '');
      if ((/\s/.test(trimmed) || trimmed.length >= 5) && /[a-z]/i.test(trimmed) && !translated.includes(trimmed)) pieces.add(trimmed);
    }
  }
  return [...pieces];
}

/**
 * In the page: the element's visible text (through its shadow roots and those of the form and
 * picker inside), without what readers wrote (bodies, names, the post's title); placeholders too.
 */
const VISIBLE_TEXT = `(() => {
  const thread = document.querySelector('comment-thread');
  const title = thread.getAttribute('thread-title');
  const texts = [];
  const walk = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) {
        const parent = node.parentElement;
        if (!parent || parent.closest('[part~="body"], [part~="author"], style, script, template')) continue;
        if (parent.checkVisibility && !parent.checkVisibility()) continue;
        if (node.textContent.trim()) texts.push(node.textContent.trim());
      } else {
        if (node.getAttribute('placeholder') && node.checkVisibility()) texts.push(node.getAttribute('placeholder'));
        if (node.shadowRoot) walk(node.shadowRoot);
      }
    }
  };
  walk(thread.shadowRoot);
  return {
    text: texts.join('\\n').split(title).join(' '),
    lang: thread.getAttribute('lang'),
    dir: thread.getAttribute('dir'),
    direction: getComputedStyle(thread.shadowRoot.querySelector('[part~="base"]') || thread).direction,
  };
})()`;

/** The post's page in a real browser, once the element shows its comment and form in its language. */
async function browseIn(path: string, submitLabel: string) {
  return control<{ status: number; value: { text: string; lang: string; dir: string | null; direction: string }; requests: string[] }>(
    'wordpress',
    'browse',
    {
      path,
      waitFor: `(() => {
        const thread = document.querySelector('comment-thread');
        const form = thread?.shadowRoot?.querySelector('comment-form');
        const submit = form?.shadowRoot?.querySelector('[part~="submit"]');
        return thread?.shadowRoot?.querySelector('article[part~="comment"]') && submit?.textContent.includes(${JSON.stringify(submitLabel)});
      })()`,
      settleMs: 300,
      evaluate: VISIBLE_TEXT,
    },
  );
}

describe('a WordPress site in German or Arabic, through the plugin', () => {
  before(async () => {
    wp = JSON.parse((await integrationEnv()).WORDPRESS_INFO) as WordPressInfo;
    await control('wordpress', 'plugin', { active: true });
  });
  after(async () => {
    await control('wordpress', 'option', { name: 'WPLANG', value: '' });
  });

  for (const { locale, table, dir } of [
    { locale: 'de_DE', table: de, dir: null },
    { locale: 'ar', table: ar, dir: 'rtl' },
  ]) {
    it(`${locale}: the element loads its translation as a chunk and shows no English`, async () => {
      const post = await asAdmin('POST', '/wp/v2/posts', { title: `Post ${locale} ${Date.now()}`, status: 'publish' });
      await asAdmin('POST', '/wp/v2/comments', { post: post.id, content: `Kommentar ${Date.now()}` });
      const path = new URL(post.link).pathname;
      await control('wordpress', 'option', { name: 'WPLANG', value: locale });
      try {
        const page = await browseIn(path, table.postComment as string);
        expect(page.status).to.equal(200);
        expect(page.value.lang).to.equal(locale === 'de_DE' ? 'de-DE' : 'ar');
        expect(page.value.dir).to.equal(dir);
        expect(page.value.direction).to.equal(dir ?? 'ltr');
        // The translation came as a chunk of its own.
        const base = locale.slice(0, 2);
        expect(page.requests.some((request) => new RegExp(`/chunks/${base}-[\\w-]+\\.js$`).test(request)), page.requests.join('\n')).to.equal(true);
        const left = englishOnly(table).filter((piece) => page.value.text.includes(piece));
        expect(left, `English left in the ${locale} element:\n${page.value.text}`).to.deep.equal([]);
        expect(page.value.text).to.contain(table.reply as string);
      } finally {
        await control('wordpress', 'option', { name: 'WPLANG', value: '' });
      }

      // The same page in English fetches no translation.
      const english = await browseIn(path, en.postComment);
      expect(english.requests.filter((request) => /\/chunks\/(de|ar|fr|es|ja)-/.test(request))).to.deep.equal([]);
      expect(english.value.text).to.contain(en.reply);
    });
  }
});
