// The WordPress plugin's readme.txt as WordPress (and wordpress.org) read it: WordPress's headers,
// agreeing with the plugin's own header. (The .pot's freshness is `make-pot.mjs --check` in npm test.)
//   node --test test/wordpress-plugin-files.test.mjs
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const plugin = fileURLToPath(new URL('../wordpress/plugin/comment-thread/', import.meta.url));
const read = (name) => readFileSync(join(plugin, name), 'utf8');

/** `Name: value` header lines (the plugin file's docblock, or readme.txt's head). */
function headers(text) {
  const found = {};
  for (const line of text.split('\n').slice(0, 40)) {
    const match = /^[\s*]*([A-Z][A-Za-z ]{1,40}):[ \t]*(\S.*)$/.exec(line);
    if (match) found[match[1].trim()] ??= match[2].trim();
  }
  return found;
}

describe('readme.txt', () => {
  const readme = read('readme.txt');
  const head = headers(readme.split('== Description ==')[0]);
  const main = headers(read('comment-thread.php'));

  it('has WordPress’s name line, headers and sections', () => {
    assert.match(readme, /^=== Comment Thread ===\n/);
    for (const name of ['Contributors', 'Tags', 'Requires at least', 'Tested up to', 'Requires PHP', 'Stable tag', 'License']) {
      assert.ok(head[name], `readme.txt lacks "${name}:"`);
    }
    for (const section of ['Description', 'Installation', 'Changelog']) assert.match(readme, new RegExp(`^== ${section} ==$`, 'm'));
    // A short description (at most 150 characters) right after the headers.
    const summary = readme.split('\n\n')[1].trim();
    assert.ok(summary.length > 0 && summary.length <= 150, `short description of ${summary.length} characters`);
  });

  it('agrees with the plugin file: version, the WordPress and PHP it needs, and the versions tested', () => {
    assert.equal(head['Stable tag'], main.Version);
    assert.equal(head['Requires at least'], main['Requires at least']);
    assert.equal(head['Requires PHP'], main['Requires PHP']);
    assert.equal(head.License, main.License);
    // The test suites run on WordPress 6.1 and 6.8 (scripts/test-integration.mjs).
    assert.equal(head['Requires at least'], '6.1');
    assert.equal(head['Tested up to'], '6.8');
  });
});
