import type { CommentDataProvider, Identity } from '../types.js';
import type { ProviderConfig } from './registry.js';
import type { WordPressProvider } from './wordpress-provider.js';

/**
 * `provider="wordpress"` without the WordPress code in the main bundle: the
 * provider module (and its Markdown → comment HTML step) is imported the first
 * time the element asks for anything, as a chunk beside the bundle. Register it
 * with `providerRegistry.register('wordpress', createLazyWordPressProvider)`.
 */
export function createLazyWordPressProvider(config: ProviderConfig): CommentDataProvider {
  let ready: Promise<WordPressProvider> | undefined;
  const load = () =>
    (ready ??= import('./wordpress-provider.js').then((module) => module.createWordPressProvider(config)));
  // A failed import (a chunk the server lost) is tried again on the next call.
  const use = <T>(run: (provider: WordPressProvider) => Promise<T>): Promise<T> =>
    load().then(run, (error: unknown) => {
      ready = undefined;
      throw error;
    });

  const provider: CommentDataProvider = {
    listComments: (threadId, options) => use((provider) => provider.listComments(threadId, options)),
    postComment: (draft, options) => use((provider) => provider.postComment(draft, options)),
    threadInfo: (threadId) => use((provider) => provider.threadInfo(threadId)),
    identityOptions: () => use((provider) => provider.identityOptions()),
    currentIdentity: () => use((provider) => provider.currentIdentity()),
    signIn: (optionId, options) => use((provider) => provider.signIn(optionId, options)),
    signOut: () => use((provider) => provider.signOut()),
    // Synchronous in the contract: attach once the module is in, detach whenever asked.
    onIdentityChange: (listener: (identity: Identity | null) => void) => {
      let detach: (() => void) | undefined;
      let stopped = false;
      void load().then(
        (provider) => {
          if (!stopped) detach = provider.onIdentityChange(listener);
        },
        () => {},
      );
      return () => {
        stopped = true;
        detach?.();
      };
    },
  };
  // Edit and Delete exist only for a logged-in reader (the page's `nonce`), as on the provider,
  // which reads the same attribute.
  if (config.element?.getAttribute('nonce')) {
    provider.updateComment = (id, body, options) => use((loaded) => loaded.updateComment!(id, body, options));
    provider.deleteComment = (id, options) => use((loaded) => loaded.deleteComment!(id, options));
  }
  return provider;
}
