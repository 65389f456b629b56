import { normalizeRecord } from '../core/normalize.js';
import { ProviderError } from '../errors.js';
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
    // A seed that cannot be read is an error the reader sees (with Retry), not an empty thread.
    const response = await fetch(endpoint).catch(() => {
      throw new ProviderError('network', `The seed file ${endpoint} could not be fetched.`);
    });
    if (!response.ok) throw new ProviderError('network', `The seed file ${endpoint} answered ${response.status}.`);
    const data = ((await response.json().catch(() => {
      throw new ProviderError('unknown', `The seed file ${endpoint} is not JSON.`);
    })) ?? {}) as { comments?: unknown[]; identityOptions?: IdentityOption[]; latency?: number };
    const comments = (Array.isArray(data.comments) ? data.comments : []).flatMap((raw) => normalizeRecord(raw) ?? []);
    return new InMemoryProvider({
      comments,
      identityOptions: Array.isArray(data.identityOptions) ? data.identityOptions : [],
      latency: typeof data.latency === 'number' ? data.latency : 0,
    });
  }, [...IDENTITY_MEMBERS, 'subscribe', 'updateComment', 'deleteComment', 'react', 'report']);
}
