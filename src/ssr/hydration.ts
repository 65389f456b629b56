/**
 * What `<comment-thread>` needs to take over a server's markup (Lit hydration)
 * rather than render it again: plain functions, no side effects. The element
 * adopts the server's declarative shadow root when Lit's hydration support was
 * loaded before it (`comment-thread/hydrate`, or the script-tag bundle
 * `dist/comment-thread-hydrate.js`); its first render then repeats the
 * server's exactly (the server's clock, the same number of conversations, the
 * form's stand-in), and the next one adds what only the browser knows.
 */
import { adoptStyles, isServer, type CSSResultOrNative } from 'lit';

let serverOrigin: string | undefined;

/**
 * The page's origin: avatars from it load without `avatars="remote"`. On a
 * server, the origin of the page being rendered (`renderThread`'s `baseUrl`),
 * so that both sides choose the same avatar.
 */
export function pageOrigin(): string | undefined {
  return isServer ? serverOrigin : location.origin;
}

/** A server rendering for `baseUrl` (Node only). */
export function renderingFor(baseUrl: string): void {
  serverOrigin = new URL(baseUrl).origin;
}

/**
 * Called before LitElement's `createRenderRoot`: true when Lit's hydration
 * support is loaded and will hydrate the server's shadow root. A server's root
 * without that support is emptied: the element renders afresh, as before.
 */
export function keepsServerRoot(element: HTMLElement): boolean {
  const root = element.shadowRoot;
  if (!root?.firstChild) return false;
  // The support, once it patched LitElement, observes its `defer-hydration` attribute.
  const observed = (element.constructor as { observedAttributes?: string[] }).observedAttributes ?? [];
  if (observed.includes('defer-hydration')) return true;
  root.replaceChildren();
  return false;
}

/**
 * The server's rendered body of the comment whose `<article>` has `id`: the
 * element adopts it instead of parsing and sanitising the Markdown again.
 * A comment the server could not show has no such body (its note has no `dir`).
 */
export function serverBody(root: HTMLElement | DocumentFragment, id: string): HTMLElement | null {
  const article = (root as ShadowRoot).getElementById?.(id);
  return article?.querySelector<HTMLElement>(':scope > [part~="body"][dir]') ?? null;
}

/**
 * The server's markup was not what this element renders (another version of
 * it, another provider's controls, a record changed in between): start afresh
 * in an empty root, saying so to the developer.
 */
export function startAfresh(root: HTMLElement | DocumentFragment, styles: CSSResultOrNative[], error: unknown): void {
  console.warn('<comment-thread> could not take over the server-rendered markup; rendering it afresh.', error);
  root.replaceChildren();
  delete (root as { _$litPart$?: unknown })._$litPart$;
  adoptStyles(root as ShadowRoot, styles);
}

/** After this long, the server's relative times ("3 minutes ago") are rendered again. */
export const STALE_AFTER_MS = 60_000;
