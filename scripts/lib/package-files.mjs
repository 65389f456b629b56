// Which files of dist/ a user can reach: the files package.json's exports map
// (and main/module/types) names, and every file those import, re-export, load
// with import() or reference, and their source maps (through their
// sourceMappingURL comments), followed to the end. The build removes the rest
// (scripts/build.mjs); scripts/check-package.mjs checks the tarball against it.
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { parseAst } from 'rollup/parseAst';
import ts from 'typescript';

/** Every file the exports map, main, module and types name, as package-relative paths. */
export function exportTargets(pkg) {
  const targets = new Set([pkg.main, pkg.module, pkg.types].filter(Boolean));
  const walk = (value) => {
    if (typeof value === 'string') targets.add(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(pkg.exports);
  return [...targets].map((target) => posix.normalize(target));
}

/** Relative specifiers of a JavaScript module: static imports, re-exports and import('…') with a literal. */
function moduleSpecifiers(text) {
  const found = [];
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return;
    if (
      ['ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration', 'ImportExpression'].includes(node.type) &&
      node.source?.type === 'Literal' &&
      typeof node.source.value === 'string'
    ) {
      found.push(node.source.value);
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') visit(value);
    }
  };
  visit(parseAst(text));
  return found;
}

/**
 * Relative files `file` (package-relative) refers to, its source map included;
 * a declaration file's './x.js' is './x.d.ts'.
 */
export function referencedFiles(file, text) {
  const declaration = file.endsWith('.d.ts');
  let specifiers = [];
  if (declaration) {
    const { importedFiles, referencedFiles: references } = ts.preProcessFile(text, true, true);
    specifiers = [...importedFiles, ...references].map((entry) => entry.fileName);
  } else if (file.endsWith('.js')) specifiers = moduleSpecifiers(text);
  const resolve = (specifier) => posix.normalize(posix.join(posix.dirname(file), specifier));
  const files = specifiers
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => (declaration ? resolve(specifier).replace(/\.js$/, '.d.ts') : resolve(specifier)));
  // A source map is reached through its comment (and only so).
  const map = /^\/\/# sourceMappingURL=(?!data:)(\S+)\s*$/m.exec(text);
  if (map) files.push(resolve(map[1]));
  return files;
}

/**
 * Follows the exports map through `files` (package-relative paths, read from `root`).
 * Returns { reached, missing }: the files a user can reach, and [from, to] pairs
 * where a named or imported file is not among `files`.
 */
export function reachableFiles(pkg, files, root) {
  const available = new Set(files);
  const reached = new Set();
  const missing = [];
  const queue = exportTargets(pkg).map((target) => ['package.json', target]);
  while (queue.length) {
    const [from, file] = queue.shift();
    if (!available.has(file)) {
      if (file.startsWith('dist/') || from !== 'package.json') missing.push([from, file]);
      continue;
    }
    if (reached.has(file)) continue;
    reached.add(file);
    for (const next of referencedFiles(file, readFileSync(posix.join(root, file), 'utf8'))) queue.push([file, next]);
  }
  return { reached, missing };
}

/**
 * Problems with the public bundles' exports: a name the bundle's .d.ts does not
 * declare (a minifier-named internal exported for a chunk), `export *`, or a chunk
 * under dist/chunks/ importing from a bundle. `files` are the package's files.
 */
export function bundleExportProblems(root, files, bundles) {
  const problems = [];
  const typesOf = (bundle) => posix.join(root, bundle.replace(/\.js$/, '.d.ts'));
  const program = ts.createProgram(bundles.map(typesOf), {
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
  });
  const checker = program.getTypeChecker();
  for (const bundle of bundles) {
    if (!files.includes(bundle)) {
      problems.push(`${bundle} is not in the package`);
      continue;
    }
    const source = program.getSourceFile(typesOf(bundle));
    const symbol = source && checker.getSymbolAtLocation(source);
    const typed = new Set(symbol ? checker.getExportsOfModule(symbol).map((exported) => exported.name) : []);
    if (!typed.size) problems.push(`${bundle}: its .d.ts declares no exports`);
    for (const node of parseAst(readFileSync(posix.join(root, bundle), 'utf8')).body) {
      if (node.type === 'ExportAllDeclaration') problems.push(`${bundle}: export * from ${node.source.value} (exports names it does not list)`);
      if (node.type !== 'ExportNamedDeclaration') continue;
      const names = node.specifiers.map((specifier) => specifier.exported.name ?? specifier.exported.value);
      for (const declaration of node.declaration?.declarations ?? (node.declaration ? [node.declaration] : [])) names.push(declaration.id?.name);
      for (const name of names) if (!typed.has(name)) problems.push(`${bundle} exports "${name}", which its types do not declare (an internal name)`);
    }
  }
  for (const chunk of files.filter((file) => file.startsWith('dist/chunks/') && file.endsWith('.js'))) {
    for (const target of referencedFiles(chunk, readFileSync(posix.join(root, chunk), 'utf8'))) {
      if (bundles.includes(target)) problems.push(`${chunk} imports from ${target}`);
    }
  }
  return problems;
}
