// node --test test/redos/check-redos.test.mjs (in `npm test`): every regular expression of ours in
// src/, server/ and the WordPress plugin passes the ReDoS checker (scripts/check-redos.mjs), and
// the checker is shown to fail — with file:line and an attack string — on vulnerable fixtures.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkRoots, pcreToJs, pregPatterns, regexesInScript } from '../../scripts/check-redos.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../../scripts/check-redos.mjs', import.meta.url));
const FIXTURES = 'test/fixtures/redos';

const run = (...roots) => spawnSync(process.execPath, [SCRIPT, ...roots], { cwd: ROOT, encoding: 'utf8' });

describe('ReDoS check', () => {
  test('every regular expression in src/, server/ and wordpress/ is safe', () => {
    const { findings, checked } = checkRoots();
    assert.ok(checked >= 50, `only ${checked} regular expressions found: the finder is missing some`);
    assert.deepEqual(findings.map((f) => `${f.where}: ${f.pattern} — ${f.problem}`), []);
  });

  test('fails on vulnerable TypeScript and PHP patterns, naming file:line and the attack string', () => {
    const result = run(`${FIXTURES}/vulnerable`);
    assert.equal(result.status, 1, result.stdout);
    const failed = result.stdout.split('\n').filter((line) => line.startsWith('✗ '));
    assert.deepEqual(
      failed.map((line) => line.slice(2, line.indexOf(': '))),
      ['bad.ts:2', 'bad.ts:3', 'bad.ts:4', 'bad.ts:6', 'bad.php:4', 'bad.php:5', 'bad.php:7'].map((at) => `${FIXTURES}/vulnerable/${at}`),
    );
    assert.match(result.stdout, /bad\.ts:2: \/\(a\+\)\+\$\/\n\s+vulnerable \(exponential\); attack string: 'a'/);
    assert.match(result.stdout, /bad\.php:4: \/\^\(\\w\+\\s\?\)\*\$\/\n\s+vulnerable \(exponential\); attack string: /);
    assert.match(result.stdout, /bad\.ts:4: .*\n\s+vulnerable \(2nd degree polynomial\)/);
    assert.match(result.stdout, /bad\.ts:6: .*\n\s+the pattern is built at run time/);
    assert.match(result.stdout, /bad\.php:7: preg_match\n\s+the pattern is not a constant string/);
    assert.match(result.stdout, /9 regular expressions checked .*: 7 failed/);
  });

  test('passes safe patterns, and ignores look-alikes in strings and comments', () => {
    const result = run(`${FIXTURES}/safe`);
    assert.equal(result.status, 0, result.stdout);
    assert.match(result.stdout, /4 regular expressions checked .*: all safe/);
  });

  test('finds literals and RegExp calls by parsing, not by looking for slashes', () => {
    const found = regexesInScript(
      'x.ts',
      [
        "const a = '/(a+)+$/'; // /(b+)+$/",
        'const b = /x\\/y/gi, c = x / y / z;',
        "const d = new RegExp('e+', 'u'), e = RegExp(`f`), f = new globalThis.RegExp(\"g\");",
        'const g = new RegExp(/h/, "i"), h = new RegExp(name);',
      ].join('\n'),
    );
    assert.deepEqual(found, [
      { line: 2, source: 'x\\/y', flags: 'gi' },
      { line: 3, source: 'e+', flags: 'u' },
      { line: 3, source: 'f', flags: '' },
      { line: 3, source: 'g', flags: '' },
      { line: 4, source: 'h', flags: 'i' },
      { line: 4, source: 'h', flags: '' },
      { line: 4, dynamic: 'new RegExp(name)' },
    ]);
  });

  test('reads PHP patterns with the PHP tokenizer, and their delimiters and modifiers', () => {
    const found = pregPatterns([fileURLToPath(new URL(`../../${FIXTURES}/vulnerable/bad.php`, import.meta.url))]);
    assert.deepEqual(
      found.map(({ line, function: name, pattern, dynamic }) => ({ line, name, pattern, dynamic })),
      [
        { line: 4, name: 'preg_match', pattern: '/^(\\w+\\s?)*$/', dynamic: undefined },
        { line: 5, name: 'preg_replace', pattern: '#(a|aa)+$#i', dynamic: undefined },
        { line: 6, name: 'preg_match', pattern: '~^[a-z]+$~', dynamic: undefined },
        { line: 7, name: 'preg_match', pattern: undefined, dynamic: true },
      ],
    );
    assert.deepEqual(pcreToJs('#^/wp/(\\d+)$#D'), { source: '^/wp/(\\d+)$', flags: '' });
    assert.deepEqual(pcreToJs('{a\\{b}i'), { source: 'a\\{b', flags: 'i' });
    assert.deepEqual(pcreToJs('/\\Aa\\/b\\z/'), { source: '^a\\/b$', flags: '' });
    assert.match(pcreToJs('/a+/x').error, /modifier x/);
    assert.match(pcreToJs('abc').error, /no delimiters/);
  });
});
