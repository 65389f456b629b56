import { expect, fixture, html } from '@open-wc/testing';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/comment-thread/define.js';
import '../src/comment-form/define.js';
import '../src/login-picker/define.js';
import type { CommentThread } from '../src/comment-thread/comment-thread.js';
import { en } from '../src/locale/en.js';
import { enDialogs } from '../src/locale/en-dialogs.js';
import { enForm } from '../src/locale/en-form.js';
import { enReader } from '../src/locale/en-reader.js';
import { ar } from '../src/locale/ar.js';
import { de } from '../src/locale/de.js';
import { es } from '../src/locale/es.js';
import { fr } from '../src/locale/fr.js';
import { ja } from '../src/locale/ja.js';
import { loadLocale, loadableLocales } from '../src/locale/load.js';
import {
  formatPlural,
  registerLocale,
  requestLocale,
  resolveStrings,
  setLocaleLoader,
  type PluralStrings,
} from '../src/locale/localize.js';
import type { LocaleTable } from '../src/locale/table.js';
import { LocalizeController } from '../src/controllers/localize-controller.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import type { CommentRecord } from '../src/types.js';
import { formOf, loadFixture, record, shadow, until } from './helpers.js';

const TABLES: Record<string, LocaleTable> = { de, fr, es, ja, ar };
const CATEGORIES = new Set<string>(['zero', 'one', 'two', 'few', 'many', 'other']);

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const isPlural = (value: unknown): value is PluralStrings =>
  typeof value === 'object' && value !== null && 'other' in value && Object.keys(value).every((key) => CATEGORIES.has(key));

/** Every way `table` departs from the English table's keys and placeholders. */
function compare(lang: string, table: Record<string, unknown>, english: Record<string, unknown>, path = ''): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(table)) if (!(key in english)) problems.push(`${lang}: ${path}${key} is not an English key`);
  for (const [key, base] of Object.entries(english)) {
    const where = `${lang}: ${path}${key}`;
    const value = table[key];
    if (value === undefined) {
      problems.push(`${where} is missing`);
    } else if (typeof base === 'string') {
      if (typeof value !== 'string' || !value.trim()) problems.push(`${where} is not a text`);
      else if (placeholders(value).join() !== placeholders(base).join()) {
        problems.push(`${where} has {${placeholders(value)}} where English has {${placeholders(base)}}`);
      }
    } else if (isPlural(base)) {
      if (!isPlural(value)) {
        problems.push(`${where} is not a plural entry`);
        continue;
      }
      // Every category the language's plural rules use, and `zero` where English has one.
      const needed = new Set(new Intl.PluralRules(lang).resolvedOptions().pluralCategories as string[]);
      if ('zero' in base) needed.add('zero');
      for (const category of needed) if (!(category in value)) problems.push(`${where}.${category} is missing`);
      const englishNames = new Set(Object.values(base).flatMap((text) => placeholders(text!)));
      for (const [category, text] of Object.entries(value)) {
        for (const name of placeholders(text!)) {
          if (!englishNames.has(name)) problems.push(`${where}.${category} has {${name}}, unknown in English`);
        }
        // Names other than the count (a title, a reaction) belong wherever English has them:
        // in the same form, or in `other` for the forms English does not have.
        const reference = (base as Record<string, string>)[category] ?? base.other;
        for (const name of placeholders(reference)) {
          if (name !== 'count' && !placeholders(text!).includes(name)) problems.push(`${where}.${category} lacks {${name}}`);
        }
      }
      if (placeholders(base.other).includes('count') && !placeholders(value.other).includes('count')) {
        problems.push(`${where}.other lacks {count}`);
      }
    } else if (typeof base === 'object' && base !== null) {
      if (typeof value !== 'object' || value === null) problems.push(`${where} is not a group`);
      else problems.push(...compare(lang, value as Record<string, unknown>, base as Record<string, unknown>, `${path}${key}.`));
    }
  }
  return problems;
}

describe('locale tables', () => {
  it('carry every English key, with the same placeholders and every plural form the language needs', () => {
    const problems = Object.entries(TABLES).flatMap(([lang, table]) =>
      compare(lang, table as unknown as Record<string, unknown>, en as unknown as Record<string, unknown>),
    );
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });

  it('the comparison catches a missing key, a lost placeholder and a missing plural form', () => {
    const broken = structuredClone(de) as unknown as Record<string, unknown>;
    delete broken.reply;
    broken.replyLabel = 'Antworten';
    broken.header = { one: 'Ein Gedanke zu „{title}“', other: '{count} Gedanken' };
    expect(compare('de', broken, en as unknown as Record<string, unknown>)).to.have.members([
      'de: reply is missing',
      'de: replyLabel has {} where English has {name}',
      'de: header.zero is missing',
      'de: header.other lacks {title}',
    ]);
    const arabic = structuredClone(ar) as unknown as Record<string, unknown>;
    arabic.header = { zero: 'x', one: 'x {title}', other: '{count} {title}' };
    expect(compare('ar', arabic, en as unknown as Record<string, unknown>)).to.include.members([
      'ar: header.two is missing',
      'ar: header.few is missing',
      'ar: header.many is missing',
    ]);
  });

  it('are loaded on demand, by base language, and only when asked', async () => {
    expect(resolveStrings('ja').reply).to.equal(en.reply);
    expect(loadableLocales).to.have.members(['de', 'fr', 'es', 'ja', 'ar']);
    expect(await loadLocale('ja-JP')).to.equal(true);
    expect(resolveStrings('ja').reply).to.equal(ja.reply);
    expect(resolveStrings('ja-JP').formTitle).to.equal(ja.formTitle);
    expect(await loadLocale('en')).to.equal(false);
    expect(await loadLocale('tlh')).to.equal(false);
    expect(resolveStrings('tlh').reply).to.equal(en.reply);
  });
});

async function seedThread(lang: string, container?: string) {
  const seed = await loadFixture('myth-of-networking');
  const provider = new InMemoryProvider({ comments: seed.comments, identityOptions: seed.identityOptions });
  const wrapper = await fixture<HTMLDivElement>(html`<div lang=${container ?? 'en'}>
    <comment-thread
      .provider=${provider}
      lang=${ifDefined(lang || undefined)}
      thread-id=${seed.thread.id}
      thread-title=${seed.thread.title}
      max-depth=${seed.maxDepth}
    ></comment-thread>
  </div>`);
  const thread = wrapper.querySelector<CommentThread>('comment-thread')!;
  await until(() => shadow(thread).querySelectorAll('article').length === 5, 'the seed thread');
  const form = formOf(thread);
  const picker = await until(() => form.shadowRoot?.querySelector('login-picker'), 'picker');
  await until(() => picker.shadowRoot?.querySelector('[part~="option"]'), 'sign-in options');
  return { thread, form, picker, seed };
}

const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();

describe('the thread in each language', function () {
  // Eight threads render here; on a busy two-core machine that takes more than mocha's default.
  this.timeout(30000);
  before(async () => {
    await import('../src/locale/all.js');
  });
  afterEach(() => localStorage.clear());

  for (const [lang, table] of Object.entries(TABLES)) {
    it(`renders in ${lang}: header, buttons, form, sign-in and dates`, async () => {
      const { thread, form, picker, seed } = await seedThread(lang);
      const root = shadow(thread);
      expect(text(root.querySelector('h2'))).to.equal(formatPlural(table.header, 5, lang, { title: seed.thread.title }));
      expect(text(root.querySelector('#comment-c1 [part~="reply-button"]'))).to.equal(table.reply);
      expect(root.querySelector('#comment-c1 [part~="reply-button"]')?.getAttribute('aria-label')).to.equal(
        table.replyLabel.replace('{name}', 'Bret'),
      );
      expect(text(root.querySelector('#comment-c2 [part~="badge"]'))).to.equal(table.postAuthor);
      expect(text(root.querySelector('#comment-c4 [part~="note"]'))).to.equal(table.inReplyTo.replace('{name}', 'Liz'));
      const time = root.querySelector('#comment-c1 time')!;
      const date = new Date('2011-03-14T09:12:00Z');
      expect(time.getAttribute('title')).to.equal(
        new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' }).format(date),
      );
      expect(text(shadow(form).querySelector('h3'))).to.equal(table.formTitle);
      expect(text(shadow(form).querySelector('[part~="submit"]'))).to.equal(table.postComment);
      expect(text(shadow(picker).querySelector('[part~="prompt"]'))).to.equal(table.loginPrompt);
      expect(shadow(picker).querySelector('[part~="option"]')?.getAttribute('aria-label')).to.equal(
        table.logInWith.replace('{provider}', 'WordPress.com'),
      );
    });
  }

  it('takes the language from the nearest ancestor when the element has none', async () => {
    const { thread } = await seedThread('', 'de');
    expect(text(shadow(thread).querySelector('#comment-c1 [part~="reply-button"]'))).to.equal(de.reply);
  });

  it('reads lang="de_DE" as de-DE, and passes over a lang Intl refuses to the nearest one it takes', async () => {
    const { thread } = await seedThread('de_DE');
    const root = shadow(thread);
    expect(text(root.querySelector('#comment-c1 [part~="reply-button"]'))).to.equal(de.reply);
    expect(root.querySelector('#comment-c1 time')!.getAttribute('title')).to.equal(
      new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeStyle: 'short' }).format(new Date('2011-03-14T09:12:00Z')),
    );
    const refused = (await seedThread('not a language!', 'fr')).thread;
    expect(text(shadow(refused).querySelector('#comment-c1 [part~="reply-button"]'))).to.equal(fr.reply);
    expect(text(shadow(refused).querySelector('h2'))).to.contain('5');
  });

  it('prefers the element’s own lang over an ancestor’s, and its strings over the table', async () => {
    const { thread } = await seedThread('fr', 'de');
    expect(text(shadow(thread).querySelector('#comment-c1 [part~="reply-button"]'))).to.equal(fr.reply);
    thread.strings = { reply: 'Répondre à ce commentaire' };
    await thread.updateComplete;
    expect(text(shadow(thread).querySelector('#comment-c1 [part~="reply-button"]'))).to.equal('Répondre à ce commentaire');
  });

  it('gives the Arabic header its six plural forms: 0, 1, 2, 5, 11 and 100 comments', async () => {
    const title = 'خرافة التواصل';
    const number = new Intl.NumberFormat('ar');
    const expected: Record<number, string> = {
      0: 'لا توجد تعليقات بعد',
      1: `فكرة واحدة حول «${title}»`,
      2: `فكرتان حول «${title}»`,
      5: `${number.format(5)} أفكار حول «${title}»`,
      11: `${number.format(11)} فكرةً حول «${title}»`,
      100: `${number.format(100)} فكرة حول «${title}»`,
    };
    const headers: string[] = [];
    for (const count of [0, 1, 2, 5, 11, 100]) {
      const comments: CommentRecord[] = Array.from({ length: count }, (_, i) => record(`r${i}`, null));
      const thread = await fixture<CommentThread>(html`<comment-thread
        lang="ar"
        .provider=${new InMemoryProvider({ comments })}
        thread-id="t"
        thread-title=${title}
      ></comment-thread>`);
      const heading = await until(
        () => (shadow(thread).querySelector('[part~="form"]') ? shadow(thread).querySelector('h2') : null),
        `the header for ${count}`,
      );
      headers.push(text(heading)!);
      expect(text(heading), `${count} comments`).to.equal(expected[count]);
    }
    expect(new Set(headers).size).to.equal(6);
  });
});

describe('English, in parts that load with the code showing them', () => {
  afterEach(() => localStorage.clear());

  it('has each key in one part, and the reader’s, the form’s and the dialogs’ parts make the whole table', () => {
    const keys = [enReader, enForm, enDialogs].flatMap((part) => Object.keys(part));
    expect(keys.filter((key, index) => keys.indexOf(key) !== index), 'keys in two parts').to.deep.equal([]);
    expect(keys).to.have.members(Object.keys(en));
  });

  it('shows the form’s, the sign-in picker’s and a comment’s dialogs’ English in a thread', async () => {
    const { thread, form, picker } = await seedThread('en');
    expect(text(shadow(form).querySelector('[part~="submit"]'))).to.equal(enForm.postComment);
    expect(text(shadow(form).querySelector('label[for="body"]'))).to.equal(enForm.commentField);
    expect(text(shadow(picker).querySelector('[part~="prompt"]'))).to.equal(enForm.loginPrompt);
    const root = shadow(thread);
    root.querySelector<HTMLElement>('#comment-c1 [part~="report-button"]')!.click();
    const reasons = await until(() => root.querySelector<HTMLSelectElement>('#comment-c1 [part~="report-reason"]'), 'the report’s reasons');
    expect(text(reasons.closest('label'))).to.contain(enDialogs.reportReason);
    expect([...reasons.options].map((option) => option.textContent)).to.deep.equal(Object.values(enDialogs.reportReasons));
    expect(text(root.querySelector('#comment-c1 [part~="report-send"]'))).to.equal(enDialogs.reportSend);
  });

  it('puts a part under every language and an element’s own strings, without changing the strings a thread renders from', async () => {
    expect(resolveStrings('en').postComment, 'the reader’s English has no form strings').to.equal(undefined);
    expect(resolveStrings('en', null, enForm).postComment).to.equal(enForm.postComment);
    expect(resolveStrings('en', null, enForm).reply, 'the reader’s part under it').to.equal(enReader.reply);
    expect(resolveStrings('de', null, enForm).postComment, 'German over it').to.equal(de.postComment);
    expect(resolveStrings('en', { postComment: 'Send' }, enForm).postComment, 'overrides over it').to.equal('Send');
    const { thread } = await seedThread('en');
    const l10n = new LocalizeController(thread);
    const strings = l10n.strings;
    const withDialogs = l10n.stringsWith(enDialogs);
    expect(withDialogs.confirmDelete).to.equal(enDialogs.confirmDelete);
    expect(l10n.stringsWith(enDialogs), 'kept').to.equal(withDialogs);
    expect(l10n.strings, 'the thread’s own strings unchanged').to.equal(strings);
    expect(strings.confirmDelete).to.equal(undefined);
    thread.strings = { confirmDelete: 'Really?' };
    expect(l10n.stringsWith(enDialogs).confirmDelete, 'the element’s overrides over the part').to.equal('Really?');
  });
});

describe('right to left', function () {
  this.timeout(30000);
  before(async () => {
    await import('../src/locale/all.js');
  });
  afterEach(() => localStorage.clear());

  it('lays the Arabic thread out right to left, replies indented from the right', async () => {
    const { thread, form } = await seedThread('ar');
    const root = shadow(thread);
    const section = root.querySelector('[part~="base"]')!;
    expect(section.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(section).direction).to.equal('rtl');
    const replies = root.querySelector<HTMLElement>('#comment-c1')!.closest('li')!.querySelector<HTMLElement>('ol')!;
    const style = getComputedStyle(replies);
    expect(parseFloat(style.paddingRight), 'indent on the right').to.be.greaterThan(0);
    expect(parseFloat(style.paddingLeft), 'no indent on the left').to.equal(0);
    const parent = root.querySelector('#comment-c1')!.getBoundingClientRect();
    const child = root.querySelector('#comment-c2')!.getBoundingClientRect();
    expect(child.right).to.be.lessThan(parent.right - 10);
    expect(Math.abs(child.left - parent.left)).to.be.lessThan(1);
    // The avatar sits on the right of the comment, the text to its left.
    const avatar = root.querySelector('#comment-c1 [part~="avatar"]')!.getBoundingClientRect();
    const body = root.querySelector('#comment-c1 [part~="body"]')!.getBoundingClientRect();
    expect(avatar.left).to.be.greaterThan(body.left);
    // The form inside inherits the direction.
    expect(getComputedStyle(shadow(form).querySelector('form')!).direction).to.equal('rtl');
  });

  it('keeps a left-to-right comment left to right inside the Arabic thread, and the page from scrolling sideways', async () => {
    const { thread } = await seedThread('ar');
    const root = shadow(thread);
    // Bret's comment is English: its first letter starts the line on the left, and its
    // full stop ends it on the right, as the reader wrote it (dir="auto" on the body).
    const paragraph = root.querySelector('#comment-c1 [part~="body"] p')!;
    const first = document.createRange();
    const textNode = [...paragraph.childNodes].find((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim())!;
    const start = textNode.textContent!.search(/\S/);
    first.setStart(textNode, start);
    first.setEnd(textNode, start + 1);
    const box = paragraph.getBoundingClientRect();
    expect(first.getBoundingClientRect().left - box.left, 'English text starts on the left').to.be.lessThan(2);
    // Nothing (the hidden spam trap, say) sticks out past the side of the page.
    expect(document.documentElement.scrollWidth, 'page width').to.be.at.most(document.documentElement.clientWidth);
  });

  it('lays out a lone form and sign-in picker with lang="ar" right to left', async () => {
    const provider = new InMemoryProvider({ identityOptions: [{ id: 'twitter', label: 'Twitter', kind: 'oauth' }] });
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <comment-form lang="ar" .provider=${provider} thread-id="t"></comment-form>
      <login-picker lang="ar" .provider=${provider}></login-picker>
    </div>`);
    const form = wrapper.querySelector('comment-form')!;
    const picker = wrapper.querySelector('login-picker')!;
    await until(() => shadow(picker).querySelector('[part~="option"]'), 'the picker');
    await until(() => shadow(form).querySelector('form'), 'the form');
    const directions = {
      form: getComputedStyle(shadow(form).querySelector('form')!).direction,
      picker: getComputedStyle(shadow(picker).querySelector('[part~="options"]')!).direction,
    };
    expect(directions).to.deep.equal({ form: 'rtl', picker: 'rtl' });
  });
});

describe('a language loaded on first use (the script-tag bundle’s loader)', () => {
  afterEach(() => setLocaleLoader(undefined));

  it('asks the loader once per language without a table, never for English, and shows it when it comes', async () => {
    const asked: string[] = [];
    let arrive!: () => void;
    setLocaleLoader(
      (lang) =>
        new Promise<void>((resolve) => {
          asked.push(lang);
          arrive = () => {
            registerLocale(lang, { reply: 'Antwoord-xq' });
            resolve();
          };
        }),
    );
    const seed = await loadFixture('myth-of-networking');
    const thread = await fixture<CommentThread>(
      html`<comment-thread lang="xq-BE" .provider=${new InMemoryProvider({ comments: seed.comments })} thread-id=${seed.thread.id}></comment-thread>`,
    );
    await until(() => shadow(thread).querySelector('[part~="reply-button"]'), 'a Reply button');
    expect(shadow(thread).querySelector('[part~="reply-button"]')!.textContent!.trim()).to.equal(en.reply);
    requestLocale('xq');
    requestLocale('en-GB');
    requestLocale('de');
    expect(asked).to.deep.equal(['xq']);
    arrive();
    // The comments already shown are drawn again in the language that arrived.
    await until(() => shadow(thread).querySelector('[part~="reply-button"]')!.textContent!.trim() === 'Antwoord-xq', 'Reply in the new language');
  });

  it('asks again after a failed load', async () => {
    const asked: string[] = [];
    setLocaleLoader(async (lang) => {
      asked.push(lang);
      throw new Error('chunk lost');
    });
    requestLocale('xr');
    await new Promise((resolve) => setTimeout(resolve));
    requestLocale('xr');
    expect(asked).to.deep.equal(['xr', 'xr']);
  });
});
