// BENCHMARKS.md as `npm run bench` writes it (bench/run.mjs): the machine, what is measured, each
// thread shape's statistics and results, the reply, the scroll run, find-in-page, the lazy form's
// focus-to-usable, issue 19's targets met or missed, the size (with bench/size-history.md, kept by
// hand, verbatim), bench/notes.md and the profile; the hand-kept block between the kept markers
// is carried over from the current file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUDGET_KB } from '../scripts/size.mjs';
import { CHUNK_BUDGET_MS, FIRST_ITEMS } from '../dist/controllers/progressive-render-controller.js';
import { cell, fixed, markdownTable } from './stats.mjs';
import { SCROLL_AT, SCROLL_LIMIT_MS, SETTLE_MS, VIEWPORT } from './measure.mjs';
import { GROUP } from '../dist/comment-thread/list-groups.js';
import { FIRST_COMMENTS } from '../dist/comment-thread/comment-template.js';
import { FIND_TARGETS, OURS_DISPLAY } from './shapes.mjs';
import { FRAME_MS, SIZE_BUDGET_KB } from './targets.mjs';
import { serverSection, withServerSection } from './server/report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BENCHMARKS = `${ROOT}BENCHMARKS.md`;
export const SIZE_HISTORY = `${ROOT}bench/size-history.md`;

export const KEPT_START = '<!-- bench:kept start -->';
export const KEPT_END = '<!-- bench:kept end -->';

/** BENCHMARKS.md as it is now ('' before the first run). */
export function currentReport() {
  return existsSync(BENCHMARKS) ? readFileSync(BENCHMARKS, 'utf8') : '';
}

/**
 * `next` (a freshly written report) with the block of `current` between the kept markers — the
 * sections other scripts' results are written into by hand (form focus, server rendering, the
 * redesign's before and after) — put back before its "## Size" section, or at the end.
 */
export function withKeptSections(next, current) {
  const start = current.indexOf(KEPT_START);
  const end = current.indexOf(KEPT_END);
  if (start < 0 || end < start) return next;
  const block = current.slice(start, end + KEPT_END.length);
  const at = next.indexOf('\n## Size\n');
  if (at < 0) return `${next.replace(/\n*$/, '\n\n')}${block}\n`;
  return `${next.slice(0, at + 1)}${block}\n\n${next.slice(at + 1)}`;
}

/**
 * What the report says of how a run measured and judged, from the constants that do it:
 * bench/results.json keeps its run's (`settings`), an older file gets today's.
 */
export const BENCH_SETTINGS = Object.freeze({
  settleMs: SETTLE_MS,
  scrollAt: SCROLL_AT,
  scrollLimitMs: SCROLL_LIMIT_MS,
  find: FIND_TARGETS,
  display: OURS_DISPLAY,
  firstItems: FIRST_ITEMS,
  firstComments: FIRST_COMMENTS,
  group: GROUP,
  chunkMs: CHUNK_BUDGET_MS,
  sizeTargetKB: SIZE_BUDGET_KB,
});

/**
 * BENCHMARKS.md after a run: the report from `data` (what `report` takes), with the hand-kept block
 * and the section `npm run bench:server` writes carried over from `current` (the file as it is).
 */
export function nextReport(data, current) {
  const next = withKeptSections(report(data), current);
  const server = serverSection(current);
  return server ? withServerSection(next, server) : next;
}

/** Rewrites BENCHMARKS.md from one run's data (`nextReport`). */
export function writeReport(data) {
  writeFileSync(BENCHMARKS, nextReport(data, currentReport()));
}

/** The whole report from one run's data (what bench/results.json holds) and the contenders. */
export function report({ info, summary, contenders, shapes, stats: threadStats, checks, profile, size, focus, paged, elapsed, plan, settings = BENCH_SETTINGS }) {
  const { settleMs, scrollAt, scrollLimitMs, find, display, firstItems, firstComments, group, chunkMs, sizeTargetKB } = settings;
  // Runs before the first render was sized in comments showed `firstItems` conversations.
  const firstRender = firstComments ? `conversations until they hold ${firstComments} comments (at most ${firstItems})` : `${firstItems} top-level comments`;
  const settled = `${settleMs / 1000} s after all rendered`;
  const scrollLimit = `${scrollLimitMs / 1000} s`;
  const lines = [];
  const push = (...more) => lines.push(...more);
  const sizesOf = (shape) => Object.keys(summary[shape] ?? {}).map(Number);
  push('# Benchmarks', '', 'Written by `npm run bench` (`node bench/run.mjs`); do not edit by hand — run it again.', '', '## Machine', '');
  push(`- CPU: ${info.cpu}, ${info.cores} cores`, `- Memory: ${info.memoryGB} GB`, `- OS: ${info.os}`);
  push(`- Browser: ${info.chromium}, headless (flags of \`web-test-runner.config.mjs\`), viewport ${VIEWPORT.width}×${VIEWPORT.height}`, `- Node ${info.node}`);
  push(`- Date: ${info.date}; commit ${info.commit} (with the working tree's \`dist/\` as built at ${info.distBuilt ?? 'unknown'}); the whole run took ${Math.round(elapsed)} s`);
  const loads = shapes.flatMap((shape) => sizesOf(shape).flatMap((at) => Object.values(summary[shape][at]).map((entry) => entry.loadAverage))).filter(Boolean);
  if (loads.length) {
    const low = Math.min(...loads.map((load) => load.min));
    const high = Math.max(...loads.map((load) => load.max));
    push(`- Load average (1 min) when runs started: ${low.toFixed(1)}–${high.toFixed(1)} on ${info.cores} cores${high > info.cores ? ' — **the machine was shared and busy: wall-clock times are inflated and noisy; the main-thread CPU rows and the ratios between interleaved runs are the steadier figures**' : ''}`);
  }
  push('', '## What is measured', '');
  push(`Three thread shapes (\`bench/shapes.mjs\`, each seeded: identical on every run and machine; every body carries a unique token \`zq<n>zq\` for find-in-page) are rendered by:`, '');
  push('- **`<comment-thread>`**: `dist/comment-thread.js` with `InMemoryProvider` (latency 0), `page-size` = thread size.');
  push('- **floor**: plain DOM calls with `marked` and `DOMPurify` (`bench/pages/floor.js`), the same information per comment, built off-document and inserted at once.');
  push(`- **Artalk ${summaryVersion(contenders, 'artalk')}** and **Waline ${summaryVersion(contenders, 'waline')}** from npm, against the fixture server's copies of their APIs on 127.0.0.1 (\`bench/server.mjs\`), with \`pageSize\` = thread size so the whole thread is shown. Artalk renders Markdown in the browser (marked + sanitiser), like us; Waline's server sends HTML, so Waline parses no Markdown in the page (the fixture server renders it with marked beforehand). Where a shape has avatar URLs (forum) every contender shows them, drawn by the fixture server (\`/bench/avatars/N.svg\`, nothing from the internet); otherwise peers show one local avatar image per comment, we and the floor initials.`);
  push('');
  push(`Runs per cell (${plan.describe}). Every run is a fresh browser context (cold caches), one page at a time, runs interleaved (ABCD ABCD …) after one untimed round. All contenders fetch the thread from the same local server after their script has loaded. Times are milliseconds from navigation start:`);
  push('');
  push('- **first comment visible**: the first comment is in the DOM, inside the viewport, and the frame that shows it has been produced (checked in `requestAnimationFrame`, stamped in the task after it).');
  push(`- **all rendered**: the same for the last top-level comment (oldest first, so the last thing rendered). Our element renders ${firstRender}, lets that frame paint, then the rest in chunks of about ${chunkMs} ms of work each; the others render everything in one go. Reply lists longer than ${display.foldLongerThan} fold behind “Show N more replies” in our element; the folded replies are rendered into the document (\`hidden="until-found"\`) after every conversation’s shown part, and for our element all rendered also waits until every comment is in its DOM (see “comments in DOM”). In Chromium (the bench's browser) our element's conversations ${group ? `come in groups of ${group}, and the groups after the first are` : `after the first ${firstItems} are`} \`content-visibility: auto\`: in the document from the start (find-in-page, permalinks, screen readers), but not styled, laid out or painted until scrolled near — a cost the scroll run pays instead; the others lay out everything at once.`);
  push(`- **long tasks**: \`PerformanceObserver\` \`longtask\` entries (> 50 ms) from navigation start until ${settled}: count, total and longest.`);
  push(`- **main-thread CPU**: CDP \`Performance.getMetrics\` (thread ticks) \`ThreadTime\` of the page’s main thread from navigation to ${settled}, with the share in style and layout (\`RecalcStyleDuration\` + \`LayoutDuration\`). Unlike wall-clock times it hardly moves when other processes compete for the CPU.`);
  push(`- **JS heap**: CDP \`Performance.getMetrics\` \`JSHeapUsedSize\` after a forced garbage collection, ${settled}.`);
  push('- **DOM nodes / comment**: every node of the document, shadow roots included (elements, text and comment nodes; Lit’s markers are comment nodes), divided by the comments in the DOM. Elements alone are given too.');
  push(`- **scroll run** (${scrollAt.toLocaleString('en-US')}, ours and the floor, first run of each shape): after all rendered and the measures above, from the top one viewport further down in every animation frame to the end of the document; the time between \`requestAnimationFrame\` callbacks is each frame’s duration (over 50 ms: a frame that took over 50 ms to show the newly scrolled-in comments), with the \`long-animation-frame\` entries meanwhile; it stops after ${scrollLimit} (the table says so).`);
  push(`- **find-in-page** (${scrollAt.toLocaleString('en-US')}, same runs): \`window.find(token)\` (case-sensitive, wrapping, selection cleared before each) for the tokens of ${find.spread} comments spread through the thread and of ${find.folded} that our element first shows folded behind “Show N more replies” (a reply list longer than ${display.foldLongerThan} shows ${display.shownWhenFolded}; replies deeper than ${display.maxDepth} levels follow their parent in its list, so long conversations fold too: \`oursFolded\` in \`bench/shapes.mjs\`). The floor shows every comment.`);
  push('', 'Medians, min–max in brackets, and the ratio to the floor’s median (“· 1.23×”).', '', '## Threads', '');
  push('| shape | comments | top-level | depth 2–4 | deeper | deepest | reply lists > 5 | body chars median / p90 | with list | with code | with link | with avatar | non-Latin names | days spanned |');
  push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const shape of shapes) {
    for (const at of sizesOf(shape)) {
      const t = threadStats[shape][at];
      push(`| ${shape} | ${at.toLocaleString('en-US')} | ${t.topLevel} | ${t.depth2to4} | ${t.deeper} | ${t.maxDepth} | ${t.withMoreThan5Replies} | ${t.bodyMedianChars} / ${t.bodyP90Chars} | ${t.withList} | ${t.withCode} | ${t.withLink} | ${t.withAvatar} | ${t.nonLatinNames} | ${t.spanDays} |`);
    }
  }
  push('', '## Results');
  for (const shape of shapes) {
    for (const at of sizesOf(shape)) {
      const sizeSummary = summary[shape][at];
      push('', `### ${shape}, ${at.toLocaleString('en-US')} comments`, '', markdownTable(sizeSummary, contenders));
      const errors = contenders.flatMap((contender) => (sizeSummary[contender.key]?.errors ?? []).map((error) => `${contender.key}: ${error}`));
      if (errors.length) push('', `Page errors: ${errors.join('; ').slice(0, 2000)}`);
    }
  }
  push('', '## A reply after the provider answers', '');
  push(`Our element, the thread fully rendered: Reply on the first comment, the form filled in, \`submit()\`. From \`postComment\` resolving to the new \`<article>\` being in the DOM (a \`MutationObserver\`), and to the frame that shows it (requestAnimationFrame, then the first task after that frame: a \`user-blocking\` \`scheduler.postTask\`, so that a browser task already due, such as Chromium's autofill scanning the page's forms, does not run first and count as the frame's). One frame is ${FRAME_MS.toFixed(1)} ms.`, '');
  push('| shape | comments | answer → in DOM, ms | answer → painted, ms |', '|---|---:|---:|---:|');
  for (const shape of shapes) {
    for (const at of sizesOf(shape)) {
      const ours = summary[shape][at].ours;
      if (ours?.replyToDom) push(`| ${shape} | ${at.toLocaleString('en-US')} | ${cell(ours.replyToDom, 1)} | ${cell(ours.replyToPaint, 1)} |`);
    }
  }
  push('', '## Scrolling and find-in-page', '');
  push('| shape | comments | contender | frames | longest frame, ms | 95th percentile, ms | frames over 50 ms | long animation frames | page height, px | found: spread | found: behind “Show N more replies” |');
  push('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const missed = [];
  for (const shape of shapes) {
    for (const [at, key] of sizesOf(shape).flatMap((n) => ['ours', 'floor'].map((k) => [n, k]))) {
      const entry = summary[shape][at]?.[key];
      if (!entry?.scroll && !entry?.find) continue;
      const where = Object.values(entry.find ?? {}).flatMap((group) => group.where ?? []);
      if (where.length) missed.push(`${shape}, ${key}: ${where.join('; ')}`);
      const s = entry.scroll;
      const f = entry.find;
      const found = (group) => (f?.[group] ? `${f[group].found} / ${f[group].asked}` : '—');
      push(`| ${shape} | ${at.toLocaleString('en-US')} | ${key} | ${s ? `${s.frames}${s.reachedEnd ? '' : ` (stopped at ${scrollLimit}, before the end)`}` : '—'} | ${s ? Math.round(s.longestFrame) : '—'} | ${s ? Math.round(s.p95Frame) : '—'} | ${s?.framesOver50 ?? '—'} | ${s?.longAnimationFrames ?? '—'} | ${s?.heightPx?.toLocaleString('en-US') ?? '—'} | ${found('spread')} | ${found('folded')} |`);
    }
  }
  if (missed.length) push('', `Not found: ${missed.join('. ')}.`);
  if (paged) {
    push('', '## The first screen over a paging backend', '');
    push(`\`bench/paged.mjs\` (run by \`npm run bench\`): our element with its default page size (${paged.pageSize}) on \`bench/pages/ours-paged.html\`, whose provider asks the bench server for one page of records at a time (in creation order, with a cursor), as the REST provider and WordPress do. The runs above hand every contender the whole thread in one page, as the peers get it. First comment visible, ms from navigation start: medians (min–max) of ${paged.runs} fresh contexts a size, the sizes interleaved; comments in the document when the first was seen.`, '');
    push('| shape | 100 | 10,000 | 10,000 ÷ 100 | comments shown at 100 / 10,000 |', '|---|---|---|---|---|');
    for (const [shape, bySize] of Object.entries(paged.shapes)) {
      const small = bySize[100]?.firstVisible;
      const large = bySize[10000]?.firstVisible;
      const range = (entry) => (entry ? `${fixed(entry.median, 0)} (${fixed(entry.min, 0)}–${fixed(entry.max, 0)})` : '—');
      push(`| ${shape} | ${range(small)} | ${range(large)} | ${small && large ? `${(large.median / small.median).toFixed(2)}×` : '—'} | ${bySize[100]?.shown ?? '—'} / ${bySize[10000]?.shown ?? '—'} |`);
    }
  }
  if (focus) {
    push('', '## The lazy form: focus-to-usable', '');
    push(`\`bench/form-focus.mjs\` (run by \`npm run bench\`): the one-script-tag page (\`test/fixtures/bundle-page.html\`) on a CPU throttled ${focus.cpuThrottling}× (CDP), the form's chunk preloaded when idle after the first comments; the reader clicks into the form's text box and types a letter: click → the letter shown in a painted frame. Medians of ${focus.runs} fresh contexts: **form ${focus.formMs.toFixed(1)} ms**, a plain \`<textarea>\` on the same page ${focus.floorMs.toFixed(1)} ms (${focus.ratio.toFixed(2)}×).`);
    if (focus.chunks) {
      push('', `The lazy chunks: the form was rendered (its chunks fetched, parsed and run when idle) ${Math.round(focus.formReadyAfterFirstMs)} ms after the first comments painted (median, polled once a frame). Chunks the page fetched by then, ms from navigation start (last run): ${focus.chunks.map((chunk) => `\`${chunk.name}\` ${Math.round(chunk.start)}–${Math.round(chunk.end)}`).join(', ')}. The dialogs' and the moderation chunks load only when first used and are not timed here.`);
    }
  }
  push('', '## Targets (issue 19)', '');
  push('Judged by `bench/targets.mjs` on the medians above, per thread shape where the target applies.', '');
  for (const check of checks) {
    const where = check.size ? `${check.shape}, ${check.size.toLocaleString('en-US')}` : 'all shapes';
    push(`- ${check.met ? '**met**' : '**missed**'} — ${where}: ${check.name}: ${check.measured}`);
  }
  if (size) {
    push('', '## Size', '');
    push(`What a page loads to show a thread and post as a guest in English (\`node scripts/size.mjs\`) in this run: \`dist/comment-thread.js\` and the chunks it imports statically, minified, gzip -9: **${size.totalKB.toFixed(1)} KB** (budget ${BUDGET_KB} KB${size.totalKB > BUDGET_KB ? `, over by ${(size.totalKB - BUDGET_KB).toFixed(1)} KB` : ''}; issue 19's target ${sizeTargetKB} KB). Artalk 2.9: 46.5 KB JS + 7.1 KB CSS; Waline 3.15: 94.6 KB JS + 4.8 KB CSS (measured the same way).`);
    if (existsSync(SIZE_HISTORY)) push('', '_From `bench/size-history.md`, kept by hand:_', '', readFileSync(SIZE_HISTORY, 'utf8').trim());
    push('', 'By package or source module (each module’s bytes gzipped alone, scaled to the real total):', '', '| package or module | ≈ KB gzip |', '|---|---:|');
    for (const group of size.groups.slice(0, 14)) push(`| ${group.name} | ${group.kb.toFixed(1)} |`);
    if (size.modules.some((module) => module.saves !== undefined)) {
      push('', 'What removing each of the largest modules would save (the bundle gzipped without its bytes):', '', '| module | saves, KB gzip |', '|---|---:|');
      for (const module of size.modules.slice(0, 14)) push(`| ${module.name} | ${(module.saves / 1000).toFixed(1)} |`);
    }
    if (size.dynamic?.length) push('', `Loaded on demand, not counted: ${size.dynamic.map((file) => `\`${file}\``).join(', ')}.`);
  }
  const notes = `${ROOT}bench/notes.md`;
  if (existsSync(notes)) {
    push('', '## What stands in the way', '', '_From `bench/notes.md`, written from the profiles and counts of the run it names; update it with the code._', '', readFileSync(notes, 'utf8').trim());
  }
  if (profile) {
    push('', '## Where our time goes (classic, 1,000 comments)', '', 'A CPU profile of our page from navigation start to all rendered, self time by source module (through the bundle’s source map):', '', '```', profile.text, '```');
  }
  push('');
  return lines.join('\n');
}

function summaryVersion(contenders, key) {
  return contenders.find((contender) => contender.key === key)?.label.split(' ').pop() ?? '';
}
