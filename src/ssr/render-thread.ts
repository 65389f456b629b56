/**
 * Server rendering of `<comment-thread>` (Node only): the thread's comments as
 * HTML with declarative shadow DOM, so they are in the page source, plus the
 * page of records the element starts from in the browser without asking the
 * provider for the list again.
 *
 * Needs `@lit-labs/ssr` and `jsdom` (optional peer dependencies): jsdom gives
 * DOMPurify a document to sanitise bodies in, exactly as in the browser.
 */
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import { JSDOM } from 'jsdom';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { useSanitizerWindow } from '../core/markdown.js';
import type { CommentDataProvider, CommentPage, ThreadInfo, ThreadOrder } from '../types.js';
import type { ThreadPreload } from '../model/thread-data.js';
import { providerRegistry } from '../providers/registry.js';
import { renderingFor } from './hydration.js';
import '../providers/defaults.js';
import '../comment-thread/define.js';

export interface RenderThreadOptions {
  /** The element's `id`, if the page refers to it. */
  id?: string;
  threadId: string;
  threadTitle?: string;
  /** The first page, as the provider answered it for `order` and `pageSize`. */
  page: CommentPage;
  info?: ThreadInfo;
  order?: ThreadOrder;
  pageSize?: number;
  maxDepth?: number;
  /** The page's language (`lang` of the element). */
  lang?: string;
  /** The `provider` attribute (a registered factory name) and `endpoint` the browser will use. */
  provider?: string;
  endpoint?: string;
  /**
   * A provider with the members the browser's provider will have — they decide which controls
   * (reactions, Report, Edit, Delete, the "top" order) each comment shows. Its methods are never
   * called here. By default: the provider that the `provider` name and `endpoint` make with the
   * shipped factories (`rest`, `wordpress`, `memory`), as in the browser.
   */
  capabilities?: CommentDataProvider;
  /** The page's address: relative links and avatars are read against it, as in the browser. */
  baseUrl?: string;
  /** The element's `avatars`, `allow-images` and `theme` attributes. */
  avatars?: 'remote';
  allowImages?: boolean;
  theme?: 'light' | 'dark' | 'auto';
}

let sanitizerWindow: { window: unknown; baseUrl: string } | undefined;

/** Escapes JSON for a `<script>` element: no `</script>` or `<!--` can close it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * `<comment-thread …>` with its shadow DOM and the preloaded page, as a string
 * to put in the page. Load `dist/comment-thread-hydrate.js` (or
 * `comment-thread/hydrate` before the element) in the page: the element adopts
 * this markup and goes live from the embedded page. With `dist/comment-thread.js`
 * it renders the same page again instead.
 */
export async function renderThread(options: RenderThreadOptions): Promise<string> {
  const baseUrl = options.baseUrl ?? 'http://localhost/';
  if (sanitizerWindow?.baseUrl !== baseUrl) {
    sanitizerWindow = { window: new JSDOM('', { url: baseUrl }).window, baseUrl };
    useSanitizerWindow(sanitizerWindow.window as Window & typeof globalThis);
  }
  renderingFor(baseUrl);
  const order = options.order ?? 'oldest';
  const preload: ThreadPreload = {
    threadId: options.threadId,
    order,
    page: options.page,
    ...(options.info ? { info: options.info } : {}),
    renderedAt: Date.now(),
  };
  const capabilities =
    options.capabilities ??
    (options.provider ? providerRegistry.get(options.provider, { endpoint: options.endpoint }) : undefined);
  const result = render(html`<comment-thread
    id=${ifDefined(options.id)}
    thread-id=${options.threadId}
    thread-title=${options.threadTitle ?? ''}
    order=${order}
    page-size=${options.pageSize ?? 50}
    max-depth=${options.maxDepth ?? 5}
    lang=${options.lang ?? 'en'}
    provider=${ifDefined(options.provider)}
    endpoint=${ifDefined(options.endpoint)}
    avatars=${ifDefined(options.avatars)}
    ?allow-images=${options.allowImages === true}
    theme=${ifDefined(options.theme)}
    .provider=${capabilities}
    .preloaded=${preload}
  ></comment-thread>`);
  const markup = await collectResult(result);
  const close = markup.lastIndexOf('</comment-thread>');
  const script = `<script type="application/json" data-comment-thread-preload>${scriptJson(preload)}</script>`;
  return markup.slice(0, close) + script + markup.slice(close);
}

export interface RenderThreadFromOptions extends Omit<RenderThreadOptions, 'page' | 'info' | 'capabilities' | 'provider'> {
  /** The `provider` attribute the browser resolves (a registered factory name), if the page names one. */
  providerName?: string;
  /** Stops the provider's calls (a build that gives up after a while, say). */
  signal?: AbortSignal;
}

/**
 * Renders a thread at build time (a static site) or per request from a provider: asks it for
 * the first page (`listComments` with `order` and `pageSize`) and, when it has one, the thread's
 * information (`threadInfo`), then renders them with `renderThread`. The provider's members also
 * decide which controls the markup shows, so give the page a provider with the same members (the
 * same kind of provider) for the element to adopt this markup as it is.
 *
 * @example
 * const html = await renderThreadFrom(new RestProvider({ endpoint }), {
 *   threadId: 'post-1', threadTitle: 'Post 1', providerName: 'rest', endpoint,
 *   baseUrl: 'https://blog.example/post-1/',
 * });
 */
export async function renderThreadFrom(provider: CommentDataProvider, options: RenderThreadFromOptions): Promise<string> {
  const { providerName, signal, ...rest } = options;
  const order = options.order ?? 'oldest';
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 50) || 50);
  const [page, info] = await Promise.all([
    provider.listComments(options.threadId, { limit: pageSize, order: order === 'newest' ? 'newest' : 'oldest', signal }),
    provider.threadInfo ? provider.threadInfo(options.threadId) : Promise.resolve(undefined),
  ]);
  return renderThread({ ...rest, order, pageSize, page, info, capabilities: provider, provider: providerName });
}
