import type { CommentDataProvider } from '../types.js';
import { IDENTITY_MEMBERS, lazyProvider } from './lazy.js';
import type { ProviderConfig } from './registry.js';

/**
 * `provider="memory"`: an in-memory provider, seeded from the JSON file named
 * by `endpoint` when there is one (`{ comments, identityOptions }`, as the
 * fixtures are written), else empty. For demos and prototypes. Its code, and
 * reading the seed, load on first use, as a chunk beside the bundle.
 */
export function createMemoryProvider(config: ProviderConfig): CommentDataProvider {
  const endpoint = config.endpoint;
  return lazyProvider(
    () => import('./memory-provider.js').then((module) => module.seededMemoryProvider(endpoint)),
    [...IDENTITY_MEMBERS, 'subscribe', 'updateComment', 'deleteComment', 'react', 'report'],
  );
}
