import './defaults.js';

export { InMemoryProvider, type InMemoryProviderOptions, type FaultTarget } from './memory-provider.js';
export { createMemoryProvider } from './memory-factory.js';
export {
  RestProvider,
  createRestProvider,
  type RestProviderOptions,
  type EventSourceConstructor,
} from './rest-provider.js';
export { type BackoffOptions } from './rest-http.js';
// WordPressProvider itself is not exported here: it stays a chunk loaded on first use
// (import it from 'comment-thread/providers/wordpress' to use it directly).
export { createLazyWordPressProvider } from './wordpress-factory.js';
export { createLazyRestProvider } from './rest-factory.js';
export { lazyProvider } from './lazy.js';
export {
  ProviderRegistry,
  providerRegistry,
  registerProvider,
  type ProviderConfig,
  type ProviderFactory,
} from './registry.js';
export { ProviderError, PROVIDER_ERROR_CODES, toProviderError } from '../errors.js';
export type * from '../types.js';

