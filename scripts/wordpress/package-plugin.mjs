// Packages the WordPress plugin: wordpress/plugin/comment-thread/ plus the element's bundle
// (dist/comment-thread.js and any chunks it loads from beside itself) in assets/, as
// .tmp/comment-thread-plugin/comment-thread/ and .tmp/comment-thread-plugin/comment-thread.zip.
// Run `npm run build` first. The bundle is copied, never committed into wordpress/.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Copies the plugin and the bundle into `target` (a folder that becomes wp-content/plugins/comment-thread). */
export function assemblePlugin(target, { requireBundle = true } = {}) {
  const dist = join(root, 'dist');
  const bundle = join(dist, 'comment-thread.js');
  if (requireBundle && !existsSync(bundle)) throw new Error('No dist/comment-thread.js: run `npm run build` first.');
  rmSync(target, { recursive: true, force: true });
  cpSync(join(root, 'wordpress', 'plugin', 'comment-thread'), target, { recursive: true });
  if (!existsSync(bundle)) return false;
  const assets = join(target, 'assets');
  mkdirSync(assets, { recursive: true });
  // The bundle and the chunks rollup writes beside it (never the per-module tsc output).
  for (const name of readdirSync(dist)) {
    const source = join(dist, name);
    // The thread's bundle, and the moderation element's for Comments → Comment Thread queue.
    if (name === 'comment-thread.js' || name === 'comment-moderation.js') cpSync(source, join(assets, name));
    else if (name === 'chunks' && statSync(source).isDirectory()) {
      cpSync(source, join(assets, name), { recursive: true, filter: (file) => !file.endsWith('.map') });
    }
  }
  // The source maps stay out of the plugin (1.6 MB beside a 0.2 MB bundle), and so do the
  // comments naming them: a browser's developer tools would ask for the missing files.
  for (const file of jsFiles(assets)) {
    const text = readFileSync(file, 'utf8');
    const stripped = text.replace(SOURCE_MAP_COMMENT, '');
    if (stripped !== text) writeFileSync(file, stripped);
  }
  return true;
}

/** A `//# sourceMappingURL=…` line (not a data: URL, which carries its map inside). */
const SOURCE_MAP_COMMENT = /^\/\/# sourceMappingURL=(?!data:)\S+[ \t]*$\n?/gm;

/** Every .js file under a folder. @param {string} folder @returns {string[]} */
function jsFiles(folder) {
  return readdirSync(folder, { recursive: true })
    .map((name) => join(folder, String(name)))
    .filter((file) => file.endsWith('.js') && statSync(file).isFile());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = join(root, '.tmp', 'comment-thread-plugin');
  mkdirSync(out, { recursive: true });
  const folder = join(out, 'comment-thread');
  assemblePlugin(folder);
  const zipFile = join(out, 'comment-thread.zip');
  rmSync(zipFile, { force: true });
  const zip = spawnSync('zip', ['-qr', zipFile, 'comment-thread'], { cwd: out });
  if (zip.error || zip.status !== 0) {
    execFileSync('python3', ['-m', 'zipfile', '-c', zipFile, 'comment-thread'], { cwd: out });
  }
  console.log(`plugin: ${folder}\nzip:    ${zipFile}`);
}
