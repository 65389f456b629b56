// npm run build: TypeScript to dist/ (ESM + .d.ts per module), then the
// single-file bundle dist/comment-thread.js with its own .d.ts.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
run(bin('rollup'), ['-c', 'rollup.config.mjs', '--silent']);
writeFileSync(
  new URL('../dist/comment-thread.d.ts', import.meta.url),
  "// Types of the single-file bundle: the same as the package's main entry.\nexport * from './index.js';\n",
);
console.log('built dist/');
