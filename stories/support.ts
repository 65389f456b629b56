import type { ArgTypes } from '@storybook/web-components-vite';
import seedFixture from '../test/fixtures/myth-of-networking.json';
import { PROVIDER_ERROR_CODES } from '../src/errors.js';
import { InMemoryProvider, type FaultTarget } from '../src/providers/memory-provider.js';
import type { CommentRecord, Identity, IdentityOption, ProviderErrorCode, ThreadInfo } from '../src/types.js';

/** The seed blog post's thread: "5 thoughts on “The Myth of Networking”". */
export const seed = seedFixture as unknown as {
  thread: { id: string; title: string };
  maxDepth: number;
  comments: CommentRecord[];
  identityOptions: IdentityOption[];
};

/** The seed's four sign-in buttons and its guest option, without the fixture's notes. */
export const seedOptions: IdentityOption[] = seed.identityOptions.map(({ id, label, kind }) => ({ id, label, kind }));

/** What the next call to a provider method does: answer, fail with a code, or never answer. */
export type Fault = 'none' | Exclude<ProviderErrorCode, 'aborted'> | 'hang';

/** Every code the contract lists (but `aborted`, which only the caller causes), between "none" and "hang". */
export const FAULTS: Fault[] = ['none', ...PROVIDER_ERROR_CODES.filter((code): code is Exclude<ProviderErrorCode, 'aborted'> => code !== 'aborted'), 'hang'];

/** The controls every story shares: the provider's latency and the faults it injects. */
export interface ProviderArgs {
  latency: number;
  listFault: Fault;
  postFault: Fault;
  signInFault: Fault;
  moderation: 'approve' | 'hold';
  theme: '' | 'light' | 'dark' | 'auto';
  lang: string;
}

export const providerArgs: ProviderArgs = {
  latency: 300,
  listFault: 'none',
  postFault: 'none',
  signInFault: 'none',
  moderation: 'approve',
  theme: '',
  lang: 'en',
};

export const providerArgTypes: Partial<ArgTypes<ProviderArgs>> = {
  latency: {
    name: 'latency (ms)',
    description: 'How long every provider call takes (`InMemoryProvider.latency`).',
    control: { type: 'range', min: 0, max: 5000, step: 100 },
    table: { category: 'InMemoryProvider' },
  },
  listFault: {
    description: 'What the first `listComments` call does (`failNext` / `hangNext`).',
    control: 'select',
    options: FAULTS,
    table: { category: 'InMemoryProvider' },
  },
  postFault: {
    description: 'What the first `postComment` call does.',
    control: 'select',
    options: FAULTS,
    table: { category: 'InMemoryProvider' },
  },
  signInFault: {
    description: 'What the first `signIn` call does.',
    control: 'select',
    options: FAULTS,
    table: { category: 'InMemoryProvider' },
  },
  moderation: {
    description: '`hold`: guest comments come back pending, with the moderation notice.',
    control: 'inline-radio',
    options: ['approve', 'hold'],
    table: { category: 'InMemoryProvider' },
  },
  theme: {
    description: 'Unset inherits the page; `light` / `dark` fix the palette; `auto` follows the page’s color-scheme.',
    control: 'inline-radio',
    options: ['', 'light', 'dark', 'auto'],
    table: { category: 'Look' },
  },
  lang: {
    description: 'The element’s `lang`: the table its strings come from.',
    control: 'select',
    options: ['en', 'de', 'fr', 'es', 'ja', 'ar'],
    table: { category: 'Look' },
  },
};

const FIELD_ERRORS = { body: 'The server says: too short.', name: 'The server says: that name is taken.' };

function inject(provider: InMemoryProvider, target: FaultTarget, fault: Fault): void {
  if (fault === 'none') return;
  if (fault === 'hang') provider.hangNext(target);
  else if (fault === 'validation') provider.failNext(target, 1, 'validation', { fieldErrors: FIELD_ERRORS });
  else if (fault === 'rate_limited') provider.failNext(target, 1, 'rate_limited', { retryAfter: 30 });
  else provider.failNext(target, 1, fault);
}

/** A fresh `InMemoryProvider` for a story, from its controls. */
export function storyProvider(
  args: ProviderArgs,
  data: {
    comments?: CommentRecord[];
    identityOptions?: IdentityOption[];
    identity?: Identity | null;
    threads?: Record<string, ThreadInfo>;
  } = {},
): InMemoryProvider {
  const provider = new InMemoryProvider({
    comments: data.comments ?? [],
    threads: data.threads ?? {},
    identityOptions: data.identityOptions ?? [],
    identity: data.identity ?? null,
    latency: args.latency,
    moderation: args.moderation,
    signInIdentity: (option) => ({ optionId: option.id, name: 'Ada Lovelace', url: 'https://example.com/ada' }),
  });
  inject(provider, 'listComments', args.listFault);
  inject(provider, 'postComment', args.postFault);
  inject(provider, 'signIn', args.signInFault);
  return provider;
}

/** A record in the seed's thread. */
export function comment(id: string, parentId: string | null, name: string, body: string, minutes: number): CommentRecord {
  return {
    id,
    threadId: seed.thread.id,
    parentId,
    author: { name },
    body,
    createdAt: new Date(Date.UTC(2024, 4, 1) + minutes * 60_000).toISOString(),
    status: 'approved',
  };
}

const NAMES = ['Bret', 'Liz', 'Julian', 'Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Margaret', 'Ken'];

/** `count` comments: conversations of up to four levels, deterministic. */
export function manyComments(count: number): CommentRecord[] {
  const records: CommentRecord[] = [];
  for (let i = 0; i < count; i++) {
    const parent = i % 4 === 0 ? null : records[i - 1 - (i % 3 === 0 ? 1 : 0)]?.id ?? null;
    records.push(comment(`n${i}`, parent, NAMES[i % NAMES.length], `Comment number ${i + 1}. ${i % 5 === 0 ? 'With **Markdown** and a [link](https://example.com).' : 'Plain text.'}`, i));
  }
  return records;
}

/** A chain of replies, each answering the one before: deeper than `max-depth`. */
export function deepChain(levels: number): CommentRecord[] {
  return Array.from({ length: levels }, (_, i) =>
    comment(`d${i}`, i === 0 ? null : `d${i - 1}`, NAMES[i % NAMES.length], `Level ${i + 1} of the conversation.`, i * 7),
  );
}

/** Polls `check` until it returns something truthy; throws after `timeout` ms. */
export async function until<T>(check: () => T | null | undefined | false, what: string, timeout = 8000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() - start > timeout) throw new Error(`Story did not reach its state: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Queries through shadow roots: each selector runs in the shadow root of the previous match, starting with `host`'s. */
export function pierce<T extends Element = HTMLElement>(host: Element, ...selectors: string[]): T | null {
  let found: Element | null = host;
  for (const selector of selectors) {
    found = found?.shadowRoot?.querySelector(selector) ?? null;
    if (!found) return null;
  }
  return found as T | null;
}

/** Types into a field as a reader would: sets the value and fires `input`. */
export function typeInto(field: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** Fills a `<comment-form>` as a guest (name, email, text) and presses Post Comment. */
export async function fillGuestForm(form: HTMLElement, body: string, submit = true): Promise<void> {
  const root = await until(() => form.shadowRoot?.querySelector('input[name="name"]') && form.shadowRoot, 'guest fields');
  typeInto(root.querySelector<HTMLInputElement>('input[name="name"]')!, 'Grace Hopper');
  typeInto(root.querySelector<HTMLInputElement>('input[name="email"]')!, 'grace@example.com');
  typeInto(root.querySelector('textarea')!, body);
  await (form as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  if (submit) root.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
}

interface ManifestDeclaration {
  tagName?: string;
  attributes?: { name: string }[];
  members?: { name: string; kind?: string; privacy?: string; static?: boolean }[];
  events?: { name?: string }[];
  slots?: { name: string }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string }[];
}

/**
 * The element's documented API (from custom-elements.json, as autodocs shows it) with
 * controls switched off: the stories drive the element through their own controls, so a
 * control on an attribute the story does not pass would do nothing.
 */
export function documentedApi(manifest: unknown, tag: string, own: object): ArgTypes {
  const modules = (manifest as { modules: { declarations?: ManifestDeclaration[] }[] }).modules;
  const declaration = modules.flatMap((module) => module.declarations ?? []).find((candidate) => candidate.tagName === tag);
  const names = [
    ...(declaration?.attributes ?? []).map((attribute) => attribute.name),
    ...(declaration?.members ?? []).filter((member) => member.kind === 'field' && member.privacy !== 'private' && !member.name.startsWith('#')).map((member) => member.name),
    ...(declaration?.events ?? []).flatMap((event) => (event.name ? [event.name] : [])),
    ...(declaration?.slots ?? []).map((slot) => slot.name),
    ...(declaration?.cssParts ?? []).map((part) => part.name),
    ...(declaration?.cssProperties ?? []).map((property) => property.name),
  ];
  return Object.fromEntries(names.filter((name) => !(name in own)).map((name) => [name, { control: false }]));
}
