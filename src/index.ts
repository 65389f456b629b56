/**
 * `comment-thread`: registers `<comment-thread>`, `<comment-form>`,
 * `<login-picker>` and `<comment-count>`, and exports their classes, the providers, the events and
 * the data-provider contract's types.
 */
export { CommentThread } from './comment-thread/define.js';
export { CommentForm } from './comment-form/define.js';
export { LoginPicker } from './login-picker/define.js';
export { CommentCount } from './comment-count/define.js';
export * from './providers/index.js';
export * from './events.js';
export { providerContext } from './context.js';
export { DEFAULT_TIMEOUT_MS } from './core/call.js';
export { buildDisplayTree, flattenDisplayTree, type DisplayNode, type DisplayTree, type BuildOptions } from './core/tree.js';
export { renderBody, sanitizeHtml, type RenderBodyOptions } from './core/markdown.js';
export { registerLocale, type CommentStrings, type StringOverrides } from './locale/localize.js';
