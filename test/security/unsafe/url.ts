// Test-only stand-in for src/core/url.ts, served in its place to test/security/unsafe-urls.test.ts
// by ./plugin.mjs: any string passes unchecked, so the security suite can show that its URL checks
// catch an unchecked address.

/** {@link import('../../../src/core/url.js').safeHttpUrl} without the check. */
export function safeHttpUrl(value: unknown, _base?: string): string | null {
  return typeof value === 'string' ? value : null;
}

/** {@link import('../../../src/core/url.js').safeLinkUrl} without the check. */
export function safeLinkUrl(value: unknown, _base?: string): string | null {
  return typeof value === 'string' ? value : null;
}
