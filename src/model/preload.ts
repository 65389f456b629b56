import { isServer } from 'lit';
import type { ThreadPreload } from './thread-data.js';

/**
 * The first page a server rendered into the page for `element`: the `preloaded` property, else a
 * `<script type="application/json" data-comment-thread-preload>` child (taken out once read; one
 * that is not JSON counts as none).
 */
export function takePreload(element: Element, preloaded: ThreadPreload | undefined): ThreadPreload | undefined {
  if (preloaded || isServer) return preloaded;
  const script = element.querySelector('script[type="application/json"][data-comment-thread-preload]');
  let preload: ThreadPreload | undefined;
  try {
    preload = script?.textContent ? (JSON.parse(script.textContent) as ThreadPreload) : undefined;
  } catch {
    preload = undefined;
  }
  script?.remove();
  return preload;
}
