import DOMPurify, { type Config } from 'dompurify';
import { Marked } from 'marked';
import { tooDeep, tooManyTags } from './nesting.js';
import { safeHttpUrl, safeLinkUrl } from './url.js';

export interface RenderBodyOptions {
  /** `markdown` (default) or `html` (WordPress bodies): both pass the same sanitiser. */
  format?: 'markdown' | 'html';
  /** Show images from bodies as images (http/https only); otherwise they become links. */
  allowImages?: boolean;
}

/** The `rel` every link in a body gets: user content, not endorsed, no opener. */
export const UGC_REL = 'ugc nofollow noopener';

// One private instance each, so the page's own `marked` and `DOMPurify`
// settings and hooks neither change ours nor are changed by ours.
const markdown = new Marked({ gfm: true, breaks: true, async: false });

/**
 * The sanitiser's allow-list, set once on our instance (one object: the build inlines it, so no
 * second copy of the lists). Images pass it and are then shown or turned into links
 * (`settleImages`); everything else (script, style, iframe, form, svg, math…) is dropped, its text
 * kept where it is harmless text. It always names its own tags and attributes (and no
 * `USE_PROFILES`): the build empties DOMPurify's default lists (scripts/lib/dompurify-without-default-lists.mjs).
 */
const PURIFY_CONFIG: Config & { RETURN_DOM_FRAGMENT: true } = {
  ALLOWED_TAGS: [
    'a', 'p', 'br', 'strong', 'b', 'em', 'i', 'del', 's', 'code', 'pre', 'blockquote',
    'ul', 'ol', 'li', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
    'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'span', 'img',
  ],
  ALLOWED_ATTR: ['href', 'title', 'start', 'colspan', 'rowspan', 'src', 'alt'],
  // The bundles fix these two at false (scripts/lib/dompurify-without-unset-flags.mjs); named
  // here for the modules that import DOMPurify as it is, whose default is true.
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  FORBID_TAGS: ['style', 'script', 'iframe', 'form', 'input', 'button', 'textarea', 'select', 'object', 'embed'],
  KEEP_CONTENT: true,
  RETURN_DOM_FRAGMENT: true,
};

let purifier: ReturnType<typeof DOMPurify> | undefined;
let sanitizerWindow: (Window & typeof globalThis) | undefined;

/**
 * Server rendering: sanitise in this window (jsdom) instead of the page's, with
 * its address as the base for relative links, exactly as a browser would.
 */
export function useSanitizerWindow(win: Window & typeof globalThis): void {
  sanitizerWindow = win;
  purifier = undefined;
}

/** The address relative links and images are read against. */
function baseUrl(): string | undefined {
  return (sanitizerWindow ?? globalThis.window)?.document?.baseURI;
}

function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const instance = DOMPurify(sanitizerWindow ?? window);
  instance.addHook('afterSanitizeAttributes', (node) => {
    // nodeType, not instanceof: the nodes may come from another window (jsdom on a server).
    if (node.nodeType !== 1) return;
    if ((node as Element).tagName === 'A') {
      const link = node as Element;
      const href = safeLinkUrl(link.getAttribute('href'), baseUrl());
      if (href) {
        link.setAttribute('href', href);
        link.setAttribute('rel', UGC_REL);
      } else {
        // Not a link we allow: keep the words, drop the address.
        link.removeAttribute('href');
        link.removeAttribute('rel');
      }
      link.removeAttribute('target');
    }
  });
  // Set once: a config passed to every sanitize() call is parsed again on every call,
  // which cost more than the sanitising itself (most of the time to the first screen).
  instance.setConfig(PURIFY_CONFIG);
  purifier = instance;
  return instance;
}

/**
 * Images are let through the allow-list and then, unless the page opted in,
 * turned into links to them, so nothing loads from a third party just by reading.
 */
function settleImages(fragment: DocumentFragment, allowImages: boolean): void {
  for (const image of [...fragment.querySelectorAll('img')]) {
    const src = safeHttpUrl(image.getAttribute('src'), baseUrl());
    const alt = image.getAttribute('alt') ?? '';
    if (src && allowImages) {
      image.setAttribute('src', src);
      image.setAttribute('loading', 'lazy');
      image.setAttribute('referrerpolicy', 'no-referrer');
      continue;
    }
    const replacement = image.ownerDocument.createElement(src ? 'a' : 'span');
    replacement.textContent = alt || src || '';
    if (src) {
      replacement.setAttribute('href', src);
      replacement.setAttribute('rel', UGC_REL);
    }
    image.replaceWith(replacement);
  }
}

/**
 * Sanitises HTML (from Markdown or a backend) with the strict allow-list: the nodes, still in the
 * sanitiser's inert document. Images are settled (links, or lazy and without a referrer) before
 * anything could move them into the page, where an image would start loading.
 */
function sanitizeNodes(html: string, options: Pick<RenderBodyOptions, 'allowImages'>): DocumentFragment {
  const fragment = getPurifier().sanitize(html) as unknown as DocumentFragment;
  settleImages(fragment, options.allowImages === true);
  return fragment;
}

/** Nodes of the sanitiser's inert document as HTML, serialised there. */
function serialize(fragment: DocumentFragment): string {
  const container = fragment.ownerDocument.createElement('div');
  container.append(fragment);
  return container.innerHTML;
}

/** Sanitises HTML (from Markdown or a backend) with the strict allow-list. */
export function sanitizeHtml(html: string, options: Pick<RenderBodyOptions, 'allowImages'> = {}): string {
  return serialize(sanitizeNodes(html, options));
}

/**
 * A comment body as safe HTML: GitHub-flavoured Markdown with single newlines
 * kept as line breaks (as WordPress shows comments), then the sanitiser.
 */
export function renderBody(body: string, options: RenderBodyOptions = {}): string {
  return serialize(renderBodyNodes(body, options));
}

/**
 * {@link renderBody}'s result as nodes (of the sanitiser's inert document), for a page that puts
 * them on screen: no serialising, and no parsing the HTML again. Throws for a body the sanitiser
 * cannot handle (it returns nothing for some documents, e.g. a `<frameset>`).
 */
export function renderBodyNodes(body: string, options: RenderBodyOptions = {}): DocumentFragment {
  const source = typeof body === 'string' ? body : '';
  const html = options.format === 'html' ? (tooManyTags(source) ? htmlAsText(source) : source) : parseMarkdown(source);
  return sanitizeNodes(html, options);
}

/**
 * The longest stretch of a body without a blank line that is parsed as Markdown. The
 * parser's inline rules cost about the square of a block's length on hostile input, and
 * JavaScriptCore (Safari) backtracks far more than V8: 4,000 characters stay under a
 * quarter second there, a 120,000-character block took 50 s. Longer blocks — a wall of
 * text or a body built to break parsers — are shown as plain text.
 */
const MAX_BLOCK = 4_000;

function longestBlock(source: string): number {
  let longest = 0;
  for (const block of source.split(/\n[ \t]*\n/)) longest = Math.max(longest, block.length);
  return longest;
}

/**
 * How much Markdown `marked` is handed at once. JavaScriptCore (Safari) spends time that grows
 * with the square of the text handed to `marked` however plain it is — 16,000 one-letter
 * paragraphs took 18 s in WebKit and 0.1 s in Chromium — so a long body is parsed piece by
 * piece, each cut at a blank line outside fenced code, which keeps the whole linear.
 */
const MAX_PIECE = 2_000;

/** `source` cut at blank lines outside fenced code into pieces of about {@link MAX_PIECE} characters. */
export function pieces(source: string): string[] {
  if (source.length <= MAX_PIECE) return [source];
  const out: string[] = [];
  let start = 0;
  let cut = 0;
  let fence = '';
  for (let at = 0; at < source.length; ) {
    const newline = source.indexOf('\n', at);
    const end = newline === -1 ? source.length : newline;
    const line = source.slice(at, end).trimStart();
    const marker = line.startsWith('```') ? '`' : line.startsWith('~~~') ? '~' : '';
    if (marker && (!fence || fence === marker)) fence = fence ? '' : marker;
    else if (!fence && !line) cut = end + 1;
    if (end + 1 - start > MAX_PIECE && cut > start) {
      out.push(source.slice(start, cut));
      start = cut;
    }
    at = end + 1;
  }
  out.push(source.slice(start));
  return out;
}

/**
 * Markdown to HTML. `marked` recurses per nesting level, so a body of a few
 * thousand nested quotes or list markers overflows the stack: such a body is
 * shown as plain text instead of breaking the thread.
 */
function parseMarkdown(source: string): string {
  // How deep an engine's stack goes differs (WebKit's is deeper than Firefox's): decide by
  // the nesting itself, not only by whether the parser happened to overflow.
  if (tooDeep(source) || longestBlock(source) > MAX_BLOCK) return plainTextHtml(source);
  try {
    const html = pieces(source)
      .map((piece) => markdown.parse(piece) as string)
      .join('');
    return tooManyTags(html) ? plainTextHtml(source) : html;
  } catch {
    return plainTextHtml(source);
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text (or an attribute's value) as HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Text as HTML paragraphs: blank lines split paragraphs, single newlines break lines. */
function plainTextHtml(source: string, escape = /[&<>"']/g): string {
  return source
    .split(/\n{2,}/)
    .filter((paragraph) => paragraph.trim())
    .map((paragraph) => `<p>${paragraph.replace(escape, (c) => ESCAPES[c]).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** An HTML body with too many tags for the parser, as its text: tags dropped without parsing, entities kept. */
function htmlAsText(source: string): string {
  return plainTextHtml(source.replace(/<[^<>]*>/g, ''), /[<>]/g);
}

