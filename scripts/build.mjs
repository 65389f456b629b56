// npm run build: TypeScript to dist/ (ESM + .d.ts per module, no source maps), then the
// bundle dist/comment-thread.js (+ dist/comment-thread-providers.js) with their own .d.ts.
// Then every file of dist/ that the exports map does not reach is removed (tsc's
// dist/bundle-providers.js, the bundle's input; declarations of internal modules): the
// package ships only what its exports map names and what those files import
// (scripts/lib/package-files.mjs; scripts/check-package.mjs checks the tarball).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFrameworkTypes } from './lib/framework-types.mjs';
import { reachableFiles } from './lib/package-files.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
// tsc still emits when it finds type errors: bundle anyway, so dist/ is never left
// empty, and fail at the end (the type check step of `npm test` says where).
let typeErrors = false;
try {
  run(bin('tsc'), ['-p', 'tsconfig.build.json']);
} catch {
  typeErrors = true;
}
// Framework typings: generated from custom-elements.json (scripts/lib/framework-types.mjs),
// and the hand-written wrappers that put them into React's and Svelte's element maps.
mkdirSync(new URL('../dist/frameworks', import.meta.url), { recursive: true });
generateFrameworkTypes(JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8')), join(root, 'dist', 'frameworks'));
for (const file of readdirSync(new URL('../src/frameworks', import.meta.url))) {
  if (file.endsWith('.d.ts')) {
    copyFileSync(new URL(`../src/frameworks/${file}`, import.meta.url), new URL(`../dist/frameworks/${file}`, import.meta.url));
  }
}
run(bin('rollup'), ['-c', 'rollup.config.mjs', '--silent']);
writeFileSync(
  new URL('../dist/comment-thread.d.ts', import.meta.url),
  "// Types of the bundle a <script type=\"module\"> loads.\nexport * from './bundle.js';\n",
);
writeFileSync(
  new URL('../dist/comment-thread-hydrate.d.ts', import.meta.url),
  "// Types of the bundle for server-rendered pages (the same exports).\nexport * from './bundle.js';\n",
);
writeFileSync(
  new URL('../dist/comment-moderation.d.ts', import.meta.url),
  "// Types of <comment-moderation>'s bundle.\nexport * from './bundle-moderation.js';\n",
);
// The provider bundle's types are its input's declarations (same folder, so their imports hold).
const providerTypes = readFileSync(new URL('../dist/bundle-providers.d.ts', import.meta.url), 'utf8');
writeFileSync(new URL('../dist/comment-thread-providers.d.ts', import.meta.url), `// Types of the provider classes' bundle.\n${providerTypes}`);
// Whatever the exports map does not reach (the provider bundle's input, declarations of internal
// modules no public type refers to) is removed: the package ships only what a user can reach.
const files = readdirSync(new URL('../dist', import.meta.url), { recursive: true })
  .map((file) => `dist/${file.split(sep).join('/')}`)
  .filter((file) => statSync(join(root, file)).isFile());
const { reached } = reachableFiles(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')), files, root);
for (const file of files) if (!reached.has(file)) rmSync(join(root, file));
if (typeErrors) {
  console.error('built dist/, but TypeScript reported errors (above)');
  process.exit(1);
}
console.log('built dist/');
