/**
 * How `<comment-thread>` takes over a server's markup: installed by
 * `comment-thread/hydrate` (after Lit's hydration support), read by the element
 * through `takeover()` (hydration.ts). Plain functions.
 */
import { adoptStyles, type CSSResultOrNative } from 'lit';
import { TAKEOVER, type Takeover } from './hydration.js';

/** Server-rendered roots that are not Lit's output: rendered afresh without a warning. */
const foreign = new WeakSet<Node>();

/**
 * True when Lit's hydration support will hydrate `element`'s server-rendered
 * shadow root (once it patched LitElement, it observes `defer-hydration`).
 * Another server's declarative shadow DOM, without Lit's part markers, is
 * emptied but for one bare marker: hydrating it fails at once, and the element
 * renders afresh (the support hydrates any root it finds, so it cannot be skipped).
 */
function keepsServerRoot(element: HTMLElement): boolean {
  const root = element.shadowRoot;
  const observed = (element.constructor as { observedAttributes?: string[] }).observedAttributes ?? [];
  if (!root?.firstChild || !observed.includes('defer-hydration')) return false;
  const fromLit = [...root.childNodes].some((node) => node.nodeType === Node.COMMENT_NODE && (node as Comment).data.startsWith('lit-part'));
  if (!fromLit) {
    root.replaceChildren(document.createComment('lit-part'));
    foreign.add(root);
  }
  return true;
}

/**
 * The server's markup was not what this element renders (another version of
 * it, another provider's controls, a record changed in between): start afresh
 * in an empty root, saying so to the developer.
 */
function startAfresh(root: HTMLElement | DocumentFragment, styles: CSSResultOrNative[], error: unknown): void {
  if (!foreign.has(root)) console.warn('<comment-thread> could not take over the server-rendered markup; rendering it afresh.', error);
  root.replaceChildren();
  delete (root as { _$litPart$?: unknown })._$litPart$;
  adoptStyles(root as ShadowRoot, styles);
}

/** Installs the takeover for every `<comment-thread>` created from now on. */
export function installTakeover(): void {
  (globalThis as { [TAKEOVER]?: Takeover })[TAKEOVER] = { keepsServerRoot, startAfresh };
}
