import { normalizeRecord } from '../core/normalize.js';
import type { CommentDataProvider, IdentityOption } from '../types.js';
import { IDENTITY_MEMBERS, lazyProvider } from './lazy.js';
import type { ProviderConfig } from './registry.js';

/**
 * `provider="memory"`: an in-memory provider, seeded from the JSON file named
 * by `endpoint` when there is one (`{ comments, identityOptions }`, as the
 * fixtures are written), else empty. For demos and prototypes. Its code loads
 * on first use, as a chunk beside the bundle.
 */
export function createMemoryProvider(config: ProviderConfig): CommentDataProvider {
  const endpoint = config.endpoint;
  return lazyProvider(async () => {
    const { InMemoryProvider } = await import('./memory-provider.js');
    if (!endpoint) return new InMemoryProvider();
    const data = (await fetch(endpoint)
      .then((response) => (response.ok ? response.json() : {}))
      .catch(() => ({}))) as { comments?: unknown[]; identityOptions?: IdentityOption[]; latency?: number };
    const comments = (Array.isArray(data.comments) ? data.comments : []).flatMap((raw) => normalizeRecord(raw) ?? []);
    return new InMemoryProvider({
      comments,
      identityOptions: Array.isArray(data.identityOptions) ? data.identityOptions : [],
      latency: typeof data.latency === 'number' ? data.latency : 0,
    });
  }, [...IDENTITY_MEMBERS, 'subscribe']);
}
