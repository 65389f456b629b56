// Writes the plugin's translation template, wordpress/plugin/comment-thread/languages/comment-thread.pot,
// from the gettext calls in its PHP files that name the `comment-thread` text domain
// (__, _e, esc_html__, esc_html_e, esc_attr__, esc_attr_e, _x, _n). No wp-cli here: a small scanner
// of the plugin's own source. `--check` fails when the committed file is out of date.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const plugin = join(root, 'wordpress', 'plugin', 'comment-thread');
const target = join(plugin, 'languages', 'comment-thread.pot');
const DOMAIN = 'comment-thread';

const phpFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? phpFiles(join(dir, entry.name)) : entry.name.endsWith('.php') ? [join(dir, entry.name)] : [],
  );

/** PHP single-quoted string literal → its value. */
const unquote = (literal) => literal.slice(1, -1).replace(/\\(['\\])/g, '$1');
const poString = (text) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

const STRING = String.raw`'(?:[^'\\]|\\.)*'`;
const CALL = new RegExp(
  String.raw`\b(__|_e|esc_html__|esc_html_e|esc_attr__|esc_attr_e|_x|_n)\(\s*(${STRING})\s*,\s*(${STRING})(?:\s*,\s*(${STRING}))?(?:\s*,\s*((?:[^,()]|\([^()]*\))+?))?(?:\s*,\s*(${STRING}))?\s*\)`,
  'g',
);

export function buildPot() {
  const entries = new Map();
  for (const file of phpFiles(plugin).sort()) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(CALL)) {
      const [, fn, first, second, third, fourth, fifth] = match;
      const line = source.slice(0, match.index).split('\n').length;
      let entry;
      if (fn === '_n') {
        if (!fifth || unquote(fifth) !== DOMAIN) continue;
        entry = { msgid: unquote(first), plural: unquote(second) };
      } else if (fn === '_x') {
        if (!third || unquote(third) !== DOMAIN) continue;
        entry = { msgid: unquote(first), context: unquote(second) };
      } else {
        if (unquote(second) !== DOMAIN) continue;
        entry = { msgid: unquote(first) };
      }
      const key = `${entry.context ?? ''}\u0004${entry.msgid}`;
      const known = entries.get(key) ?? { ...entry, references: [] };
      known.references.push(`${relative(plugin, file)}:${line}`);
      entries.set(key, known);
    }
  }
  let pot = `# Translation template of the Comment Thread WordPress plugin.
# This file is distributed under the same license as the plugin (MIT).
msgid ""
msgstr ""
"Project-Id-Version: Comment Thread\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"X-Domain: ${DOMAIN}\\n"
`;
  for (const entry of entries.values()) {
    pot += `\n#: ${entry.references.join(' ')}\n`;
    if (entry.context) pot += `msgctxt ${poString(entry.context)}\n`;
    pot += `msgid ${poString(entry.msgid)}\n`;
    pot += entry.plural ? `msgid_plural ${poString(entry.plural)}\nmsgstr[0] ""\nmsgstr[1] ""\n` : 'msgstr ""\n';
  }
  return { pot, count: entries.size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { pot, count } = buildPot();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {}
    if (current !== pot) {
      console.error(`${relative(root, target)} is out of date: run node scripts/wordpress/make-pot.mjs`);
      process.exit(1);
    }
    console.log(`${relative(root, target)}: ${count} strings, up to date`);
  } else {
    writeFileSync(target, pot);
    console.log(`${relative(root, target)}: ${count} strings`);
  }
}
