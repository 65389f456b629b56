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
import type { CommentPage, ThreadInfo, ThreadOrder } from '../types.js';
import type { ThreadPreload } from '../model/thread-data.js';
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
  /** The page's address: relative links and avatars are read against it, as in the browser. */
  baseUrl?: string;
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
 * to put in the page. Load `dist/comment-thread.js` (or the element) in the page
 * as usual: the element starts from the embedded page and goes live.
 */
export async function renderThread(options: RenderThreadOptions): Promise<string> {
  const baseUrl = options.baseUrl ?? 'http://localhost/';
  if (sanitizerWindow?.baseUrl !== baseUrl) {
    sanitizerWindow = { window: new JSDOM('', { url: baseUrl }).window, baseUrl };
    useSanitizerWindow(sanitizerWindow.window as Window & typeof globalThis);
  }
  const order = options.order ?? 'oldest';
  const preload: ThreadPreload = {
    threadId: options.threadId,
    order,
    page: options.page,
    ...(options.info ? { info: options.info } : {}),
  };
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
    .preloaded=${preload}
  ></comment-thread>`);
  const markup = await collectResult(result);
  const close = markup.lastIndexOf('</comment-thread>');
  const script = `<script type="application/json" data-comment-thread-preload>${scriptJson(preload)}</script>`;
  return markup.slice(0, close) + script + markup.slice(close);
}
