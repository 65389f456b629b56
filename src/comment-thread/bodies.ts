import { isServer } from 'lit';
import { initials } from '../core/initials.js';
import { renderBody } from '../core/markdown.js';
import { shortenBody } from '../core/shorten.js';
import { safeHttpUrl } from '../core/url.js';
import { pageOrigin } from '../ssr/hydration.js';
import type { CommentRecord } from '../types.js';
import { h, Live, Raw, type El } from './nodes.js';

interface Rendered {
  key: string;
  html: string;
  element?: HTMLElement;
}

/**
 * Comment bodies, sanitised once per record (and per shortened / full form), not on every update.
 * In the browser each is an element built once from the sanitised HTML and moved wherever the
 * comment renders: an `unsafeHTML` template would parse each body into a template of its own
 * (kept in Lit's cache for good) and then clone it.
 */
export class BodyCache {
  readonly #bodies = new WeakMap<CommentRecord, Rendered>();

  /**
   * The body of `record`; throws for a body the sanitiser cannot handle. `adopted` gives the
   * server's sanitised body already on screen, when the element takes over a server's markup.
   */
  get(record: CommentRecord, full: boolean, allowImages: boolean, adopted?: () => HTMLElement | null): El | Live {
    const rendered = this.#rendered(record, full, allowImages, adopted);
    if (isServer) return h('div', { class: 'body', part: 'body', dir: 'auto' }, new Raw(rendered.html));
    if (!rendered.element) {
      const element = document.createElement('div');
      element.className = 'body';
      element.setAttribute('part', 'body');
      element.dir = 'auto';
      element.innerHTML = rendered.html;
      rendered.element = element;
    }
    return new Live(rendered.element, 'body');
  }

  #rendered(record: CommentRecord, full: boolean, allowImages: boolean, adopted?: () => HTMLElement | null): Rendered {
    const key = `${allowImages}|${full}`;
    const cached = this.#bodies.get(record);
    if (cached?.key === key) return cached;
    const element = adopted?.();
    if (element) {
      const taken = { key, html: '', element };
      this.#bodies.set(record, taken);
      return taken;
    }
    const source = full ? record.body : (shortenBody(record.body) ?? record.body);
    // Throws for a body the sanitiser cannot handle (it returns nothing for some documents, e.g. a
    // <frameset>): the comment then shows that it could not be displayed.
    const rendered = { key, html: renderBody(source, { format: record.bodyFormat, allowImages }) };
    this.#bodies.set(record, rendered);
    return rendered;
  }
}

/**
 * A comment's avatar: the given image when it may load — http/https, from the page's own origin
 * unless `remote` avatars are allowed, and not known to be broken — else the author's initials;
 * nothing with `avatars="none"`. Never a broken image: `broken` is called when one fails to load.
 */
export function renderAvatar(
  record: CommentRecord,
  name: string,
  policy: { avatars?: 'remote' | 'none'; isBroken(src: string): boolean; broken(src: string): void },
): El | null {
  if (policy.avatars === 'none') return null;
  const src = safeHttpUrl(record.author.avatarUrl);
  const allowed = src !== null && (policy.avatars === 'remote' || new URL(src).origin === pageOrigin());
  if (src && allowed && !policy.isBroken(src)) {
    return h('img', {
      class: 'avatar',
      part: 'avatar',
      // Lazy and without a referrer before the address is set: the fetch follows both.
      loading: 'lazy',
      referrerpolicy: 'no-referrer',
      src,
      alt: '',
      width: '40',
      height: '40',
      '@error': () => policy.broken(src),
    });
  }
  return h('span', { class: 'avatar', part: 'avatar', 'aria-hidden': 'true' }, initials(name));
}
