import { isServer } from 'lit';
import { initials } from '../core/initials.js';
import { renderBody, renderBodyNodes } from '../core/markdown.js';
import { shortenBody } from '../core/shorten.js';
import { safeHttpUrl } from '../core/url.js';
import { pageOrigin } from '../ssr/hydration.js';
import type { CommentRecord } from '../types.js';
import { build, h, Live, Raw, type El, type Kids } from './nodes.js';

/** A comment body's element around its content (the sanitised body, or a note in its place). */
export const bodyShell = (content?: Kids): El => h('div', { class: 'body', part: 'body', dir: 'auto' }, content);

interface Rendered {
  key: string;
  /** On a server: the sanitised HTML. */
  html?: string;
  /** In the browser: the body's element, built once and moved wherever the comment renders. */
  body?: Live;
}

/**
 * Comment bodies, sanitised once per record (and per shortened / full form), not on every update.
 * In the browser each is an element holding the sanitiser's nodes — not serialised to HTML and
 * parsed again — moved wherever the comment renders.
 */
export class BodyCache {
  readonly #bodies = new WeakMap<CommentRecord, Rendered>();

  /**
   * The body of `record`; throws for a body the sanitiser cannot handle (the comment then shows
   * that it could not be displayed). `adopting`: the element takes over a server's markup, whose
   * sanitised body is on screen already — the body is the server's node in its place (./nodes.ts).
   */
  get(record: CommentRecord, full: boolean, allowImages: boolean, adopting?: boolean): El | Live {
    const key = `${allowImages}|${full}`;
    let rendered = this.#bodies.get(record);
    // (A takeover that failed before it reached this body left it without one.)
    if (rendered?.key !== key || (rendered.body && !rendered.body.value && !adopting)) {
      const source = full ? record.body : (shortenBody(record.body) ?? record.body);
      const options = { format: record.bodyFormat, allowImages };
      rendered = { key };
      if (isServer) rendered.html = renderBody(source, options);
      else if (adopting) rendered.body = new Live(undefined, 'body');
      else {
        const element = build(bodyShell());
        element.append(renderBodyNodes(source, options));
        rendered.body = new Live(element, 'body');
      }
      this.#bodies.set(record, rendered);
    }
    return isServer ? bodyShell(new Raw(rendered.html!)) : rendered.body!;
  }
}

/**
 * A comment's avatar: the given image when it may load — http/https, from the page's own origin
 * unless `remote` avatars are allowed, and not known to be broken — else the author's initials;
 * nothing with `avatars="none"`. Never a broken image: `broken` is called when one fails to load.
 * `defer`: the address waits for the image's group to be shown (./group-avatars.ts).
 */
export function renderAvatar(
  record: CommentRecord,
  name: string,
  policy: { avatars?: 'remote' | 'none'; defer?: boolean; isBroken(src: string): boolean; broken(src: string): void },
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
      // Deferred (see ./group-avatars.ts): the address is given when the image's group is shown,
      // and not described, so that describing the image again leaves it.
      ...(policy.defer ? { 'data-src': src } : { src }),
      alt: '',
      width: '40',
      height: '40',
      '@error': () => policy.broken(src),
    });
  }
  return h('span', { class: 'avatar', part: 'avatar', 'aria-hidden': 'true' }, initials(name));
}
