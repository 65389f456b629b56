import { normalizeRecord } from '../core/normalize.js';
import type { CommentDataProvider, CommentRecord, IdentityOption } from '../types.js';
import { InMemoryProvider } from './memory-provider.js';
import type { ProviderConfig } from './registry.js';

/**
 * `provider="memory"`: an in-memory provider, seeded from the JSON file named
 * by `endpoint` when there is one (`{ comments, identityOptions }`, as the
 * fixtures are written), else empty. For demos and prototypes.
 */
export function createMemoryProvider(config: ProviderConfig): CommentDataProvider {
  if (!config.endpoint) return new InMemoryProvider();
  const endpoint = config.endpoint;
  let ready: Promise<InMemoryProvider> | undefined;
  const load = () =>
    (ready ??= fetch(endpoint)
      .then((response) => (response.ok ? response.json() : {}))
      .catch(() => ({}))
      .then((data: { comments?: unknown[]; identityOptions?: IdentityOption[]; latency?: number }) => {
        const comments = (Array.isArray(data.comments) ? data.comments : [])
          .map((raw) => normalizeRecord(raw))
          .filter((record): record is CommentRecord => record !== null);
        return new InMemoryProvider({
          comments,
          identityOptions: Array.isArray(data.identityOptions) ? data.identityOptions : [],
          latency: typeof data.latency === 'number' ? data.latency : 0,
        });
      }));
  // Every member waits for the seed, then forwards; `subscribe` and
  // `onIdentityChange` are synchronous, so they forward once it is in.
  const later = (attach: (provider: InMemoryProvider) => () => void) => {
    let detach: (() => void) | undefined;
    let stopped = false;
    void load().then((provider) => {
      if (!stopped) detach = attach(provider);
    });
    return () => {
      stopped = true;
      detach?.();
    };
  };
  return {
    listComments: (threadId, options) => load().then((p) => p.listComments(threadId, options)),
    postComment: (draft, options) => load().then((p) => p.postComment(draft, options)),
    identityOptions: () => load().then((p) => p.identityOptions()),
    signIn: (optionId, options) => load().then((p) => p.signIn(optionId, options)),
    signOut: () => load().then((p) => p.signOut()),
    currentIdentity: () => load().then((p) => p.currentIdentity()),
    threadInfo: (threadId) => load().then((p) => p.threadInfo(threadId)),
    onIdentityChange: (listener) => later((p) => p.onIdentityChange(listener)),
    subscribe: (threadId, listener) => later((p) => p.subscribe(threadId, listener)),
  };
}
