import { nodeResolve } from '@rollup/plugin-node-resolve';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';
import terser from '@rollup/plugin-terser';

/**
 * `dist/comment-thread.js`: one minified ES module for a `<script type="module">`,
 * built from the TypeScript output in `dist/` (run `npm run build`, which
 * compiles first). Lit, @lit/context, marked and DOMPurify are bundled in.
 */
export default {
  // The elements; the provider classes beside them (a page that names its provider needs neither);
  // `<comment-moderation>` on its own, for the pages that moderate (it shares Lit with the first).
  input: {
    'comment-thread': 'dist/bundle.js',
    'comment-thread-providers': 'dist/bundle-providers.js',
    'comment-moderation': 'dist/bundle-moderation.js',
  },
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
