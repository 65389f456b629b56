// Deliberately unsafe builds of the elements, for the security suite only — made by the test server,
// not by a switch in the shipped code (nothing in src/ can turn the sanitiser or the URL checks off).
//
// A test file named in VARIANTS gets its own copy of every module of ours it imports: each import
// from that file, and from the copies, gets `?unsafe=NAME` (the browser keeps such a module apart from
// the real one), and the modules listed in `swap` are replaced by the stand-ins in this folder.
// Dependencies (node_modules) are shared, untouched. Used by web-test-runner.config.mjs.

/** @type {Record<string, { name: string, swap: Record<string, string> }>} */
export const VARIANTS = {
  '/test/security/unsafe-sanitizer.test.ts': {
    name: 'sanitizer',
    swap: { '/src/core/markdown.ts': '/test/security/unsafe/markdown.ts' },
  },
  '/test/security/unsafe-urls.test.ts': {
    name: 'urls',
    swap: { '/src/core/url.ts': '/test/security/unsafe/url.ts' },
  },
};

const byName = new Map(Object.values(VARIANTS).map((variant) => [variant.name, variant]));

/** The web-test-runner plugin. */
export function unsafeVariants() {
  return {
    name: 'unsafe-variants',
    /** @param {{ source: string, context: import('koa').Context }} options */
    transformImport({ source, context }) {
      const variant = byName.get(context.URL.searchParams.get('unsafe') ?? '') ?? VARIANTS[context.path];
      if (!variant) return undefined;
      const target = new URL(source, context.URL);
      if (target.origin !== context.URL.origin) return undefined;
      const path = target.pathname;
      // Only our own modules are copied: src/ and test/ (not node_modules, not the runner's own files).
      if (!path.startsWith('/src/') && !path.startsWith('/test/')) return undefined;
      // A stand-in imports the real module it stands in for: that one is not swapped again.
      const swapped = variant.swap[path] && variant.swap[path] !== context.path ? variant.swap[path] : path;
      return `${swapped}?unsafe=${variant.name}`;
    },
  };
}
