// Package hygiene: what `npm install comment-thread` gives a user, checked
// from the packed tarball, the way a user gets it.
//
//   node scripts/check-package.mjs [--build] [--package-dir DIR]
//
// --package-dir checks another folder holding a package.json and its dist/
// (e.g. a copy with a proposed package.json); the default is the repo.
// Needs dist/ (the test command builds it first; --build, or a missing dist/,
// builds it with tsc + rollup). Checks, one line each:
//   1. the tarball holds only dist/, custom-elements.json, README.md, LICENSE
//      and package.json, and ships no source map whose sources are not shipped;
//      every file in dist/ is named by the exports map or imported by one it
//      names, and a source map ships exactly when a shipped file's comment names
//      it (scripts/lib/package-files.mjs); the bundles export only the names
//      their .d.ts declares, and no chunk imports from a bundle;
//   2. publint (strict) finds nothing;
//   3. attw finds no problem for node16 (ESM) and bundler resolution
//      (profile esm-only: the package is ESM only, there is no CommonJS entry);
//   4. sideEffects lets a bundler drop the elements: rollup, from a folder
//      outside the repo with the tarball installed, bundles
//      `import { InMemoryProvider } from 'comment-thread/providers'` with no
//      element class and no customElements.define, while importing
//      'comment-thread/comment-thread' keeps them (so the check can fail), and
//      importing 'comment-thread' keeps the provider="memory|rest|wordpress"
//      registrations and 'comment-thread/locale/all' keeps its languages;
//   5-6. a TypeScript file in that folder, using the elements' types
//      (HTMLElementTagNameMap, the event map), type-checks under
//      moduleResolution node16 and bundler;
//   7-11. the conformance kit (`comment-thread/testing`) from that folder under
//      each runner the README names: mocha, Jest, Vitest, node:test and
//      web-test-runner (installed there from the registry; see
//      scripts/lib/kit-runners.mjs): every check passes for InMemoryProvider and
//      the "paging" check fails, naming its rule, for one answering a wrong total.
// Writes .wtr-results/package.json ({ passed, failed, skipped, failures }) and
// prints a plain "N passed, N failed, N skipped" as its last line.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleExportProblems, reachableFiles } from './lib/package-files.mjs';
import { prepareKitRunners } from './lib/kit-runners.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const dirFlag = process.argv.indexOf('--package-dir');
const root = dirFlag >= 0 ? resolve(process.argv[dirFlag + 1]) : repo;
const bin = (name) => join(repo, 'node_modules', '.bin', name);
const requireFromRoot = (name) => import(pathToFileURL(join(repo, 'node_modules', name)).href);
const resultsFile = join(repo, '.wtr-results', 'package.json');
const totals = { passed: 0, failed: 0, skipped: 0, failures: [] };

/** What a user needs; everything else in the tarball is a mistake. */
const ALLOWED = [/^dist\//, /^custom-elements\.json$/, /^README\.md$/, /^LICENSE$/, /^package\.json$/];
/** Element classes and registrations that must not survive tree-shaking of the providers entry. */
const ELEMENT_MARKERS = ['customElements.define', 'class CommentThread', 'class CommentForm', 'class LoginPicker', 'class CommentCount', 'LitElement'];

function record(name, problems) {
  if (problems.length === 0) {
    totals.passed++;
    console.log(`✓ ${name}`);
  } else {
    totals.failed++;
    totals.failures.push(`${name}: ${problems.join('; ')}`);
    console.log(`✗ ${name}: ${problems.length} problem(s)`);
    for (const problem of problems) console.log(`    ${problem.replace(/\n/g, '\n    ')}`);
  }
}

async function check(name, body) {
  const start = Date.now();
  let problems;
  try {
    problems = await body();
  } catch (error) {
    problems = [error.stack ?? String(error)];
  }
  record(`${name} (${((Date.now() - start) / 1000).toFixed(1)} s)`, problems);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  return result;
}

function finish(scratch) {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(totals, null, 2));
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(totals.failed === 0 ? 0 : 1);
}

// ---- dist/ -------------------------------------------------------------------
if (root === repo && (process.argv.includes('--build') || !existsSync(join(root, 'dist', 'index.js')))) {
  console.log('building dist/ (npm run build)');
  execFileSync(process.execPath, [join(repo, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}

// Outside the repo, so nothing resolves through the repo's node_modules by accident.
const scratch = mkdtempSync(join(tmpdir(), 'comment-thread-package-'));
const packDir = join(scratch, 'pack');
const consumerDir = join(scratch, 'consumer');
mkdirSync(packDir);
mkdirSync(consumerDir);

let tarball;
let packedFiles = [];
{
  const result = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: root });
  if (result.status !== 0) {
    record('npm pack', [result.stderr.trim()]);
    finish(scratch);
  }
  const [info] = JSON.parse(result.stdout);
  tarball = join(packDir, info.filename);
  packedFiles = info.files.map((file) => file.path);
  console.log(`packed ${info.filename}: ${packedFiles.length} files, ${(info.size / 1024).toFixed(1)} KB (unpacked ${(info.unpackedSize / 1024).toFixed(1)} KB)`);
}

// ---- 1. contents ---------------------------------------------------------------
await check('tarball holds only dist/, custom-elements.json, README.md, LICENSE, package.json', () => {
  const problems = packedFiles.filter((file) => !ALLOWED.some((pattern) => pattern.test(file))).map((file) => `unexpected file ${file}`);
  for (const required of ['package.json', 'README.md', 'LICENSE', 'custom-elements.json', 'dist/index.js', 'dist/index.d.ts']) {
    if (!packedFiles.includes(required)) problems.push(`missing ${required}`);
  }
  // A source map is only useful, and only honest, if what it points at ships too.
  const shipped = new Set(packedFiles);
  for (const map of packedFiles.filter((file) => file.endsWith('.map'))) {
    const { sources = [], sourcesContent } = JSON.parse(readFileSync(join(root, map), 'utf8'));
    sources.forEach((source, index) => {
      if (sourcesContent?.[index] != null) return;
      const target = posix.normalize(posix.join(posix.dirname(map), source));
      if (!shipped.has(target)) problems.push(`${map} points at ${target}, which is not in the package`);
    });
  }
  // Long lists help nobody: say how many, show a few.
  return problems.length > 12 ? [...problems.slice(0, 10), `… and ${problems.length - 10} more`] : problems;
});

// ---- 1b. only what the exports map names, maps with their comments, public names only ----
await check('the tarball ships only what the exports map names, the files those import, and maps with their comments', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const { reached, missing } = reachableFiles(pkg, packedFiles, root);
  const problems = missing.map(([from, file]) => `${from} refers to ${file}, which is not in the package`);
  for (const file of packedFiles) {
    if (file.startsWith('dist/') && !reached.has(file)) problems.push(`${file} ships, but neither the exports map nor anything it names refers to it`);
  }
  return problems.length > 12 ? [...problems.slice(0, 10), `… and ${problems.length - 10} more`] : problems;
});

await check('the bundles export only their typed public names, and no chunk imports from them', () =>
  bundleExportProblems(root, packedFiles, ['dist/comment-thread.js', 'dist/comment-thread-providers.js', 'dist/comment-moderation.js']),
);

// ---- 2. publint ------------------------------------------------------------------
await check('publint (strict)', async () => {
  const { publint } = await requireFromRoot('publint/src/index-node.js');
  const { formatMessage } = await requireFromRoot('publint/src/utils.js');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const bytes = readFileSync(tarball);
  const packed = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const { messages } = await publint({ level: 'suggestion', strict: true, pack: { tarball: packed } });
  return messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`);
});

// ---- 3. attw ---------------------------------------------------------------------
await check('attw: types resolve under node16 (ESM) and bundler', () => {
  const result = run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'json', '--no-definitely-typed'], { cwd: scratch });
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    return [`attw did not report (exit ${result.status}): ${result.stderr.trim() || result.stdout.trim()}`];
  }
  const problems = report.analysis?.problems ?? report.problems ?? [];
  const ignored = new Set(['node10', 'node16-cjs']);
  const relevant = (Array.isArray(problems) ? problems : Object.values(problems).flat()).filter(
    (problem) => !problem.resolutionKind || !ignored.has(problem.resolutionKind),
  );
  const lines = relevant.map((problem) => `${problem.kind} at ${problem.entrypoint ?? '?'} (${problem.resolutionKind ?? 'all'})`);
  if (result.status !== 0 && lines.length === 0) lines.push(`attw exited ${result.status}: ${result.stderr.trim()}`);
  return lines;
});

// ---- a consumer project outside the repo ----------------------------------------
let installed = false;
{
  writeFileSync(join(consumerDir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  const result = run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '--prefer-offline', tarball], { cwd: consumerDir });
  installed = result.status === 0;
  if (!installed) record('npm install <tarball> in a fresh folder', [result.stderr.trim()]);
}

async function bundle(source) {
  const { rollup } = await requireFromRoot('rollup/dist/es/rollup.js');
  const { nodeResolve } = await requireFromRoot('@rollup/plugin-node-resolve/dist/es/index.js');
  const entry = join(consumerDir, `entry-${Math.random().toString(36).slice(2)}.js`);
  writeFileSync(entry, source);
  const build = await rollup({
    input: entry,
    // Resolve from the consumer folder only, as a user's bundler would; sideEffects comes from the package.json there.
    plugins: [nodeResolve({ rootDir: consumerDir, browser: true, exportConditions: ['production'] })],
    onwarn: () => {},
  });
  const { output } = await build.generate({ format: 'es' });
  await build.close();
  return output.map((chunk) => chunk.code ?? '').join('\n');
}

// ---- 4. sideEffects ---------------------------------------------------------------
await check('sideEffects: comment-thread/providers bundles without elements; elements, named providers and locale/all stay when imported', async () => {
  if (!installed) return ['not run: the tarball did not install'];
  const problems = [];
  const providersOnly = await bundle("import { InMemoryProvider } from 'comment-thread/providers';\nconsole.log(new InMemoryProvider());\n");
  if (!providersOnly.includes('class InMemoryProvider')) problems.push('the bundle lost InMemoryProvider itself');
  for (const marker of ELEMENT_MARKERS) if (providersOnly.includes(marker)) problems.push(`the providers-only bundle contains ${marker}`);
  // The control: the element's own entry must keep its registration, or this check proves nothing.
  const element = await bundle("import 'comment-thread/comment-thread';\n");
  for (const marker of ['customElements.define', 'class CommentThread']) {
    if (!element.includes(marker)) problems.push(`importing comment-thread/comment-thread lost ${marker} (the define modules must stay side-effectful)`);
  }
  // The script-tag bundle and the chunk it shares with lazily loaded code: every registration stays.
  const scriptBundle = await bundle("import 'comment-thread/bundle';\n");
  for (const tag of ['comment-thread', 'comment-form', 'login-picker', 'comment-count']) {
    if (!new RegExp(`customElements\\.define\\(\\s*["']${tag}["']`).test(scriptBundle)) {
      problems.push(`importing comment-thread/bundle lost the registration of <${tag}> (dist/comment-thread.js and dist/chunks/shared-*.js must be in sideEffects)`);
    }
  }
  // Importing the package for its elements must keep the named providers
  // (provider="memory|rest|wordpress" in markup), registered as a side effect
  // of the providers module that nothing else imports by name.
  const everything = await bundle("import 'comment-thread';\n");
  for (const name of ['memory', 'rest', 'wordpress']) {
    if (!new RegExp(`\\.register\\(\\s*['"]${name}['"]`).test(everything)) {
      problems.push(`importing 'comment-thread' dropped the "${name}" provider registration (dist/providers/index.js must be in sideEffects)`);
    }
  }
  // 'comment-thread/locale/all' is imported for its side effect only: every language registered.
  const languages = await bundle("import 'comment-thread/locale/all';\n");
  for (const register of ['registerDe', 'registerFr', 'registerEs', 'registerJa', 'registerAr']) {
    if (!new RegExp(`\\b${register}\\(\\)`).test(languages)) problems.push(`importing 'comment-thread/locale/all' dropped ${register}() (dist/locale/all.js must be in sideEffects)`);
  }
  return problems;
});

// ---- 5-6. types for users -------------------------------------------------------------
const USAGE = `// A user's file: the elements' tags and events are typed, not any.
import 'comment-thread';
import type { CommentThread, CommentForm, LoginPicker, CommentPostedEvent } from 'comment-thread';
import { InMemoryProvider } from 'comment-thread/providers';
import type { CommentDataProvider } from 'comment-thread/providers';
import 'comment-thread/comment-form';
import 'comment-thread/login-picker';

const thread: CommentThread = document.createElement('comment-thread');
const form: CommentForm | null = document.querySelector('comment-form');
const picker: LoginPicker | null = document.querySelector('login-picker');
const provider: CommentDataProvider = new InMemoryProvider();
thread.provider = provider;
thread.addEventListener('comment-posted', (event) => {
  const posted: CommentPostedEvent = event;
  console.log(posted.detail);
});
// @ts-expect-error: a <comment-thread> is not a <comment-form> (the tag map is real, not any)
const wrong: CommentForm = document.createElement('comment-thread');
// @ts-expect-error: the event map types the detail, so a made-up member is an error
thread.addEventListener('comment-posted', (event) => event.detail.notAMember);
console.log(form, picker, wrong);
`;

function typeCheck(resolution) {
  const dir = join(consumerDir, `types-${resolution}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'usage.ts'), USAGE);
  const compilerOptions =
    resolution === 'node16'
      ? { module: 'node16', moduleResolution: 'node16' }
      : { module: 'esnext', moduleResolution: 'bundler' };
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          ...compilerOptions,
          target: 'es2022',
          lib: ['es2022', 'dom', 'dom.iterable'],
          strict: true,
          noEmit: true,
          // The package's own .d.ts files are checked too; only third-party ones are trusted.
          skipLibCheck: false,
          types: [],
        },
        files: ['usage.ts'],
      },
      null,
      2,
    ),
  );
  const result = run(bin('tsc'), ['-p', join(dir, 'tsconfig.json')], { cwd: dir });
  if (result.status === 0) return [];
  return (result.stdout + result.stderr).trim().split('\n').filter(Boolean).map((line) => line.replace(`${consumerDir}/`, ''));
}

for (const resolution of ['node16', 'bundler']) {
  await check(`types: a user's TypeScript file checks under moduleResolution ${resolution}`, () =>
    installed ? typeCheck(resolution) : ['not run: the tarball did not install'],
  );
}

// ---- 7-11. the conformance kit under each runner ------------------------------
{
  const runners = installed ? prepareKitRunners(consumerDir) : [];
  for (const { runner, check: run } of runners) await check(`conformance kit from the package under ${runner}: passes a correct provider, fails a broken one`, run);
  if (!installed) record('conformance kit under mocha, Jest, Vitest, node:test, web-test-runner', ['not run: the tarball did not install']);
}

finish(scratch);
