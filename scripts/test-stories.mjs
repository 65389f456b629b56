// node scripts/test-stories.mjs [--no-build] [filter]
// Builds Storybook into .tmp/, serves it on 127.0.0.1, and opens every story
// in headless Chromium. A story passes when it renders its element (a custom
// element of ours with a rendered shadow root), finishes (its play function,
// which waits for the state it shows, did not throw), logs no console errors
// or page errors, and axe-core finds no violation in it. One line per story;
// `.wtr-results/stories.json` gets `{ passed, failed, skipped, failures }`.
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROME_PATH } from './lib/chromium.mjs';
import { startStaticServer } from './lib/static-server.mjs';
import { buildStorybook } from './lib/storybook-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, '.tmp', 'storybook-test');
const resultsFile = join(root, '.wtr-results', 'stories.json');
const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const filter = args.find((arg) => !arg.startsWith('--'));
const STORY_TIMEOUT = 180_000;
const ELEMENTS = ['comment-thread', 'comment-form', 'login-picker', 'comment-count', 'comment-moderation'];


// axe rules that judge a whole page, not a component shown alone in a story frame.
const PAGE_LEVEL_RULES = ['region', 'landmark-one-main', 'page-has-heading-one', 'bypass', 'document-title', 'html-has-lang'];

function writeResults(results) {
  mkdirSync(join(root, '.wtr-results'), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
}

if (build) {
  const status = buildStorybook(root, outDir);
  if (status !== null) {
    writeResults({ passed: 0, failed: 1, skipped: 0, failures: [`storybook build failed (exit ${status})`] });
    console.log('\n0 passed, 1 failed, 0 skipped');
    process.exit(1);
  }
}
if (!existsSync(join(outDir, 'index.json'))) {
  writeResults({ passed: 0, failed: 1, skipped: 0, failures: ['no built Storybook (index.json missing)'] });
  console.log('no built Storybook in .tmp/storybook-test: run without --no-build');
  process.exit(1);
}

const { origin: base, close: closeServer } = await startStaticServer({ root: outDir });

const index = JSON.parse(readFileSync(join(outDir, 'index.json'), 'utf8'));
const stories = Object.values(index.entries)
  .filter((entry) => entry.type === 'story')
  .filter((entry) => !filter || entry.id.includes(filter));
const axeSource = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

const browser = await puppeteer.launch({
  executablePath: CHROME_PATH,
  headless: true,
  args: CHROMIUM_ARGS,
  // axe-core over the 1,000-comment story takes a while on two busy cores.
  protocolTimeout: 600_000,
});

/** Opens one story and returns the reasons it fails (none: it passed). */
async function check(story) {
  const problems = [];
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 1000, height: 800 });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    // The a11y addon's automatic run is switched off (globals a11y.manual): this script runs
    // axe-core itself once the story has finished, and two runs in one page collide.
    const url = `${base}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story&globals=a11y.manual:!true`;
    await page.goto(url, { waitUntil: 'load' });
    // Storybook renders, runs the play function (which waits for the state the story shows),
    // runs its own afterEach (the a11y addon), then reaches "finished".
    const phase = await page
      .waitForFunction(
        () => {
          const phase = globalThis.__STORYBOOK_PREVIEW__?.currentRender?.phase;
          return ['finished', 'errored', 'aborted'].includes(phase) && phase;
        },
        { timeout: STORY_TIMEOUT, polling: 50 },
      )
      .then((handle) => handle.jsonValue())
      .catch(() => 'timed out');
    if (phase !== 'finished') problems.push(`story ${phase}`);
    const errorText = await page.evaluate(() => {
      const shown = document.body.classList.contains('sb-show-errordisplay');
      return shown ? document.querySelector('#error-message')?.textContent?.trim() || 'error display shown' : '';
    });
    if (errorText) problems.push(`Storybook error: ${errorText}`);

    const rendered = await page.evaluate((tags) => {
      const root = document.querySelector('#storybook-root');
      const elements = root ? [...root.querySelectorAll(tags.join(','))] : [];
      return elements.map((element) => ({
        tag: element.localName,
        shadow: (element.shadowRoot?.childElementCount ?? 0) > 0,
      }));
    }, ELEMENTS);
    const expected = story.title.split('/')[0];
    const own = rendered.filter((element) => element.tag === expected);
    if (!own.length) problems.push(`no <${expected}> in the story`);
    else if (!own.every((element) => element.shadow)) problems.push(`<${expected}> rendered nothing`);

    // A long thread's off-screen conversations are laid out once scrolled near (content-visibility:
    // auto in Chromium); until then their height is an estimate that their content, laid out only
    // for axe's queries, overflows onto what follows. axe judges the page as a reader who has
    // scrolled through it meets it: every conversation at its real height.
    await page.evaluate(async () => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
        scrollTo(0, y);
        await frame();
      }
      scrollTo(0, 0);
      await frame();
    });
    await page.evaluate(axeSource);
    const violations = await page.evaluate(
      async (disabled) => {
        const rules = Object.fromEntries(disabled.map((id) => [id, { enabled: false }]));
        const result = await globalThis.axe.run(document.querySelector('#storybook-root'), {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
          rules,
          resultTypes: ['violations'],
        });
        return result.violations.map(
          (violation) => `${violation.id} (${violation.nodes.length}): ${violation.nodes[0]?.target.join(' > ')}`,
        );
      },
      PAGE_LEVEL_RULES,
    );
    for (const violation of violations) problems.push(`axe: ${violation}`);
  } catch (error) {
    problems.push(`test error: ${error.message}`);
  } finally {
    await page.close();
  }
  return problems;
}

const results = { passed: 0, failed: 0, skipped: 0, failures: [] };
const started = Date.now();
try {
  for (const story of stories) {
    const t0 = Date.now();
    const problems = await check(story);
    const name = `${story.title} › ${story.name}`;
    const ms = Date.now() - t0;
    if (problems.length) {
      results.failed++;
      results.failures.push(`story ${name}: ${problems.join('; ')}`);
      console.log(`✗ ${name} (${ms} ms)`);
      for (const problem of problems) console.log(`    ${problem}`);
    } else {
      results.passed++;
      console.log(`✓ ${name} (${ms} ms)`);
    }
  }
} finally {
  await browser.close();
  await closeServer();
}
if (!stories.length) {
  results.failed++;
  results.failures.push('no stories found');
}
writeResults(results);
console.log(`\n${stories.length} stories in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(results.failed ? 1 : 0);
