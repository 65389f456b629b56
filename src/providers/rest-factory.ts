import { ProviderError } from '../errors.js';
import type { CommentDataProvider } from '../types.js';
import { IDENTITY_MEMBERS, MODERATION_MEMBERS, lazyProvider } from './lazy.js';
import type { ProviderConfig } from './registry.js';

/** `provider="rest"` with no `endpoint`: every call fails, saying what is missing. */
export function withoutEndpoint(): CommentDataProvider {
  const missing = () =>
    Promise.reject(new ProviderError('unknown', 'provider="rest" needs an endpoint attribute: the API base URL.'));
  return { listComments: missing, postComment: missing };
}

/**
 * `provider="rest"` without the REST code in the main bundle: `RestProvider`
 * is imported the first time the element asks for anything, as a chunk beside
 * the bundle. Without an `endpoint` every call fails with a clear message.
 */
export function createLazyRestProvider(config: ProviderConfig): CommentDataProvider {
  const endpoint = config.endpoint;
  if (!endpoint) return withoutEndpoint();
  return lazyProvider(
    () => import('./rest-provider.js').then((module) => new module.RestProvider({ endpoint })),
    [...IDENTITY_MEMBERS, 'returnedSignIn', 'subscribe', 'updateComment', 'deleteComment', 'react', 'report', ...MODERATION_MEMBERS],
  );
}
