import type { CommentDataProvider } from '../types.js';
import { IDENTITY_MEMBERS, lazyProvider } from './lazy.js';
import type { ProviderConfig } from './registry.js';

/**
 * `provider="wordpress"` without the WordPress code in the main bundle: the
 * provider module (and its Markdown → comment HTML step) is imported the first
 * time the element asks for anything, as a chunk beside the bundle. Register it
 * with `providerRegistry.register('wordpress', createLazyWordPressProvider)`.
 */
export function createLazyWordPressProvider(config: ProviderConfig): CommentDataProvider {
  return lazyProvider(
    () => import('./wordpress-provider.js').then((module) => module.createWordPressProvider(config)),
    [
      ...IDENTITY_MEMBERS,
      // Edit and Delete exist only for a logged-in reader (the page's `nonce`), as on the
      // provider, which reads the same attribute.
      ...(config.element?.getAttribute('nonce') ? (['updateComment', 'deleteComment'] as const) : []),
    ],
  );
}
