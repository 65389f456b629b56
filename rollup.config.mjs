import { nodeResolve } from '@rollup/plugin-node-resolve';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';
import terser from '@rollup/plugin-terser';
import { dompurifyWithoutDefaultLists } from './scripts/lib/dompurify-without-default-lists.mjs';
import { dompurifyWithoutUnsetFlags } from './scripts/lib/dompurify-without-unset-flags.mjs';
import { markedWithoutExtensions } from './scripts/lib/marked-without-extensions.mjs';
import { markedWithoutPedantic } from './scripts/lib/marked-without-pedantic.mjs';
import { withoutMarkedSingleton } from './scripts/lib/without-marked-singleton.mjs';

const minifyLiterals = minifyHTML.default ?? minifyHTML;

/**
 * `dist/comment-thread.js`: the minified ES module for a `<script type="module">`,
 * built from the TypeScript output in `dist/` (run `npm run build`, which
 * compiles first, and removes the unused input `dist/bundle-providers.js` afterwards).
 * Lit, @lit/context, marked and DOMPurify are bundled in. Each bundle and chunk
 * ships with its source map, which carries the sources it maps to (sourcesContent).
 */
/** The modules of `from`'s static import graph. */
function staticGraph(from, getModuleInfo) {
  const seen = new Set();
  const queue = [from];
  while (queue.length) {
    const id = queue.pop();
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(getModuleInfo(id)?.importedIds ?? []));
  }
  return seen;
}

/**
 * Lit's `unsafeHTML` directive: the first load imports it (src/comment-thread/bodies.ts) only for
 * the server's render (`isServer`, false in this build, so that branch is dropped); only the form's
 * chunk (its preview) uses it in a browser. Marked free of side effects (it defines a class), the
 * unused import goes away, and it goes with the form (rollup would otherwise pull it into the shared
 * chunk, with the module that imports it).
 * (Were a first-load module ever to use it, the shared chunk would import that chunk statically:
 * `node scripts/size.mjs` counts it, and fails if that is the form's chunk.)
 */
const SERVER_ONLY_IN_FIRST_LOAD = /\/lit-html\/directives\/unsafe-html\.js$/;

let elements;
/**
 * Where a module of the thread build goes. Everything `dist/comment-thread.js` needs at once is one
 * chunk, `chunks/shared-*.js`, which the lazily loaded chunks import from too; the bundle itself is
 * the element registrations and the public names in front of it. One chunk gzips better than the
 * element code split across the bundle and a chunk of what both need (0.7 KB less, issue 19), and no
 * chunk imports from the bundle. The registrations (`…/define.js`) stay in the bundle, so a page
 * that loads only `dist/comment-thread-providers.js` (which imports from the same chunk) defines no
 * element. The form and the login picker (with what only they use): one chunk, fetched once a
 * thread has painted; the picker's brand icons (2.4 KB) are a chunk fetched at the same time.
 */
function threadChunks(id, { getModuleIds, getModuleInfo }) {
  if (!elements) {
    const entry = [...getModuleIds()].find((candidate) => getModuleInfo(candidate).isEntry && candidate.endsWith('/dist/bundle.js'));
    elements = staticGraph(entry, getModuleInfo);
  }
  if (SERVER_ONLY_IN_FIRST_LOAD.test(id)) return 'comment-form';
  if (elements.has(id) && !id.endsWith('/dist/bundle.js') && !id.endsWith('/define.js')) return 'shared';
  // The brand icons stay a chunk of their own, fetched beside the form's (form-loader.ts).
  if (/\/dist\/(?:comment-form|login-picker)\//.test(id) && !/\/brand(?:s|-icons)\.js$/.test(id)) return 'comment-form';
  return undefined;
}

const thread = {
  // The elements; the provider classes beside them (a page that names its provider needs neither).
  input: { 'comment-thread': 'dist/bundle.js', 'comment-thread-providers': 'dist/bundle-providers.js' },
  // Each entry exports exactly its own public names (see threadChunks: nothing imports from it).
  preserveEntrySignatures: 'strict',
  output: {
    // What loads on demand (the providers, other locales…) lands beside it in dist/chunks/.
    dir: 'dist',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    manualChunks: threadChunks,
    format: 'es',
    sourcemap: true,
  },
  treeshake: { moduleSideEffects: (id) => !SERVER_ONLY_IN_FIRST_LOAD.test(id) },
  plugins: [
    // `production` picks Lit's production build (no dev-mode warnings).
    nodeResolve({ exportConditions: ['production'] }),
    // marked without the `marked` singleton its module makes at load (we make our own instance).
    withoutMarkedSingleton(),
    // …and without its `pedantic` rules (ours are GitHub-flavoured).
    markedWithoutPedantic(),
    // …and without the machinery for options we never pass (extensions, hooks, walkTokens, async).
    markedWithoutExtensions(),
    // DOMPurify without its default allow-lists: our sanitiser always gives its own.
    dompurifyWithoutDefaultLists(),
    // …and with the flags it never sets fixed at false (SAFE_FOR_TEMPLATES, WHOLE_DOCUMENT, IN_PLACE, RETURN_TRUSTED_TYPE,
    // FORCE_BODY, SANITIZE_NAMED_PROPS, ALLOW_UNKNOWN_PROTOCOLS), and the two it sets false (ALLOW_DATA_ATTR, ALLOW_ARIA_ATTR).
    dompurifyWithoutUnsetFlags(),
    // Templates without their indentation: fewer bytes, and no whitespace text nodes per comment.
    minifyLiterals(),
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
 * provider registry and the provider context (both are keyed by global symbols). Its lazily
 * loaded providers are chunks of its own (no shared chunk: that split is the thread's).
 */
const moderation = {
  ...thread,
  input: { 'comment-moderation': 'dist/bundle-moderation.js' },
  output: { ...thread.output, manualChunks: undefined },
};

/**
 * `dist/comment-thread-hydrate.js`: the same elements for server-rendered pages, with Lit's
 * hydration support evaluated first, so a thread rendered by `renderThread` is adopted rather
 * than rendered again. Built on its own: `dist/comment-thread.js`, what pages without server
 * rendering load, stays exactly as it is. Its lazily loaded pieces are chunks of its own.
 * Its `html` templates are not minified: Lit hydrates a template only when its strings are exactly
 * those the server rendered (`dist/`'s, through `renderThread`). Its `css` is minified as the first
 * load's: hydration compares no stylesheet (a server-rendered root keeps the server's `<style>`;
 * one rendered afresh adopts these), so only its comments and spaces go (1.3 KB gzip).
 */
const hydrate = {
  ...thread,
  input: { 'comment-thread-hydrate': 'dist/bundle-hydrate.js' },
  output: { ...thread.output, manualChunks: undefined },
  plugins: thread.plugins.map((plugin) =>
    /minify-?html/i.test(plugin.name ?? '') ? minifyLiterals({ options: { shouldMinify: () => false } }) : plugin,
  ),
};

export default [thread, moderation, hydrate];
