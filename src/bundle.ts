// The entry of `dist/comment-thread.js`, the module a `<script type="module">` loads: the
// elements, their events and the provider registry, whose `provider="memory|rest|wordpress"`
// names load their provider's code on first use. The provider classes themselves are in
// `dist/comment-thread-providers.js`, so a page that names its provider loads neither class up front.
export { CommentThread } from './comment-thread/define.js';
// The form and the login picker are a chunk of their own: a thread fetches it once its first
// comments have painted, or when the reader reaches for the form. `loadForm()` resolves to
// `{ CommentForm, LoginPicker }` with both elements defined.
export { loadForm } from './comment-thread/form-loader.js';
import { loadForm, preloadFormWhenIdle } from './comment-thread/form-loader.js';
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
import './locale/bundled-loader.js';
export type * from './types.js';
export type { CommentForm } from './comment-form/comment-form.js';
export type { LoginPicker } from './login-picker/login-picker.js';

// A page that uses <comment-form> or <login-picker> on their own gets them at once; one without a
// thread yet (a framework renders it later) when the browser is next idle.
if (typeof document !== 'undefined') {
  if (document.querySelector('comment-form, login-picker')) void loadForm().catch(() => undefined);
  else if (!document.querySelector('comment-thread')) preloadFormWhenIdle();
}
export type { DisplayNode, DisplayTree, BuildOptions } from './core/tree.js';
export type { RenderBodyOptions } from './core/markdown.js';
export type { CommentStrings, StringOverrides } from './locale/localize.js';
export type { ProviderConfig, ProviderFactory } from './providers/registry.js';
