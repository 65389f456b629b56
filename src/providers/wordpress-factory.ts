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
      // Back from WordPress's login page (the reply form and scroll position come back).
      'returnedSignIn',
      // Live updates from the plugin's change log: offered where the plugin wrote its cursor.
      ...(config.element?.getAttribute('wp-since') ? (['subscribe'] as const) : []),
      // Reactions: where the plugin wrote that the site takes them (Settings → Discussion).
      ...(config.element?.getAttribute('wp-reactions') ? (['react'] as const) : []),
      // Moderation through WordPress's own REST API (refused to anyone who cannot moderate)…
      ...(['isModerator', 'listModerationQueue', 'moderateComment', 'updateThreadSettings', 'subscribeModeration'] as const),
      // …and reports and bans where the plugin runs (it wrote `wp-plugin` or `wp-since`).
      ...(hasPlugin(config.element) ? (['banAuthor', 'unbanAuthor', 'report'] as const) : []),
      // Edit and Delete exist only for a logged-in reader (the page's nonce), as on the
      // provider, which reads it the same way.
      ...(pageNonce(config.element) ? (['updateComment', 'deleteComment'] as const) : []),
    ],
  );
}

/**
 * Elements on one page share a provider only when it acts for the same reader (the same nonce)
 * and with the same live updates and reactions: an element without a nonce (a guest's cached page, a
 * `<comment-count>`) never hands a logged-in reader's thread a provider without Edit and Delete,
 * and an element from an older login never lends its expired nonce to a newer one.
 */
createLazyWordPressProvider.cacheKey = (config: ProviderConfig): string =>
  `${pageNonce(config.element) ?? ''}\n${config.element?.getAttribute('wp-since') ? 'live' : ''}\n${config.element?.getAttribute('wp-reactions') ?? ''}\n${hasPlugin(config.element) ? 'plugin' : ''}`;

/** Whether the element says the site runs the comment-thread plugin (as the provider reads it). */
function hasPlugin(element: Element | undefined): boolean {
  return Boolean(element?.hasAttribute('wp-plugin') || element?.getAttribute('wp-since') || element?.getAttribute('wp-reactions'));
}

/**
 * The logged-in reader's REST nonce on a `provider="wordpress"` element: `wp-nonce` (what the
 * plugin writes), else `data-nonce`, else `nonce`. Browsers hide a `nonce` content attribute on
 * any page sent with a Content-Security-Policy header (it reads as `""`, the value moves to the
 * element's `nonce` property), so the property is read too, for existing markup.
 */
export function pageNonce(element: Element | undefined): string | undefined {
  if (!element) return undefined;
  for (const name of ['wp-nonce', 'data-nonce', 'nonce']) {
    const value = element.getAttribute(name);
    if (value) return value;
  }
  const hidden = (element as Partial<HTMLElement>).nonce;
  return typeof hidden === 'string' && hidden ? hidden : undefined;
}
