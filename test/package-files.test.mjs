// The package checker's logic (scripts/lib/package-files.mjs) on small made-up
// packages: it must find what a broken build ships or exports.
//   node --test test/package-files.test.mjs
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { bundleExportProblems, reachableFiles } from '../scripts/lib/package-files.mjs';

const dirs = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A package folder holding `files` ({ path: text }); returns its root. */
function pkg(files) {
  const root = mkdtempSync(join(tmpdir(), 'package-files-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const PKG = { exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './bundle': { types: './dist/bundle.d.ts', default: './dist/bundle.js' } } };

describe('reachableFiles', () => {
  const good = {
    'dist/index.js': "export { a } from './a.js';\nconst lazy = () => import('./lazy.js');\nexport { lazy };\n",
    'dist/index.d.ts': "export { a } from './a.js';\nexport declare const lazy: () => Promise<unknown>;\n",
    'dist/a.js': 'export const a = 1;\n',
    'dist/a.d.ts': 'export declare const a: number;\n',
    'dist/lazy.js': 'export const z=1;\n//# sourceMappingURL=lazy.js.map\n',
    'dist/lazy.js.map': '{"version":3,"sources":[],"mappings":""}',
    'dist/bundle.js': 'export{x as a}from"./chunks/shared.js";\n',
    'dist/bundle.d.ts': 'export declare const a: number;\n',
    'dist/chunks/shared.js': 'const x=1;export{x};\n',
  };

  it('reaches imports, re-exports, import() and source maps named by a comment', () => {
    const root = pkg(good);
    const { reached, missing } = reachableFiles(PKG, Object.keys(good), root);
    assert.deepEqual([...reached].sort(), Object.keys(good).sort());
    assert.deepEqual(missing, []);
  });

  it('leaves out a file nothing names, and a map without its comment', () => {
    const files = { ...good, 'dist/bundle-input.js': 'export const left = 1;\n', 'dist/a.js.map': '{}' };
    const { reached } = reachableFiles(PKG, Object.keys(files), pkg(files));
    assert.equal(reached.has('dist/bundle-input.js'), false);
    assert.equal(reached.has('dist/a.js.map'), false);
  });

  it('reports a sourceMappingURL comment whose map is not in the package', () => {
    const files = { ...good };
    delete files['dist/lazy.js.map'];
    const { missing } = reachableFiles(PKG, Object.keys(files), pkg(files));
    assert.deepEqual(missing, [['dist/lazy.js', 'dist/lazy.js.map']]);
  });

  it('reports a file the exports map names that is missing', () => {
    const files = { ...good };
    delete files['dist/bundle.d.ts'];
    const { missing } = reachableFiles(PKG, Object.keys(files), pkg(files));
    assert.deepEqual(missing, [['package.json', 'dist/bundle.d.ts']]);
  });
});

describe('bundleExportProblems', () => {
  const files = {
    'dist/bundle.js': 'export{x as a}from"./chunks/shared.js";\n',
    'dist/bundle.d.ts': 'export declare const a: number;\n',
    'dist/chunks/shared.js': 'const x=1;export{x};\n',
  };

  it('passes a bundle that exports exactly its typed names', () => {
    assert.deepEqual(bundleExportProblems(pkg(files), Object.keys(files), ['dist/bundle.js']), []);
  });

  it('reports an internal name exported for a chunk, and the chunk importing it', () => {
    const broken = {
      ...files,
      'dist/bundle.js': 'const n=2;export{n};export{x as a}from"./chunks/shared.js";\n',
      'dist/chunks/lazy.js': 'import{n}from"../bundle.js";export const y=n;\n',
    };
    const problems = bundleExportProblems(pkg(broken), Object.keys(broken), ['dist/bundle.js']);
    assert.deepEqual(problems, [
      'dist/bundle.js exports "n", which its types do not declare (an internal name)',
      'dist/chunks/lazy.js imports from dist/bundle.js',
    ]);
  });
});
