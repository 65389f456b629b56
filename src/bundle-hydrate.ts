// The entry of `dist/comment-thread-hydrate.js`: the script-tag bundle for server-rendered pages,
// with Lit's hydration support evaluated before the elements, so a thread rendered on a server
// is adopted rather than rendered again. Pages without server rendering load dist/comment-thread.js.
import './ssr/hydrate.js';
export * from './bundle.js';
