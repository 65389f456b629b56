// `npm run bench:redos`: every near-miss input family (test/redos/families.ts) through every body
// pipeline (test/redos/pipelines.ts: marked + DOMPurify, DOMPurify alone, turndown) in headless
// Chromium, at each size. Prints per family and pipeline the time at each size (best of --reps),
// the worst time, and the growth ratio between sizes (each size is twice the one before: about 2
// for linear work, 4 for quadratic), then the worst input of the run. test/redos/parsers.test.ts
// bounds the same inputs in `npm test`; SECURITY.md records the worst input found.
//
// Options: --reps=3   --only=substring (families whose name contains it)   --timeout=10000 (ms per input)
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browser.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const option = (name, fallback) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const REPS = Number(option('reps', 3));
const ONLY = option('only', '');
const TIMEOUT_MS = Number(option('timeout', 10_000));

/** The pipelines and families as one script for the page. */
async function bundle() {
  const result = await build({
    stdin: {
      contents: `import { FAMILIES, PIPELINES, SIZES, measure } from './test/redos/pipelines.ts';
        window.__redos = {
          families: FAMILIES.map((f) => ({ name: f.name, construct: f.construct })),
          pipelines: Object.keys(PIPELINES),
          sizes: [...SIZES],
          measure: (name, pipeline, size) => measure(FAMILIES.find((f) => f.name === name), pipeline, size),
        };`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

const format = (ms) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

async function main() {
  const script = await bundle();
  const browser = await launchBrowser();
  let page;
  const openPage = async () => {
    page = await browser.newPage();
    await page.setContent('<!doctype html><title>near-miss inputs</title>');
    await page.addScriptTag({ content: script });
  };
  await openPage();
  const { families, pipelines, sizes } = await page.evaluate(() => ({
    families: window.__redos.families,
    pipelines: window.__redos.pipelines,
    sizes: window.__redos.sizes,
  }));
  console.log(`Near-miss inputs, headless Chromium, best of ${REPS}; sizes ${sizes.join(', ')} characters; ms per input.\n`);
  let worst = { ms: -1 };
  const rows = [];
  for (const family of families.filter((f) => f.name.includes(ONLY))) {
    for (const pipeline of pipelines) {
      const times = [];
      let error;
      for (const size of sizes) {
        let best = Infinity;
        let last;
        for (let rep = 0; rep < REPS; rep++) {
          let timer;
          const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(null), TIMEOUT_MS)));
          const result = await Promise.race([page.evaluate((...args) => window.__redos.measure(...args), family.name, pipeline, size), timeout]);
          clearTimeout(timer);
          if (!result) {
            // Hung past the limit: a new page for the next input, this size counts as over the limit.
            await page.close().catch(() => {});
            await openPage();
            best = Infinity;
            break;
          }
          error ??= result.error;
          if (result.ms < best) best = result.ms;
          last = result;
        }
        if (best > worst.ms) worst = { family: family.name, pipeline, size, ...last, ms: best };
        times.push(best);
        if (!Number.isFinite(best)) break;
      }
      const ratios = times.slice(1).map((t, i) => t / Math.max(times[i], 0.1));
      rows.push({ family, pipeline, times, ratios, error });
      console.log(
        `${family.construct} · ${family.name} · ${pipeline}: ${times.map((t) => (Number.isFinite(t) ? format(t) : `>${TIMEOUT_MS}`)).join(' / ')} ms;` +
          ` worst ${Number.isFinite(Math.max(...times)) ? format(Math.max(...times)) : `>${TIMEOUT_MS}`} ms;` +
          ` growth ×${ratios.map((r) => r.toFixed(1)).join(' ×')}${error ? ` (threw: ${error.slice(0, 80)})` : ''}`,
      );
    }
  }
  await browser.close();
  // The steepest growth among inputs that take long enough to measure (1 ms or more at the largest size).
  const steep = rows
    .filter((row) => row.times.at(-1) >= 1)
    .map((row) => ({ ...row, last: row.ratios.at(-1) ?? 0 }))
    .sort((a, b) => b.last - a.last)
    .slice(0, 5);
  console.log('\nSteepest growth at the largest size (×2 per doubling is linear, ×4 quadratic):');
  for (const row of steep) console.log(`  ×${row.last.toFixed(1)}  ${row.family.name} · ${row.pipeline} (${format(row.times.at(-1))} ms)`);
  const worstTime = Number.isFinite(worst.ms) ? `${format(worst.ms)} ms` : `over ${TIMEOUT_MS} ms (stopped)`;
  console.log(`\nWorst input: ${worst.family} · ${worst.pipeline}, about ${worst.size} characters: ${worstTime}${worst.error ? ` (threw: ${worst.error})` : ''}`);
}

await main();
