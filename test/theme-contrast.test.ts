import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../src/comment-thread/define.js';
import '../src/login-picker/define.js';
import type { CommentThread } from '../src/comment-thread/comment-thread.js';
import type { LoginPicker } from '../src/login-picker/login-picker.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import type { CommentRecord } from '../src/types.js';
import { formOf, loadFixture, shadow, until } from './helpers.js';

/*
 * WCAG 2.2 AA in every theme, measured on the colours Chromium actually
 * computes: 4.5:1 for text (muted text, links, buttons and errors included)
 * and 3:1 for the boundaries of controls and the focus ring.
 */

type Rgba = [number, number, number, number];

const canvas = document.createElement('canvas');
canvas.width = canvas.height = 1;
const paint = canvas.getContext('2d', { willReadFrequently: true })!;

/** Any CSS colour Chromium computes (rgb, color(srgb …), oklch…) as 0–255 RGBA, alpha 0–1. */
function rgba(color: string): Rgba {
  paint.clearRect(0, 0, 1, 1);
  paint.fillStyle = '#000';
  paint.fillStyle = color;
  paint.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = paint.getImageData(0, 0, 1, 1).data;
  return [r, g, b, a / 255];
}

function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1) as Rgba;
}

function luminance([r, g, b]: Rgba): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function ratio(a: Rgba, b: Rgba): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** The next box out in the rendered (flat) tree: slot, parent, or shadow host. */
function outer(element: Element): Element | null {
  if (element.assignedSlot) return element.assignedSlot;
  if (element.parentElement) return element.parentElement;
  const root = element.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/** The opaque colour behind `element`: every background out to the page, composited. */
function backdrop(element: Element, includeSelf = false): Rgba {
  const layers: Rgba[] = [];
  for (let node: Element | null = includeSelf ? element : outer(element); node; node = outer(node)) {
    const layer = rgba(getComputedStyle(node).backgroundColor);
    if (layer[3] > 0) layers.push(layer);
    if (layer[3] >= 1) break;
  }
  return layers.reduceRight<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]);
}

class Audit {
  readonly failures: string[] = [];
  checked = 0;
  constructor(readonly scene: string) {}

  /** Text colour against everything behind it (its own background included). */
  text(element: Element | null | undefined, what: string, min = 4.5): void {
    if (!element) return void this.failures.push(`${this.scene}: ${what} not found`);
    const background = backdrop(element, true);
    const foreground = over(rgba(getComputedStyle(element).color), background);
    this.#check(ratio(foreground, background), min, what);
  }

  /** A control's border (or another UI colour) against what is behind the control. */
  ui(element: Element | null | undefined, what: string, color: (style: CSSStyleDeclaration) => string, min = 3): void {
    if (!element) return void this.failures.push(`${this.scene}: ${what} not found`);
    const background = backdrop(element);
    const foreground = over(rgba(color(getComputedStyle(element))), background);
    this.#check(ratio(foreground, background), min, what);
  }

  /** Two computed colours that the design says are the same token. */
  same(
    element: Element | null | undefined,
    what: string,
    color: (style: CSSStyleDeclaration) => string,
    reference: Element | null | undefined,
    token: string,
  ): void {
    if (!element || !reference) return void this.failures.push(`${this.scene}: ${what} or ${token} not found`);
    this.checked++;
    const actual = rgba(color(getComputedStyle(element))).join();
    const expected = rgba(getComputedStyle(reference).color).join();
    if (actual !== expected) this.failures.push(`${this.scene}: ${what} is rgba(${actual}), not ${token} rgba(${expected})`);
  }

  /** Two controls that must not look alike in this colour. */
  differs(
    a: Element | null | undefined,
    b: Element | null | undefined,
    what: string,
    color: (style: CSSStyleDeclaration) => string,
  ): void {
    if (!a || !b) return void this.failures.push(`${this.scene}: ${what} not found`);
    this.checked++;
    const [first, second] = [a, b].map((element) => rgba(color(getComputedStyle(element))).join());
    if (first === second) this.failures.push(`${this.scene}: ${what} look the same, rgba(${first})`);
  }

  #check(value: number, min: number, what: string): void {
    this.checked++;
    if (value < min) this.failures.push(`${this.scene}: ${what} ${value.toFixed(2)}:1 < ${min}:1`);
  }
}

const q = <T extends Element = HTMLElement>(root: ParentNode, selector: string) => root.querySelector<T>(selector);

async function seedProvider() {
  const seed = await loadFixture('myth-of-networking');
  const extra: CommentRecord[] = [
    {
      id: 'x1',
      threadId: seed.thread.id,
      parentId: null,
      author: { name: 'Ada', url: 'https://example.com/ada' },
      body: 'A comment with a [link](https://example.com) and a website.',
      createdAt: '2011-03-17T10:00:00Z',
    },
    {
      id: 'x2',
      threadId: seed.thread.id,
      parentId: null,
      author: { name: 'Me' },
      body: 'My own comment, held.',
      createdAt: '2011-03-18T10:00:00Z',
      status: 'pending',
      viewerIsAuthor: true,
    },
  ];
  const provider = new InMemoryProvider({
    comments: [...seed.comments, ...extra],
    identityOptions: seed.identityOptions,
  });
  return { seed, provider };
}

/** Renders the seed thread on a page of the given colours, with the comment c2 highlighted as a permalink shows it. */
async function seedThread(theme: string | undefined, page: string) {
  const { seed, provider } = await seedProvider();
  const wrapper = await fixture<HTMLDivElement>(html`<div style=${page}>
    <comment-thread
      .provider=${provider}
      theme=${theme ?? ''}
      thread-id=${seed.thread.id}
      thread-title=${seed.thread.title}
      max-depth="3"
    ></comment-thread>
  </div>`);
  const thread = wrapper.querySelector<CommentThread>('comment-thread')!;
  if (!theme) thread.removeAttribute('theme');
  await until(() => shadow(thread).querySelector('#comment-c2'), 'the comments');
  // The look of a comment a permalink opened. (Opening #comment-c2 for real would change the
  // test page's URL, which the test runner takes for a navigation away.)
  const opened = shadow(thread).querySelector('#comment-c2')!;
  opened.classList.add('highlight');
  expect(getComputedStyle(opened).backgroundColor, 'highlight background').to.not.equal('rgba(0, 0, 0, 0)');
  const form = formOf(thread);
  const picker = await until(() => form.shadowRoot?.querySelector<LoginPicker>('login-picker'), 'picker');
  await until(() => picker.shadowRoot?.querySelector('[part~="option"] svg'), 'sign-in options with their icons');
  return { thread, form, picker, wrapper };
}

async function auditThread(audit: Audit, theme: string | undefined, page: string) {
  const { thread, form, picker } = await seedThread(theme, page);
  const root = shadow(thread);
  audit.text(q(root, 'h2'), 'thread title');
  audit.text(q(root, '#comment-c1 .author'), 'author name');
  audit.text(q(root, '#comment-x1 .author a'), 'author link');
  audit.text(q(root, '#comment-c1 .body p'), 'comment text');
  audit.text(q(root, '#comment-x1 .body a'), 'link in a comment');
  audit.text(q(root, '#comment-c1 .permalink'), 'permalink (muted)');
  audit.text(q(root, '#comment-c4 .badge'), 'post-author badge (muted)');
  audit.text(q(root, '#comment-c4 .note'), '"In reply to" note (muted)');
  audit.text(q(root, '#comment-x2 [part~="moderation"]'), 'moderation notice (muted)');
  audit.text(q(root, '#comment-c1 .reply'), 'Reply button (accent)');
  audit.text(q(root, '#comment-c2.highlight .body p'), 'highlighted comment text');
  audit.text(q(root, '#comment-c2.highlight .permalink'), 'highlighted permalink (muted)');
  audit.text(q(root, '#comment-c2.highlight .badge'), 'highlighted badge (muted)');
  audit.text(q(root, '#comment-c2.highlight .reply'), 'highlighted Reply button (accent)');
  audit.text(q(root, '[part~="order"]'), 'order switch text');
  audit.ui(q(root, '[part~="order"]'), 'order switch border', (s) => s.borderTopColor);

  const formRoot = shadow(form);
  audit.text(q(formRoot, 'h3'), 'form title');
  audit.text(q(formRoot, 'label[for="name"]'), 'field label');
  audit.text(q(formRoot, 'label[for="name"] .required'), '"(required)" (muted)');
  audit.text(q(formRoot, '#email-hint'), 'email hint (muted)');
  audit.text(q(formRoot, '#body-hint'), 'Markdown hint (muted)');
  audit.ui(q(formRoot, 'input[name="name"]'), 'text field border', (s) => s.borderTopColor);
  audit.ui(q(formRoot, 'textarea'), 'comment box border', (s) => s.borderTopColor);
  audit.text(q(formRoot, '.tabs button[aria-pressed="true"]'), 'pressed tab text (on surface)');
  audit.text(q(formRoot, '.tabs button[aria-pressed="false"]'), 'tab text');
  audit.ui(q(formRoot, '.tabs button'), 'tab border', (s) => s.borderTopColor);
  audit.text(q(formRoot, '[part~="save-details"] span'), 'save-details label');
  audit.text(q(formRoot, '[part~="submit"]'), 'Post Comment text (on accent)');
  audit.ui(q(formRoot, '[part~="submit"]'), 'Post Comment button', (s) => s.backgroundColor);

  const pickerRoot = shadow(picker);
  audit.text(q(pickerRoot, '[part~="prompt"]'), 'login prompt (muted)');
  audit.ui(q(pickerRoot, '[part~="option"]'), 'sign-in button border', (s) => s.borderTopColor);
  // Brand icons are graphics drawn in the text colour (currentColor): 3:1 against the button.
  audit.ui(q(pickerRoot, '[part~="option"] svg'), 'sign-in button icon', (s) => s.color);

  // Validation errors: inline messages in the danger colour and red field borders.
  q<HTMLButtonElement>(formRoot, '[part~="submit"]')!.click();
  await until(() => formRoot.querySelector('[part~="field-error"]'), 'field errors');
  audit.text(q(formRoot, '#name-error'), 'field error (danger)');
  audit.text(q(formRoot, '#body-error'), 'comment error (danger)');
  const invalid = q(formRoot, 'input[aria-invalid="true"]');
  audit.ui(invalid, 'invalid field border (danger)', (s) => s.borderTopColor);

  // The focus ring, drawn around the focused control.
  const reply = q<HTMLButtonElement>(root, '#comment-c1 .reply')!;
  reply.focus();
  expect(reply.matches(':focus-visible'), 'focus-visible after programmatic focus').to.be.true;
  audit.ui(reply, 'focus ring', (s) => s.outlineColor);
  const submit = q<HTMLButtonElement>(formRoot, '[part~="submit"]')!;
  submit.focus();
  audit.ui(submit, 'focus ring around the primary button', (s) => s.outlineColor);
  submit.blur();

  // The delete confirmation: Delete in the danger colour (text and border), unlike its Cancel.
  q<HTMLButtonElement>(root, '#comment-x2 [part~="delete-button"]')!.click();
  const confirmDelete = await until(() => q(root, '#comment-x2 [part~="confirm-delete"]'), 'the delete confirmation');
  const confirmCancel = q(root, '#comment-x2 [part~="confirm-cancel"]');
  audit.text(q(root, '#comment-x2 [part~="confirm"] p'), 'delete confirmation question');
  audit.text(confirmDelete, 'confirmation Delete text (danger on surface)');
  audit.ui(confirmDelete, 'confirmation Delete border (danger)', (s) => s.borderTopColor);
  audit.same(confirmDelete, 'confirmation Delete text', (s) => s.color, q(formRoot, '#name-error'), 'the danger colour');
  audit.same(confirmDelete, 'confirmation Delete border', (s) => s.borderTopColor, q(formRoot, '#name-error'), 'the danger colour');
  audit.text(confirmCancel, 'confirmation Cancel text (on surface)');
  audit.ui(confirmCancel, 'confirmation Cancel border', (s) => s.borderTopColor);
  audit.differs(confirmDelete, confirmCancel, 'confirmation Delete and Cancel', (s) => s.color);
}

async function auditStates(audit: Audit, theme: string | undefined, page: string) {
  // Couldn't load, with Retry (a secondary button).
  const failing = new InMemoryProvider();
  failing.failNext('listComments', 1, 'network');
  const wrapper = await fixture<HTMLDivElement>(html`<div style=${page}>
    <comment-thread .provider=${failing} thread-id="t" thread-title="T"></comment-thread>
  </div>`);
  const thread = wrapper.querySelector('comment-thread')!;
  if (theme) thread.setAttribute('theme', theme);
  const root = shadow(thread);
  await until(() => root.querySelector('[part~="retry"]'), 'Retry');
  audit.text(q(root, '[part~="error"] strong'), '"Couldn’t load comments"');
  audit.text(q(root, '[part~="error"] p:nth-of-type(2)'), 'load error detail');
  audit.text(q(root, '[part~="retry"]'), 'Retry text (on surface)');
  audit.ui(q(root, '[part~="retry"]'), 'Retry border', (s) => s.borderTopColor);

  // A failed sign-in, and the signed-in reader with Log Out / Change links.
  const options = [{ id: 'twitter', label: 'Twitter', kind: 'oauth' as const }];
  const provider = new InMemoryProvider({ identityOptions: options });
  provider.failNext('signIn', 1, 'network');
  const pickerWrapper = await fixture<HTMLDivElement>(html`<div style=${page}>
    <login-picker .provider=${provider}></login-picker>
  </div>`);
  const picker = pickerWrapper.querySelector<LoginPicker>('login-picker')!;
  if (theme) picker.setAttribute('theme', theme);
  await until(() => picker.phase === 'ready', 'options');
  await picker.updateComplete;
  q<HTMLButtonElement>(shadow(picker), '[part~="option"]')!.click();
  await until(() => shadow(picker).querySelector('[part~="error"]'), 'sign-in error');
  audit.text(q(shadow(picker), '[part~="error"]'), 'sign-in error (danger)');
  q<HTMLButtonElement>(shadow(picker), '[part~="option"]')!.click();
  await until(() => shadow(picker).querySelector('[part~="log-out"]'), 'signed in');
  audit.text(q(shadow(picker), '[part~="log-out"]'), 'Log Out link (accent)');
  audit.text(q(shadow(picker), '[part~="identity"] strong'), 'signed-in name');
}

const WHITE_PAGE = 'background: #ffffff; color: #222222; padding: 8px';
const BLACK_PAGE = 'background: #000000; color: #f0f0f0; padding: 8px';
const DARK_PAGE = 'background: #121212; color: #dddddd; padding: 8px; color-scheme: dark';

const scenes: { name: string; theme?: string; page: string; scheme?: 'light' | 'dark' }[] = [
  // A theme paints its own background: each is shown on the opposite page to prove it.
  { name: 'theme="light" on a black page', theme: 'light', page: BLACK_PAGE },
  { name: 'theme="dark" on a white page', theme: 'dark', page: WHITE_PAGE },
  { name: 'theme="auto", reader prefers light', theme: 'auto', page: `${WHITE_PAGE}; color-scheme: light dark`, scheme: 'light' },
  { name: 'theme="auto", reader prefers dark', theme: 'auto', page: `${DARK_PAGE.replace('color-scheme: dark', 'color-scheme: light dark')}`, scheme: 'dark' },
  // No theme: the page's own colours, on a light page and on a dark one.
  { name: 'no theme on a light page', page: WHITE_PAGE },
  { name: 'no theme on a dark page (color-scheme: dark)', page: DARK_PAGE },
];

describe('theme contrast (WCAG 2.2 AA)', function () {
  this.timeout(30000);

  afterEach(async () => {
    localStorage.clear();
    await emulateMedia({ colorScheme: 'light' });
  });

  for (const scene of scenes) {
    it(`meets AA: ${scene.name}`, async () => {
      if (scene.scheme) await emulateMedia({ colorScheme: scene.scheme });
      const audit = new Audit(scene.name);
      await auditThread(audit, scene.theme, scene.page);
      await auditStates(audit, scene.theme, scene.page);
      expect(audit.failures, audit.failures.join('\n')).to.deep.equal([]);
      expect(audit.checked).to.be.greaterThan(35);
    });
  }
});

describe('invalid fields', function () {
  this.timeout(30000);
  afterEach(() => localStorage.clear());

  for (const theme of ['light', 'dark', undefined]) {
    it(`are bordered in the danger colour (${theme ?? 'no theme'})`, async () => {
      const { form } = await seedThread(theme, WHITE_PAGE);
      const formRoot = shadow(form);
      q<HTMLButtonElement>(formRoot, '[part~="submit"]')!.click();
      await until(() => formRoot.querySelector('#name-error'), 'field errors');
      const audit = new Audit(theme ?? 'no theme');
      for (const field of ['input[name="name"]', 'input[name="email"]', 'textarea']) {
        audit.same(q(formRoot, field), `${field} border`, (s) => s.borderTopColor, q(formRoot, '#name-error'), 'the danger colour');
      }
      expect(audit.failures, audit.failures.join('\n')).to.deep.equal([]);
    });
  }
});

describe('themes', function () {
  this.timeout(30000);
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
  });

  async function host(theme: string | null, page: string) {
    const wrapper = await fixture<HTMLDivElement>(html`<div style=${page}>
      <comment-thread .provider=${new InMemoryProvider()} thread-id="t"></comment-thread>
    </div>`);
    const thread = wrapper.querySelector<CommentThread>('comment-thread')!;
    if (theme) thread.setAttribute('theme', theme);
    await until(() => shadow(thread).querySelector('h2')?.textContent?.includes('No comments'), 'empty thread');
    return thread;
  }
  const background = (element: Element) => getComputedStyle(element).backgroundColor;
  const LIGHT = 'rgb(255, 255, 255)';
  const DARK = 'rgb(13, 17, 23)';

  it('with no theme inherits the page’s font and colour and paints no background', async () => {
    const thread = await host(null, 'font-family: Georgia, serif; font-size: 19px; color: rgb(60, 40, 20)');
    const heading = shadow(thread).querySelector('h2')!;
    expect(getComputedStyle(heading).fontFamily).to.equal('Georgia, serif');
    expect(getComputedStyle(heading).color).to.equal('rgb(60, 40, 20)');
    expect(getComputedStyle(thread).fontSize).to.equal('19px');
    expect(background(thread)).to.equal('rgba(0, 0, 0, 0)');
  });

  it('light and dark fix the palette whatever the page says, and keep the page’s font', async () => {
    const light = await host('light', 'font-family: Georgia, serif; color-scheme: dark');
    expect(background(light)).to.equal(LIGHT);
    expect(getComputedStyle(shadow(light).querySelector('h2')!).fontFamily).to.equal('Georgia, serif');
    await emulateMedia({ colorScheme: 'light' });
    const dark = await host('dark', 'color-scheme: light');
    expect(background(dark)).to.equal(DARK);
    expect(getComputedStyle(dark).color).to.equal('rgb(230, 237, 243)');
  });

  it('auto follows prefers-color-scheme on a page that allows both schemes', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    expect(background(await host('auto', 'color-scheme: light dark'))).to.equal(DARK);
    await emulateMedia({ colorScheme: 'light' });
    expect(background(await host('auto', 'color-scheme: light dark'))).to.equal(LIGHT);
  });

  it('auto follows a page that fixes its colour scheme, over the reader’s preference', async () => {
    await emulateMedia({ colorScheme: 'light' });
    expect(background(await host('auto', 'color-scheme: dark'))).to.equal(DARK);
    await emulateMedia({ colorScheme: 'dark' });
    expect(background(await host('auto', 'color-scheme: light'))).to.equal(LIGHT);
  });

  it('a themed thread keeps its content off its edges; the form inside adds no second inset', async () => {
    const { thread, form, picker } = await seedThread('dark', WHITE_PAGE);
    expect(getComputedStyle(thread).paddingTop).to.equal('16px');
    expect(getComputedStyle(form).paddingTop).to.equal('0px');
    expect(getComputedStyle(picker).paddingTop).to.equal('0px');
    const bare = await host(null, '');
    expect(getComputedStyle(bare).paddingTop).to.equal('0px');
  });

  it('public tokens set on an ancestor win over the palette', async () => {
    const thread = await host('dark', '--comment-thread-background: rgb(1, 2, 3); --comment-thread-color: rgb(250, 240, 230)');
    expect(background(thread)).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(shadow(thread).querySelector('h2')!).color).to.equal('rgb(250, 240, 230)');
  });
});
