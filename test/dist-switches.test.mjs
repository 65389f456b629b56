// node --test test/dist-switches.test.mjs (in `npm test`, after the build): no switch that turns a
// safety check off ships. The security suite's unsafe builds are made by the test server
// (test/security/unsafe/plugin.mjs); this proves nothing of the kind reached dist/.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../dist', import.meta.url));

/** What a test-only switch looks like in built code, minified or not (exports keep their names). */
const SWITCHES = [/__setUnsafe/, /ForTests\b/, /\bset\w*Unsafe\w*\s*[(=:]/i, /\bunsafe\w*\s*=\s*(?:!0|!1|true|false)\b/i];

/** Every `.js` file below `folder`, with each switch-like text in it. */
export function switchesIn(folder) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(?:js|mjs|d\.ts)$/.test(entry.name)) {
        const text = readFileSync(path, 'utf8');
        for (const pattern of SWITCHES) {
          const match = pattern.exec(text);
          if (match) found.push(`${relative(folder, path)}: ${JSON.stringify(text.slice(Math.max(0, match.index - 20), match.index + 40))}`);
        }
      }
    }
  };
  walk(folder);
  return found;
}

describe('no test-only switch in the built code', () => {
  test('dist/ (the modules, the script-tag bundle and the typings) holds no switch', () => {
    const files = readdirSync(DIST, { recursive: true }).filter((name) => String(name).endsWith('.js'));
    assert.ok(files.includes('comment-thread.js') && files.includes(join('core', 'markdown.js')), 'dist/ is built');
    assert.deepEqual(switchesIn(DIST), []);
  });

  test('the check finds a switch like the one that shipped before (minified or not)', () => {
    const folder = mkdtempSync(join(tmpdir(), 'switches-'));
    try {
      mkdirSync(join(folder, 'core'));
      writeFileSync(join(folder, 'core', 'markdown.js'), 'let unsafeForTests = false;\nexport function __setUnsafeForTests(unsafe) { unsafeForTests = unsafe; }\n');
      writeFileSync(join(folder, 'bundle.js'), 'let a=!1;function b(c){a=c}export{b as __setUnsafeForTests};');
      writeFileSync(join(folder, 'other.js'), 'export function setSanitizerUnsafe(on){}');
      writeFileSync(join(folder, 'clean.js'), 'export function renderBody(body){return sanitize(body)}');
      const found = switchesIn(folder);
      assert.ok(found.some((line) => line.startsWith(join('core', 'markdown.js'))), found.join('\n'));
      assert.ok(found.some((line) => line.startsWith('bundle.js')), found.join('\n'));
      assert.ok(found.some((line) => line.startsWith('other.js')), found.join('\n'));
      assert.ok(!found.some((line) => line.startsWith('clean.js')), found.join('\n'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
