import { nodeResolve } from '@rollup/plugin-node-resolve';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';
import terser from '@rollup/plugin-terser';

/**
 * `dist/comment-thread.js`: one minified ES module for a `<script type="module">`,
 * built from the TypeScript output in `dist/` (run `npm run build`, which
 * compiles first). Lit, @lit/context, marked and DOMPurify are bundled in.
 */
const thread = {
  // The elements; the provider classes beside them (a page that names its provider needs neither).
  input: { 'comment-thread': 'dist/bundle.js', 'comment-thread-providers': 'dist/bundle-providers.js' },
  // Chunks may import from the entry itself: no facade module in front of it.
  preserveEntrySignatures: 'allow-extension',
  output: {
    // What loads on demand (the providers, other locales…) lands beside it in dist/chunks/.
    dir: 'dist',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    format: 'es',
    sourcemap: true,
  },
  plugins: [
    // `production` picks Lit's production build (no dev-mode warnings).
    nodeResolve({ exportConditions: ['production'] }),
    // Templates without their indentation: fewer bytes, and no whitespace text nodes per comment.
    minifyHTML.default ? minifyHTML.default() : minifyHTML(),
    terser({ ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false } }),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};

/**
 * `dist/comment-moderation.js`: `<comment-moderation>` for the pages that moderate, built on its
 * own so that the thread's bundle carries nothing of it (not even exports for it to import).
 * It brings its own Lit; with the thread's bundle on the same page the two still share the
 * provider registry and the provider context (both are keyed by global symbols).
 */
const moderation = { ...thread, input: { 'comment-moderation': 'dist/bundle-moderation.js' } };

export default [thread, moderation];
