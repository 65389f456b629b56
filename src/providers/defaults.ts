import { createMemoryProvider } from './memory-factory.js';
import { providerRegistry } from './registry.js';
import { createLazyRestProvider } from './rest-factory.js';
import { createLazyWordPressProvider } from './wordpress-factory.js';

// The shipped `provider="…"` names, each loading its provider's code on first use; a page
// may replace any of them with its own factory.
if (!providerRegistry.has('memory')) providerRegistry.register('memory', createMemoryProvider);
if (!providerRegistry.has('rest')) providerRegistry.register('rest', createLazyRestProvider);
if (!providerRegistry.has('wordpress')) providerRegistry.register('wordpress', createLazyWordPressProvider);
