import type { ProviderConfig } from './registry.js';
import { pageNonce } from './wordpress-factory.js';

export interface WordPressProviderOptions {
  /**
   * The site's REST root, as `rest_url()` gives it: `https://example.com/wp-json`,
   * `/wp-json`, or `https://example.com/?rest_route=/` on sites without pretty permalinks.
   */
  endpoint: string;
  /** `wp_create_nonce('wp_rest')` for a logged-in reader: cookie authentication (sent as `X-WP-Nonce`). */
  nonce?: string;
  /** An Application Password (Basic auth), for scripts and apps rather than pages. */
  applicationPassword?: { username: string; password: string };
  /** Sent with every request; default `include` with a nonce (cookies are the login), else `same-origin`. */
  credentials?: RequestCredentials;
  /** Where "Log in" goes (`wp_login_url()`); with it, a `wordpress` identity option is offered. */
  loginUrl?: string;
  /** Where "Log Out" goes (`wp_logout_url()`, which carries its own nonce). */
  logoutUrl?: string;
  /** The label of the `wordpress` identity option (the site's name, say). Default "WordPress". */
  loginLabel?: string;
  /** The site takes comments only from logged-in users (`comment_registration`). */
  signInRequired?: boolean;
  /** Guest fields the site requires (`require_name_email`): default name and email, as WordPress. */
  requiredGuestFields?: ('name' | 'email')[];
  /** The `fetch` to use (tests, proxies). */
  fetch?: typeof fetch;
  /**
   * The site runs the comment-thread plugin, whose change log gives live updates: the provider
   * then offers `subscribe`. Implied by `since`.
   */
  live?: boolean;
  /**
   * The change-log cursor of the rendered page (the plugin's `wp-since`), so live updates resume
   * from when the page was made. Implies `live`.
   */
  since?: string;
  /**
   * Milliseconds between polls of the change log (and of the moderation queue, for
   * `subscribeModeration`) while the tab is visible. Default 15 000.
   */
  pollInterval?: number;
  /**
   * The reactions the site takes (the comment-thread plugin's `wp-reactions`, Settings →
   * Discussion): with them the provider offers `react` (logged-in readers). Default none.
   */
  reactions?: string[];
  /**
   * The site runs the comment-thread plugin (implied by `live`, `since` and `reactions`): reports,
   * bans and the reported queue are offered (its routes). Moderation through WordPress's own REST
   * API (held and spam queues, approve, spam, trash, closing) is offered either way.
   */
  plugin?: boolean;
}

function attribute(element: Element | undefined, name: string): string | undefined {
  const value = element?.getAttribute(name);
  return value === null || value === undefined || value === '' ? undefined : value;
}

/**
 * The options of `provider="wordpress"`: `endpoint` (the REST root, default `/wp-json`) and, from
 * the element, the nonce (`wp-nonce`, `data-nonce`, `nonce` or the `nonce` property), `wp-since`,
 * `login-url`, `logout-url`, `login-label`, `sign-in-required`, `required-fields`, `wp-reactions`
 * and `wp-plugin` (as the WordPress plugin writes them).
 */
export function wordPressOptionsFrom(config: ProviderConfig): WordPressProviderOptions {
  const element = config.element;
  const options: WordPressProviderOptions = { endpoint: config.endpoint || '/wp-json' };
  const nonce = pageNonce(element);
  if (nonce) options.nonce = nonce;
  const since = attribute(element, 'wp-since');
  if (since && /^\d{1,20}$/.test(since)) options.since = since;
  const loginUrl = attribute(element, 'login-url');
  if (loginUrl) options.loginUrl = loginUrl;
  const logoutUrl = attribute(element, 'logout-url');
  if (logoutUrl) options.logoutUrl = logoutUrl;
  const loginLabel = attribute(element, 'login-label');
  if (loginLabel) options.loginLabel = loginLabel;
  if (element?.hasAttribute('sign-in-required')) options.signInRequired = true;
  const reactions = attribute(element, 'wp-reactions')?.split(/\s+/).filter(Boolean);
  if (reactions?.length) options.reactions = reactions;
  if (element?.hasAttribute('wp-plugin')) options.plugin = true;
  const required = element?.getAttribute('required-fields');
  if (typeof required === 'string') {
    options.requiredGuestFields = required
      .split(/\s+/)
      .filter((field): field is 'name' | 'email' => field === 'name' || field === 'email');
  }
  return options;
}
