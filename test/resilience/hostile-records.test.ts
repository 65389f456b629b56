// One record never takes down the thread. Bodies built from the HTML parser's document-level and
// error-recovery constructs (some make the sanitiser return nothing at all), records whose getters
// throw, Symbols and BigInts where text belongs: each hostile record shows its sanitised body or
// "This comment could not be displayed." in its place, with its reply; every good one renders.
import { expect } from '@open-wc/testing';
import { renderBody } from '../../src/core/markdown.js';
import { en } from '../../src/locale/en.js';
import { CommentPostedEvent } from '../../src/events.js';
import '../../src/comment-form/define.js';
import type { CommentForm } from '../../src/comment-form/comment-form.js';
import { InMemoryProvider } from '../../src/providers/memory-provider.js';
import { fixture, html } from '@open-wc/testing';
import { type } from '../helpers.js';
import { audit } from '../security/audit.js';
import { shadow, until } from '../helpers.js';
import { failOnEscapes, mountThread, ok, onePage, rawProvider, shownIds } from './support.js';

const UNAVAILABLE = en.commentUnavailable;
/** Generated hostile bodies, on top of each construct alone. */
const GENERATED = 200;

/** Elements the HTML parser treats specially at the top of a document, in tables, in foreign content. */
const OPENERS = [
  '<html>', '<head>', '<body>', '<frameset>', '<frame>', '<noframes>', '<template>', '<noscript>',
  '<plaintext>', '<xmp>', '<listing>', '<select>', '<option>', '<optgroup>', '<textarea>', '<title>',
  '<table>', '<tbody>', '<tr>', '<td>', '<th>', '<caption>', '<colgroup>', '<col>', '<svg>', '<math>',
  '<foreignObject>', '<annotation-xml encoding="text/html">', '<mi>', '<mtext>', '<desc>', '<font color=red>',
  '<p>', '<b>', '<i>', '<a href="https://example.com/">', '<ul>', '<li>', '<blockquote>', '<pre>',
  '<image src="https://example.com/i.png">', '<isindex>', '<keygen>', '<base href="https://evil.example/">',
  '<style>', '<script>', '<iframe>', '<form>', '<input>', '<button>', '<object>', '<embed>', '<meta charset="x">',
];
const CLOSERS = [
  '</html>', '</head>', '</body>', '</frameset>', '</template>', '</noscript>', '</xmp>', '</select>',
  '</table>', '</tr>', '</td>', '</svg>', '</math>', '</foreignObject>', '</annotation-xml>', '</p>', '</b>',
  '</a>', '</li>', '</plaintext>', '</title>', '</style>', '</script>', '</form>', '</br>', '</>',
];
/** What may open a document, before the parser has seen content. */
const PROLOGUE = [
  '<!DOCTYPE html>', '<html>', '</html>', '<head>', '</head>', '<body>', '</body>', '<frameset>', '<frame>',
  '<!-- c -->', '<noscript>', '<template>', '<col>', '<caption>', '<svg>', '<math><annotation-xml encoding="text/html">',
  '<meta charset="x">', '<title>t</title>', '\n', ' ',
];
const OTHERS = [
  '<!--', '-->', '<!-- c -->', '<!--->', '<![CDATA[', ']]>', '<![CDATA[x]]>', '<!DOCTYPE html>',
  '<?xml version="1.0"?>', '<', '&', '&#0;', '&amp', '\n', '\n\n', '   ', '`', '```\n', '> ', '- ', '1. ',
  '| a | b |\n|---|---|\n| ', 'text', 'ünïcødé ‮', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))',
  '<a href="javascript:alert(1)">x</a>', '<svg onload=alert(1)>', '**', '_',
];

/** A small seeded generator (mulberry32): the corpus is the same on every run and engine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Hostile bodies: every construct alone, then generated ones that open, nest, misnest and leave
 * unclosed several constructs in a row, sometimes after leading whitespace or text.
 */
function hostileBodies(generated: number, seed = 13): string[] {
  const next = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  const bodies = [...OPENERS, ...CLOSERS, ...OTHERS.filter((piece) => piece.trim())];
  for (let n = 0; n < generated; n++) {
    let body = next() < 0.2 ? pick(['\n', '  ', 'x', '\n\n']) : '';
    // Often a document's opening first: what the parser decides before any content decides most.
    while (next() < 0.4) body += pick(PROLOGUE);
    const open: string[] = [];
    const length = 2 + Math.floor(next() * 7);
    for (let i = 0; i < length; i++) {
      const roll = next();
      if (roll < 0.5) {
        const opener = pick(OPENERS);
        body += opener;
        open.push(opener.slice(1).split(/[\s>]/)[0]);
      } else if (roll < 0.65 && open.length) {
        // Close one of the open elements, not necessarily the innermost: misnesting.
        body += `</${open.splice(Math.floor(next() * open.length), 1)[0]}>`;
      } else if (roll < 0.75) {
        body += pick(CLOSERS);
      } else {
        body += pick(OTHERS);
      }
    }
    bodies.push(body);
  }
  return bodies;
}

/** What the body's element holds for `html`, as the page's parser reads it back. */
function asParsed(html: string): string {
  const probe = document.createElement('div');
  probe.innerHTML = html;
  return probe.innerHTML;
}

function watchConsoleErrors(): { errors: string[]; stop(): void } {
  const errors: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => {
    errors.push(args.map(String).join(' '));
  };
  return { errors, stop: () => (console.error = original) };
}

function articleOf(thread: Element, id: string): HTMLElement | null {
  return shadow(thread).querySelector<HTMLElement>(`#${CSS.escape(`comment-${id}`)}`);
}

function bodyElement(thread: Element, id: string): HTMLElement | null {
  return articleOf(thread, id)?.querySelector<HTMLElement>('[part~="body"]') ?? null;
}

/** The reply `replyId` is shown inside the list item of `parentId`. */
function replyShownUnder(thread: Element, replyId: string, parentId: string): boolean {
  const reply = articleOf(thread, replyId);
  return reply !== null && reply.parentElement?.closest('li')?.parentElement?.closest('li')?.querySelector(':scope > article')?.id === `comment-${parentId}`;
}

describe('one record never takes down the thread', function () {
  this.timeout(120000);
  failOnEscapes();
  let consoleErrors: ReturnType<typeof watchConsoleErrors>;
  beforeEach(() => (consoleErrors = watchConsoleErrors()));
  afterEach(() => {
    consoleErrors.stop();
    expect(consoleErrors.errors, 'nothing is logged as a console error').to.deep.equal([]);
  });

  it('hostile bodies (document-level, error-recovery and foreign-content markup) between good ones: all render', async () => {
    const bodies = hostileBodies(GENERATED);
    const records: unknown[] = [];
    const hostile: { id: string; body: string; format: 'markdown' | 'html' }[] = [];
    // Each construct alone in both formats, generated ones in one or the other.
    const cases = bodies.flatMap((body, i) =>
      i < bodies.length - GENERATED ? [{ body, format: 'markdown' as const }, { body, format: 'html' as const }] : [{ body, format: i % 2 ? ('html' as const) : ('markdown' as const) }],
    );
    cases.forEach(({ body, format }, i) => {
      records.push(ok(`g${i}`));
      const id = `h${i}`;
      hostile.push({ id, body, format });
      records.push(ok(id, null, { body, bodyFormat: format }));
      records.push(ok(`r${i}`, id, { body: `Reply to ${id}` }));
    });
    records.push(ok(`g${cases.length}`));

    // What the sanitiser makes of each body on its own; some it cannot handle at all.
    const expected = hostile.map(({ body, format }) => {
      try {
        return asParsed(renderBody(body, { format }));
      } catch {
        return null;
      }
    });
    const unsanitisable = hostile.filter((_, i) => expected[i] === null);
    console.log(`${hostile.length} hostile bodies, ${unsanitisable.length} the sanitiser returns nothing for, e.g. ${unsanitisable.slice(0, 5).map((h) => JSON.stringify(h.body)).join(', ')}`);
    expect(unsanitisable.length, 'the corpus reaches bodies the sanitiser cannot handle (else this test proves nothing)').to.be.greaterThan(0);

    const thread = await mountThread(rawProvider(onePage(records)), { pageSize: records.length });
    await until(() => shownIds(thread).length === records.length, 'every record', 90000);

    for (let i = 0; i <= cases.length; i++) {
      expect(bodyElement(thread, `g${i}`)?.textContent?.trim(), `good comment g${i}`).to.equal(`Body of g${i}`);
    }
    hostile.forEach(({ id, body, format }, i) => {
      const element = bodyElement(thread, id);
      const what = `${id} (${format}) ${JSON.stringify(body)}`;
      expect(element !== null, `${what} is shown`).to.equal(true);
      if (expected[i] === null) expect(element!.textContent?.trim(), what).to.equal(UNAVAILABLE);
      else expect(element!.innerHTML, what).to.equal(expected[i]);
      expect(replyShownUnder(thread, `r${i}`, id), `the reply to ${what}`).to.equal(true);
    });
    expect(shadow(thread).querySelector('h2')?.textContent).to.contain(`${records.length.toLocaleString('en')} thoughts`);
    expect(audit(thread), 'nothing unsafe reached the page').to.deep.equal([]);
  });

  it('records whose getters throw, Proxies, Symbols and BigInts: placed and marked, or left out when they have no readable id', async () => {
    const getter = (key: string, base: Record<string, unknown>) =>
      Object.defineProperty(base, key, { enumerable: true, get() { throw new Error(`no ${key} for you`); } });
    const proxy = (id: string, failing: string) =>
      new Proxy(ok(id), {
        get(target, key) {
          if (key === failing) throw new Error(`trap ${failing}`);
          return Reflect.get(target, key);
        },
      });
    const { proxy: revoked, revoke } = Proxy.revocable(ok('revoked'), {});
    revoke();
    const hostile: [string, unknown, 'unavailable' | 'shown' | 'left out'][] = [
      ['x1', getter('body', ok('x1')), 'unavailable'],
      ['x2', getter('author', ok('x2')), 'unavailable'],
      ['x3', ok('x3', null, { author: getter('name', {}) }), 'unavailable'],
      ['x4', getter('reactions', ok('x4')), 'unavailable'],
      ['x5', proxy('x5', 'body'), 'unavailable'],
      ['x6', proxy('x6', 'createdAt'), 'unavailable'],
      ['x7', ok('x7', null, { body: Symbol('body') }), 'unavailable'],
      ['x8', ok('x8', null, { body: { html: '<b>x</b>' } }), 'unavailable'],
      ['x9', ok('x9', null, { author: { name: Symbol('name'), url: 10n }, createdAt: Symbol('date'), status: Symbol('s') }), 'shown'],
      ['x10', ok('x10', null, { body: 42n }), 'unavailable'],
      ['x11', proxy('x11', 'id'), 'left out'],
      ['x12', revoked, 'left out'],
      ['x13', new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } }), 'left out'],
      ['x14', ok('x14', null, { id: Symbol('id') }), 'left out'],
    ];
    const records: unknown[] = [];
    hostile.forEach(([id, record], i) => {
      records.push(ok(`g${i}`));
      records.push(record);
      records.push(ok(`r${i}`, id, { body: `Reply to ${id}` }));
    });
    records.push(ok('last'));
    const thread = await mountThread(rawProvider(onePage(records)), { pageSize: 100 });
    await until(() => shownIds(thread).includes('last'), 'the last good comment');
    await until(() => shownIds(thread).length === records.length - 4, 'every placeable record');

    hostile.forEach(([id, , outcome], i) => {
      expect(bodyElement(thread, `g${i}`)?.textContent?.trim()).to.equal(`Body of g${i}`);
      const body = bodyElement(thread, id)?.textContent?.trim();
      if (outcome === 'left out') {
        expect(articleOf(thread, id) !== null, `${id} is not shown`).to.equal(false);
        // Its reply has no parent to sit under: shown at the top, marked, never dropped.
        expect(articleOf(thread, `r${i}`)?.textContent, `reply to ${id}`).to.contain(en.replyToMissing);
        return;
      }
      if (outcome === 'unavailable') expect(body, id).to.equal(UNAVAILABLE);
      else expect(body, id).to.not.equal(UNAVAILABLE);
      expect(replyShownUnder(thread, `r${i}`, id), `the reply to ${id}`).to.equal(true);
    });
    expect(articleOf(thread, 'x9')?.querySelector('[part~="author"]')?.textContent?.trim()).to.equal(en.anonymous);
    // The header counts what is shown and never says NaN.
    expect(shadow(thread).querySelector('h2')?.textContent).to.match(/^\d+ thoughts/);
  });

  it('a comment that fails while rendering (not only its body) shows the message in its place, with its replies', async () => {
    // Fault injection: the date formatter throws for one record's date, as an engine's Intl may.
    const prototype = Intl.DateTimeFormat.prototype;
    const descriptor = Object.getOwnPropertyDescriptor(prototype, 'format')!;
    const poisoned = Date.UTC(2001, 0, 1);
    Object.defineProperty(prototype, 'format', {
      configurable: true,
      get(this: Intl.DateTimeFormat) {
        const format = descriptor.get!.call(this) as (date?: Date | number) => string;
        return (date?: Date | number) => {
          if (date instanceof Date && date.getTime() === poisoned) throw new RangeError('cannot format this date');
          return format(date);
        };
      },
    });
    try {
      const thread = await mountThread(
        rawProvider(onePage([ok('a1'), ok('bad', null, { createdAt: new Date(poisoned).toISOString() }), ok('r1', 'bad'), ok('z9')])),
      );
      await until(() => shownIds(thread).length === 4, 'all four');
      expect(bodyElement(thread, 'a1')?.textContent?.trim()).to.equal('Body of a1');
      expect(bodyElement(thread, 'z9')?.textContent?.trim()).to.equal('Body of z9');
      expect(bodyElement(thread, 'bad')?.textContent?.trim()).to.equal(UNAVAILABLE);
      expect(replyShownUnder(thread, 'r1', 'bad')).to.equal(true);
    } finally {
      Object.defineProperty(prototype, 'format', descriptor);
    }
  });

  it('a malformed comment in a comment-posted event from elsewhere on the page is read as provider data', async () => {
    const thread = await mountThread(rawProvider(onePage([ok('a1'), ok('b2')])));
    await until(() => shownIds(thread).length === 2, 'both');
    const odd = { id: 'p3', threadId: 't', parentId: null, author: null, body: 'Posted from elsewhere', createdAt: 'whenever' };
    thread.dispatchEvent(new CommentPostedEvent({ comment: odd as never, draft: {} as never }));
    await until(() => shownIds(thread).includes('p3'), 'the posted comment');
    expect(bodyElement(thread, 'p3')?.textContent?.trim()).to.equal('Posted from elsewhere');
    expect(bodyElement(thread, 'a1')?.textContent?.trim()).to.equal('Body of a1');
  });

  it('the writer’s preview of a body the sanitiser cannot handle says so, and the form goes on working', async () => {
    const form = await fixture<CommentForm>(html`<comment-form .provider=${new InMemoryProvider()} thread-id="t"></comment-form>`);
    await until(() => shadow(form).querySelector('textarea'), 'the form');
    type(shadow(form).querySelector('textarea')!, '<frameset>');
    const [, previewButton] = shadow(form).querySelectorAll<HTMLButtonElement>('[part~="tabs"] button');
    previewButton.click();
    const preview = await until(() => shadow(form).querySelector('[part~="preview"]'), 'the preview');
    expect(preview.textContent?.trim()).to.equal(UNAVAILABLE);
    type(shadow(form).querySelector('textarea')!, '**fine**');
    await form.updateComplete;
    expect(shadow(form).querySelector('[part~="preview"] strong')?.textContent).to.equal('fine');
  });
});
