// The entry of `dist/comment-thread-providers.js`: the provider classes, for a page that builds
// its provider in script (`new RestProvider(…)`) beside `dist/comment-thread.js`, sharing its chunks.
export { InMemoryProvider } from './providers/memory-provider.js';
export { RestProvider, createRestProvider } from './providers/rest-provider.js';
export { ProviderError, PROVIDER_ERROR_CODES, toProviderError } from './errors.js';
