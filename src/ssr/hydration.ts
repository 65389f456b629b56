/**
 * What `<comment-thread>` itself carries for taking over a server's markup (Lit
 * hydration): the page's origin, and the hook that `comment-thread/hydrate`
 * installs. The takeover's own code (`takeover.ts`) loads only with that entry
 * (or the script-tag bundle `dist/comment-thread-hydrate.js`), so pages without
 * server rendering load none of it. With it, the element's first render repeats
 * the server's exactly (the server's clock, the same number of conversations,
 * the form's stand-in), and the next one adds what only the browser knows.
 */
import { isServer, type CSSResultOrNative } from 'lit';

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

/** What `comment-thread/hydrate` installs (see takeover.ts). */
export interface Takeover {
  /** Before LitElement's `createRenderRoot`: will Lit hydrate this element's server-rendered root? */
  keepsServerRoot(element: HTMLElement): boolean;
  /** The server's markup did not match: empty the root (saying so) for a fresh render. */
  startAfresh(root: HTMLElement | DocumentFragment, styles: CSSResultOrNative[], error: unknown): void;
}

export const TAKEOVER = Symbol.for('comment-thread/takeover');

/** The installed takeover, if `comment-thread/hydrate` was loaded. */
export const takeover = (): Takeover | undefined => (globalThis as { [TAKEOVER]?: Takeover })[TAKEOVER];

/** After this long, the server's relative times ("3 minutes ago") are rendered again. */
export const STALE_AFTER_MS = 60_000;
