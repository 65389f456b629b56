// `npm run analyze` writes custom-elements.json from the elements' JSDoc;
// `npm test` fails when the committed file differs from a fresh analysis.
import { readFileSync } from 'node:fs';
import rollupConfigs from './rollup.config.mjs';

/**
 * The source module behind a file of the package: tsc's `dist/x/y.js` is `src/x/y.ts`; a bundle
 * (`dist/comment-thread.js`) is its rollup input's source (`dist/bundle.js`, so `src/bundle.ts`).
 */
function sourceOf(file) {
  for (const config of rollupConfigs) {
    for (const [name, input] of Object.entries(config.input)) if (file === `dist/${name}.js`) return sourceOf(input);
  }
  return file.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts');
}

/** The modules the exports map names (`default` conditions), as the source paths the manifest uses. */
function entryModules() {
  const { exports } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
  const entries = new Set();
  for (const target of Object.values(exports)) {
    const file = typeof target === 'string' ? target : target.default;
    if (typeof file === 'string' && file.startsWith('./dist/') && file.endsWith('.js')) entries.add(sourceOf(file.slice(2)));
  }
  return entries;
}

/** A module reference of the manifest (`./x.js`, `/src/x.js`, `src/x.js`) as the path of the module it names. */
function referencedPath(from, reference) {
  if (!reference) return undefined;
  const path = reference.startsWith('.') ? new URL(reference, `file:///${from}`).pathname.slice(1) : reference.replace(/^\//, '');
  return path.replace(/\.js$/, '.ts');
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  // Never rewrite package.json's customElements field (an --outdir elsewhere would point it there).
  packagejson: false,
  plugins: [
    {
      // The analyzer lists modules in the order the file system returns them, which differs between
      // machines; sorting by path makes the manifest the same on every clone.
      name: 'sort-modules-by-path',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      },
    },
    {
      // The manifest documents the public modules only: those the exports map names, and the
      // modules whose declarations they export or inherit from (the elements, their events, a
      // mixin), not the internal modules behind them (queue logic, render functions, helpers).
      name: 'public-modules-only',
      packageLinkPhase({ customElementsManifest }) {
        const byPath = new Map(customElementsManifest.modules.map((module) => [module.path, module]));
        const keep = new Set();
        const queue = [...entryModules()];
        while (queue.length) {
          const path = queue.pop();
          const module = byPath.get(path);
          if (!module || keep.has(path)) continue;
          keep.add(path);
          for (const exported of module.exports ?? []) queue.push(referencedPath(path, exported.declaration?.module));
          for (const declaration of module.declarations ?? []) {
            for (const base of [declaration.superclass, ...(declaration.mixins ?? [])]) {
              if (base?.module) queue.push(referencedPath(path, base.module));
            }
          }
        }
        customElementsManifest.modules = customElementsManifest.modules.filter((module) => keep.has(module.path));
      },
    },
    {
      // The manifest documents the public API: `#private` members are implementation (and would
      // make every internal edit stale the committed file).
      name: 'leave-out-private-members',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (Array.isArray(declaration.members)) {
              declaration.members = declaration.members.filter(
                (member) => member.privacy !== 'private' && !String(member.name).startsWith('#'),
              );
            }
          }
        }
      },
    },
  ],
};
