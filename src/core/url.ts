const SAFE_PROTOCOLS = new Set(['http:', 'https:']);

/**
 * The URL as an absolute http(s) address, or `null` for anything else
 * (`javascript:`, `data:`, obfuscated schemes, junk). Relative addresses are
 * read against the page, as the browser would.
 */
export function safeHttpUrl(value: unknown, base: string | undefined = globalThis.document?.baseURI): string | null {
  if (typeof value !== 'string') return null;
  // The URL parser strips leading/trailing C0 controls and spaces and removes
  // tabs and newlines anywhere, exactly as a browser does before navigating.
  const trimmed = value.trim();
  if (!trimmed) return null;
  let url: URL;
  try {
    url = base ? new URL(trimmed, base) : new URL(trimmed);
  } catch {
    return null;
  }
  return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
}

/** Like {@link safeHttpUrl} but also allows `mailto:` (for links in comment bodies). */
export function safeLinkUrl(value: unknown, base?: string): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value.trim(), base ?? globalThis.document?.baseURI);
    if (url.protocol === 'mailto:') return url.href;
  } catch {
    return null;
  }
  return safeHttpUrl(value, base);
}
