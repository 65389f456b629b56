// The entry of `dist/comment-thread.js`, the module a `<script type="module">` loads: the
// elements, their events and the provider registry, whose `provider="memory|rest|wordpress"`
// names load their provider's code on first use. The provider classes themselves are in
// `dist/comment-thread-providers.js`, so a page that names its provider loads neither class up front.
export { CommentThread } from './comment-thread/define.js';
export { CommentForm } from './comment-form/define.js';
export { LoginPicker } from './login-picker/define.js';
export { CommentCount } from './comment-count/define.js';
export * from './events.js';
export { providerContext } from './context.js';
export { DEFAULT_TIMEOUT_MS } from './core/call.js';
export { buildDisplayTree, flattenDisplayTree } from './core/tree.js';
export { renderBody, sanitizeHtml } from './core/markdown.js';
export { registerLocale } from './locale/localize.js';
export { ProviderRegistry, providerRegistry, registerProvider } from './providers/registry.js';
export { createMemoryProvider } from './providers/memory-factory.js';
export { createLazyRestProvider } from './providers/rest-factory.js';
export { createLazyWordPressProvider } from './providers/wordpress-factory.js';
export { lazyProvider } from './providers/lazy.js';
export { ProviderError, PROVIDER_ERROR_CODES, toProviderError } from './errors.js';
import './providers/defaults.js';
import { setLocaleLoader } from './locale/localize.js';
// An element whose `lang` (or the page's `<html lang>`) is a bundled translation fetches it as a
// chunk of its own: only pages in that language load it (the list of languages is a chunk too,
// so English pages load none of this).
setLocaleLoader((lang) => import('./locale/load.js').then((module) => module.loadLocale(lang)));
export type * from './types.js';
export type { DisplayNode, DisplayTree, BuildOptions } from './core/tree.js';
export type { RenderBodyOptions } from './core/markdown.js';
export type { CommentStrings, StringOverrides } from './locale/localize.js';
export type { ProviderConfig, ProviderFactory } from './providers/registry.js';
