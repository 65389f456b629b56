/**
 * `import 'comment-thread/hydrate'` before the elements: Lit's hydration
 * support and the element's takeover, so that a `<comment-thread>` rendered on
 * a server (`renderThread`) adopts the server's shadow DOM instead of rendering
 * it again. It must run before Lit's `LitElement` is first evaluated, so import
 * it first (or load `dist/comment-thread-hydrate.js` instead of
 * `dist/comment-thread.js`).
 */
import '@lit-labs/ssr-client/lit-element-hydrate-support.js';
import { installTakeover } from './takeover.js';

installTakeover();
