// npm run build: TypeScript to dist/ (ESM + .d.ts per module), then the
// single-file bundle dist/comment-thread.js with its own .d.ts.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
// Hand-written framework typings: tsc does not emit .d.ts sources, so copy them beside the modules they import.
mkdirSync(new URL('../dist/frameworks', import.meta.url), { recursive: true });
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
  new URL('../dist/comment-moderation.d.ts', import.meta.url),
  "// Types of <comment-moderation>'s bundle.\nexport * from './bundle-moderation.js';\n",
);
writeFileSync(
  new URL('../dist/comment-thread-providers.d.ts', import.meta.url),
  "// Types of the provider classes' bundle.\nexport * from './bundle-providers.js';\n",
);
if (typeErrors) {
  console.error('built dist/, but TypeScript reported errors (above)');
  process.exit(1);
}
console.log('built dist/');
