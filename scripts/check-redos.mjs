// ReDoS check: every regular expression of ours that can see text from a commenter or a provider —
// regex literals and `RegExp(...)` / `new RegExp(...)` in src/ and server/ (found with the
// TypeScript compiler's parser, not by pattern matching), and the patterns of `preg_*` calls in the
// WordPress plugin's PHP (found with PHP's own tokenizer) — goes through recheck, a ReDoS checker
// (automata analysis and fuzzing). A `vulnerable` result fails with file:line and the attack string;
// so does a pattern that cannot be checked (built at run time, or syntax recheck cannot read).
//
// node scripts/check-redos.mjs [folder or file …]   (default: src server wordpress)
// Exit 0 when every pattern is safe; 1 otherwise. `npm test` runs it through test/redos/check-redos.test.mjs,
// which also shows that it fails on vulnerable fixtures.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSync } from 'recheck';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_ROOTS = ['src', 'server', 'wordpress'];
const SCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

/** Files below `path` (or `path` itself) with one of the extensions, skipping dependencies and builds. */
function filesBelow(path, extensions) {
  const stat = statSync(path);
  if (stat.isFile()) return extensions.has(extname(path)) ? [path] : [];
  return readdirSync(path)
    .filter((name) => !['node_modules', 'dist', 'vendor', '.git'].includes(name))
    .flatMap((name) => filesBelow(join(path, name), extensions));
}

/**
 * The regular expressions in one TypeScript or JavaScript source: `{ line, source, flags }`, or
 * `{ line, dynamic }` for a `RegExp(...)` whose pattern or flags are not literal.
 */
export function regexesInScript(fileName, text) {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const lineOf = (node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const visit = (node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = node.text;
      const end = literal.lastIndexOf('/');
      found.push({ line: lineOf(node), source: literal.slice(1, end), flags: literal.slice(end + 1) });
    } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && isRegExpConstructor(node.expression)) {
      const [pattern, flags] = node.arguments ?? [];
      const literalFlags = flags === undefined || ts.isStringLiteralLike(flags);
      if (pattern && ts.isRegularExpressionLiteral(pattern) && literalFlags) {
        // new RegExp(/x/, 'g'): the literal is checked (with its own flags) as it is visited; check it with these too.
        if (flags) found.push({ line: lineOf(node), source: pattern.text.slice(1, pattern.text.lastIndexOf('/')), flags: flags.text });
      } else if (pattern && ts.isStringLiteralLike(pattern) && literalFlags) {
        found.push({ line: lineOf(node), source: pattern.text, flags: flags?.text ?? '' });
      } else {
        found.push({ line: lineOf(node), dynamic: node.getText(file) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function isRegExpConstructor(expression) {
  if (ts.isIdentifier(expression)) return expression.text === 'RegExp';
  return ts.isPropertyAccessExpression(expression) && expression.name.text === 'RegExp';
}

// PHP's tokenizer finds each call to a preg_* function whose first argument is a constant string,
// and evaluates that string literal (a T_CONSTANT_ENCAPSED_STRING never interpolates).
const PHP_FINDER = `
$out = [];
foreach (array_slice($argv, 1) as $file) {
  $tokens = array_values(array_filter(token_get_all(file_get_contents($file)), function ($t) {
    return !is_array($t) || !in_array($t[0], [T_WHITESPACE, T_COMMENT, T_DOC_COMMENT], true);
  }));
  foreach ($tokens as $i => $t) {
    if (!is_array($t) || $t[0] !== T_STRING || stripos($t[1], 'preg_') !== 0) continue;
    $name = strtolower($t[1]);
    if ($name === 'preg_quote' || $name === 'preg_last_error' || $name === 'preg_last_error_msg') continue;
    if (($tokens[$i + 1] ?? null) !== '(') continue;
    $prev = $tokens[$i - 1] ?? null;
    if (is_array($prev) && in_array($prev[0], [T_FUNCTION, T_OBJECT_OPERATOR, T_DOUBLE_COLON], true)) continue;
    $arg = $tokens[$i + 2] ?? null;
    $next = $tokens[$i + 3] ?? null;
    if (is_array($arg) && $arg[0] === T_CONSTANT_ENCAPSED_STRING && ($next === ',' || $next === ')')) {
      $out[] = ['file' => $file, 'line' => $t[2], 'function' => $name, 'pattern' => eval('return ' . $arg[1] . ';')];
    } else {
      $out[] = ['file' => $file, 'line' => $t[2], 'function' => $name, 'dynamic' => true];
    }
  }
}
echo json_encode($out);
`;

/** The preg_* patterns in PHP files: `{ file, line, function, pattern }` or `{ file, line, dynamic }`. */
export function pregPatterns(files) {
  if (!files.length) return [];
  const result = spawnSync('php', ['-r', PHP_FINDER, '--', ...files], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(`PHP's tokenizer could not run (php-cli is needed to check the plugin's patterns): ${result.error?.message ?? result.stderr}`);
  }
  return JSON.parse(result.stdout);
}

const CLOSING = { '(': ')', '[': ']', '{': '}', '<': '>' };

/**
 * A PCRE pattern with delimiters and modifiers (`#^a+$#i`) as a JavaScript source and flags, or
 * `{ error }` for what has no JavaScript equivalent here.
 */
export function pcreToJs(pattern) {
  const open = pattern[0];
  const close = CLOSING[open] ?? open;
  const end = pattern.lastIndexOf(close);
  if (!open || /[\w\s\\]/.test(open) || end < 1) return { error: `no delimiters in ${JSON.stringify(pattern)}` };
  const modifiers = pattern.slice(end + 1);
  let source = pattern.slice(1, end);
  if (!CLOSING[open]) source = source.split(`\\${open}`).join(/[.*+?^${}()|[\]\\/-]/.test(open) ? `\\${open}` : open);
  let flags = '';
  for (const modifier of modifiers) {
    if ('imsu'.includes(modifier)) flags += modifier;
    else if (modifier === 'D' || modifier === 'S') continue; // $ at the very end only / study: no effect on backtracking
    else return { error: `modifier ${modifier} has no JavaScript equivalent here` };
  }
  // PCRE's absolute anchors, as JavaScript reads them without the m flag.
  if (!flags.includes('m')) source = source.replace(/\\A/g, '^').replace(/\\[zZ]/g, '$');
  return { source, flags };
}

/**
 * The fuzzer (used where automata cannot decide, e.g. lookarounds and counted repetitions) with a fixed
 * seed and step limits only: no clock-based limit, so a loaded machine gets the same verdict as an idle one.
 */
const DETERMINISTIC = { randomSeed: 0, attackTimeout: null, attackLimit: 100_000_000, incubationTimeout: null, seedingTimeout: null, timeout: 120_000 };

/** recheck's verdict on one pattern: `null` when safe, otherwise what is wrong. */
export function verdict(source, flags) {
  const result = checkSync(source, flags, DETERMINISTIC);
  if (result.status === 'safe') return null;
  if (result.status === 'vulnerable') {
    return `vulnerable (${result.complexity?.summary ?? result.complexity?.type}); attack string: ${result.attack?.pattern ?? JSON.stringify(result.attack?.string)}`;
  }
  return `could not be checked: ${result.error?.kind ?? 'unknown'}${result.error?.message ? ` (${result.error.message})` : ''}`;
}

/** Every finding below the given roots: `{ where, pattern, problem }`, plus how many patterns were checked. */
export function checkRoots(roots = DEFAULT_ROOTS, base = ROOT) {
  const findings = [];
  let checked = 0;
  const report = (file, line, pattern, problem) => findings.push({ where: `${relative(base, file) || file}:${line}`, pattern, problem });
  for (const root of roots) {
    const path = join(base, root);
    for (const file of filesBelow(path, SCRIPT_EXTENSIONS)) {
      for (const found of regexesInScript(file, readFileSync(file, 'utf8'))) {
        checked++;
        if (found.dynamic) {
          report(file, found.line, found.dynamic, 'the pattern is built at run time: it cannot be checked (write it as a literal)');
          continue;
        }
        const problem = verdict(found.source, found.flags);
        if (problem) report(file, found.line, `/${found.source}/${found.flags}`, problem);
      }
    }
    for (const found of pregPatterns(filesBelow(path, new Set(['.php'])))) {
      checked++;
      if (found.dynamic) {
        report(found.file, found.line, found.function, 'the pattern is not a constant string: it cannot be checked');
        continue;
      }
      const js = pcreToJs(found.pattern);
      const problem = js.error ? `could not be checked: ${js.error}` : verdict(js.source, js.flags);
      if (problem) report(found.file, found.line, found.pattern, problem);
    }
  }
  return { findings, checked };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const roots = process.argv.slice(2);
  const started = Date.now();
  const { findings, checked } = checkRoots(roots.length ? roots : DEFAULT_ROOTS, roots.length ? process.cwd() : ROOT);
  for (const finding of findings) console.log(`✗ ${finding.where}: ${finding.pattern}\n    ${finding.problem}`);
  console.log(`${checked} regular expressions checked in ${((Date.now() - started) / 1000).toFixed(1)} s: ${findings.length ? `${findings.length} failed` : 'all safe'}`);
  process.exit(findings.length ? 1 : 0);
}
