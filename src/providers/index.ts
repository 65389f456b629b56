import { createMemoryProvider } from './memory-factory.js';
import { providerRegistry } from './registry.js';

export { InMemoryProvider, type InMemoryProviderOptions, type FaultTarget } from './memory-provider.js';
export { createMemoryProvider } from './memory-factory.js';
export {
  ProviderRegistry,
  providerRegistry,
  registerProvider,
  type ProviderConfig,
  type ProviderFactory,
} from './registry.js';
export { ProviderError, toProviderError } from '../errors.js';
export type * from '../types.js';

// The shipped names; a page may replace any of them with its own factory.
if (!providerRegistry.has('memory')) providerRegistry.register('memory', createMemoryProvider);
