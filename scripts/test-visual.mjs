// Visual regression over every Storybook story, in every engine that can take a screenshot.
//
//   npm run test:visual [-- --update] [-- --engines chromium,firefox] [-- --no-build] [-- filter]
//
// Builds Storybook into .tmp/, serves it on 127.0.0.1, opens each story in each
// engine (scripts/test-visual-engines.mjs), waits until Storybook says the story
// finished (its play function reached the state it shows), and screenshots the
// story root (#storybook-root, cropped to the viewport). Each screenshot is
// compared with test/visual/baselines/<engine>/<story id>.png within the
// tolerance stated in scripts/test-visual-compare.mjs; a mismatch writes the
// screenshot and a diff image to .tmp/visual/<engine>/ for inspection.
//
// `--update` writes the screenshots as the new baselines instead (commit them
// with the change that meant to alter the look). Without it, a story with no
// baseline fails.
//
// Deterministic by construction: one viewport (800×900, scale 1); only the fonts
// of test/visual/fonts.conf (Debian's fonts-dejavu-core and fonts-droid-fallback);
// TZ=UTC and LANG=C.UTF-8; the clock frozen at FROZEN_NOW (relative times such as
// "1 month ago" do not age); the caret hidden; every CSS animation and transition
// finished or paused at its start before the screenshot.
//
// Self-test: the first story is captured again with a CSS change injected (a 1px
// shift, then one colour token), and each must be reported as a mismatch.
//
// `.wtr-results/visual.json` gets { passed, failed, skipped, failures }; the last
// line is "N passed, N failed, N skipped". One story in one engine is one test.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_HEIGHT, TOLERANCE, compare, crop, decode, encode, identical } from './test-visual-compare.mjs';
import { VIEWPORT, VISUAL_ENGINES, launchEngine } from './test-visual-engines.mjs';
import { startStaticServer } from './lib/static-server.mjs';
import { buildStorybook } from './lib/storybook-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, '.tmp', 'storybook-visual');
const artifacts = join(root, '.tmp', 'visual');
export const BASELINES = join(root, 'test', 'visual', 'baselines');
const resultsFile = join(root, '.wtr-results', 'visual.json');
const STORY_TIMEOUT = 180_000;

/** "Now" in every story: two months after the fixtures' comments (May 2024). */
export const FROZEN_NOW = Date.UTC(2024, 6, 1, 12, 0, 0);

/** The story the self-test changes (the first one with a baseline when it is filtered out). */
const SELF_TEST_STORY = 'comment-thread-states--seed-thread';
/** The changes the self-test injects; each must make that story mismatch its baseline. */
export const SELF_TEST_CHANGES = {
  'a 1px shift': '#storybook-root > * { position: relative; left: 1px; }',
  'one colour token': '#storybook-root * { --comment-thread-border-color: rgb(255, 0, 255); --comment-thread-accent-color: rgb(255, 0, 255); }',
};

/** Runs first in every story frame, before Storybook: a frozen clock and no caret. */
const PRELUDE = `<script>
(() => {
  const frozen = ${FROZEN_NOW};
  const start = performance.now();
  const now = () => frozen + Math.floor(performance.now() - start);
  const RealDate = Date;
  class FrozenDate extends RealDate {
    constructor(...args) { if (args.length === 0) super(now()); else super(...args); }
    static now() { return now(); }
  }
  globalThis.Date = FrozenDate;
})();
</script>
<style>*, *::before, *::after { caret-color: transparent !important; }</style>`;

const args = process.argv.slice(2);
const update = args.includes('--update');
const build = !args.includes('--no-build');
const enginesFlag = args.indexOf('--engines');
const engines = (enginesFlag >= 0 ? args[enginesFlag + 1] : process.env.VISUAL_ENGINES || VISUAL_ENGINES.join(','))
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const filter = args.find((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--engines');

function writeResults(results) {
  mkdirSync(join(root, '.wtr-results'), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
}
function fail(message) {
  writeResults({ passed: 0, failed: 1, skipped: 0, failures: [message] });
  console.log(`${message}\n0 passed, 1 failed, 0 skipped`);
  process.exit(1);
}

const unknown = engines.filter((name) => !VISUAL_ENGINES.includes(name));
if (unknown.length || !engines.length) fail(`Unknown engine(s) "${unknown.join(', ')}": choose from ${VISUAL_ENGINES.join(', ')}`);

if (build) {
  const status = buildStorybook(root, outDir);
  if (status !== null) fail(`storybook build failed (exit ${status})`);
}
if (!existsSync(join(outDir, 'index.json'))) fail('no built Storybook in .tmp/storybook-visual: run without --no-build');

// Every story's page gets the prelude (frozen clock, no caret, no animation) in its <head>.
const iframe = readFileSync(join(outDir, 'iframe.html'), 'utf8').replace(/<head>/i, (head) => `${head}${PRELUDE}`);
const { origin: base, close: closeServer } = await startStaticServer({
  root: outDir,
  headers: { 'cache-control': 'no-store' },
  handle: (_request, response, url) => {
    if (url.pathname !== '/iframe.html') return false;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(iframe);
    return true;
  },
});

const index = JSON.parse(readFileSync(join(outDir, 'index.json'), 'utf8'));
const stories = Object.values(index.entries)
  .filter((entry) => entry.type === 'story')
  .filter((entry) => !filter || entry.id.includes(filter));

/** Waits for Storybook's "finished" (the story rendered and its play function reached its state). */
async function finished(page) {
  const deadline = Date.now() + STORY_TIMEOUT;
  let phase;
  for (;;) {
    phase = await page.evaluate(() => globalThis.__STORYBOOK_PREVIEW__?.currentRender?.phase ?? null);
    if (['finished', 'errored', 'aborted'].includes(phase)) break;
    if (Date.now() > deadline) throw new Error(`story did not finish (phase ${phase})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (phase !== 'finished') throw new Error(`story ${phase}`);
}

/** In the page: inject `css` (the self-test), settle animations and fonts, return the root's box. */
async function settle(page, css) {
  return page.evaluate(async (css) => {
    if (css) {
      const style = document.createElement('style');
      style.textContent = css;
      document.head.append(style);
    }
    // Every animation and transition, in shadow roots too: finished, or (infinite) paused at its start.
    const all = [];
    const visit = (node) => {
      for (const element of node.querySelectorAll('*')) {
        all.push(...element.getAnimations());
        if (element.shadowRoot) visit(element.shadowRoot);
      }
    };
    visit(document);
    for (const animation of all) {
      try {
        animation.finish();
      } catch {
        animation.pause();
        animation.currentTime = 0;
      }
    }
    await document.fonts.ready;
    // A story that scrolled (to a focused field, say) may sit at a fractional offset, which moves
    // the anti-aliasing of every curve: whole pixels only.
    if (scrollX !== Math.round(scrollX) || scrollY !== Math.round(scrollY)) scrollTo(Math.round(scrollX), Math.round(scrollY));
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const rect = document.querySelector('#storybook-root').getBoundingClientRect();
    return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
  }, css ?? '');
}

/** How often, and how long at most, a story is screenshot until two screenshots in a row agree. */
const STABLE_INTERVAL_MS = 250;
const STABLE_TIMEOUT_MS = 15_000;

/**
 * One story's screenshot in one page: the story root, cropped to the viewport and MAX_HEIGHT.
 * A story can finish before everything it shows has arrived (the sign-in options of a form,
 * say), so it is screenshot again until two screenshots STABLE_INTERVAL_MS apart are identical.
 */
async function capture(page, story, css) {
  await page.goto(`${base}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story&globals=a11y.manual:!true`);
  await finished(page);
  const deadline = Date.now() + STABLE_TIMEOUT_MS;
  let previous;
  for (;;) {
    const rect = await settle(page, css);
    const shot = decode(await page.screenshot());
    if (shot.width !== VIEWPORT.width || shot.height !== VIEWPORT.height) {
      throw new Error(`viewport ${shot.width}×${shot.height}, expected ${VIEWPORT.width}×${VIEWPORT.height}`);
    }
    // An empty root (a story that rightly shows nothing) is kept as one row of pixels.
    const current = crop(shot, rect.x, rect.y, rect.width, Math.min(rect.height, MAX_HEIGHT));
    if (previous && identical(current, previous)) return current;
    if (Date.now() > deadline) throw new Error(`the story kept changing for ${STABLE_TIMEOUT_MS / 1000} s`);
    previous = current;
    css = '';
    await new Promise((resolve) => setTimeout(resolve, STABLE_INTERVAL_MS));
  }
}

function saveArtifacts(engine, story, actual, result) {
  const dir = join(artifacts, engine);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${story.id}.actual.png`), encode(actual));
  if (result?.diff) writeFileSync(join(dir, `${story.id}.diff.png`), encode(result.diff));
}

const results = { passed: 0, failed: 0, skipped: 0, failures: [] };
const record = (name, problem) => {
  if (problem) {
    results.failed++;
    results.failures.push(`${name}: ${problem}`);
    console.log(`✗ ${name}\n    ${problem}`);
  } else {
    results.passed++;
    console.log(`✓ ${name}`);
  }
};

const started = Date.now();
rmSync(artifacts, { recursive: true, force: true });
const env = { FONTCONFIG_FILE: join(root, 'test', 'visual', 'fonts.conf'), TZ: 'UTC', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
console.log(`tolerance: ${JSON.stringify(TOLERANCE)}; viewport ${VIEWPORT.width}×${VIEWPORT.height}`);
try {
  for (const engine of engines) {
    let browser;
    try {
      browser = await launchEngine(engine, env);
    } catch (error) {
      record(`[${engine}] browser`, `could not start: ${error.message}`);
      continue;
    }
    const dir = join(BASELINES, engine);
    if (update) mkdirSync(dir, { recursive: true });
    try {
      let page = await browser.open();
      for (const story of stories) {
        const name = `[${engine}] ${story.title} › ${story.name}`;
        const file = join(dir, `${story.id}.png`);
        let actual;
        try {
          actual = await capture(page, story);
        } catch (error) {
          record(name, error.message);
          // A stuck page is replaced, so one story cannot fail the rest.
          await page.close().catch(() => {});
          page = await browser.open();
          continue;
        }
        if (update) {
          writeFileSync(file, encode(actual));
          record(`${name} (baseline written)`);
          continue;
        }
        if (!existsSync(file)) {
          saveArtifacts(engine, story, actual);
          record(name, `no baseline ${file.slice(root.length)}: run \`npm run test:visual -- --update\` and commit it`);
          continue;
        }
        const result = compare(actual, decode(readFileSync(file)));
        if (!result.match) saveArtifacts(engine, story, actual, result);
        record(name, result.match ? '' : `${result.reason} (see .tmp/visual/${engine}/${story.id}.*.png)`);
      }
      // The self-test: a changed rendering must not match the baseline.
      const first =
        stories.find((story) => story.id === SELF_TEST_STORY && existsSync(join(dir, `${story.id}.png`))) ??
        stories.find((story) => existsSync(join(dir, `${story.id}.png`)));
      if (!update && first) {
        const baseline = decode(readFileSync(join(dir, `${first.id}.png`)));
        for (const [change, css] of Object.entries(SELF_TEST_CHANGES)) {
          const name = `[${engine}] self-test: ${change} in "${first.title} › ${first.name}" is detected`;
          try {
            const result = compare(await capture(page, first, css), baseline);
            record(name, result.match ? 'the changed rendering matched the baseline' : '');
          } catch (error) {
            record(name, error.message);
          }
        }
      }
      await page.close().catch(() => {});
    } finally {
      await browser.close().catch(() => {});
    }
  }
} finally {
  await closeServer();
}
if (!stories.length) record('stories', 'no stories found');
writeResults(results);
console.log(`\n${stories.length} stories × ${engines.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(results.failed ? 1 : 0);
