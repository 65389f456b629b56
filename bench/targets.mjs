// Issue 19's targets, judged from one run's summary (bench/stats.mjs `summarise`): for every
// thread shape where a target applies, met or missed with the figures it was judged on. A target
// whose figures are missing (a contender that did not finish, a measure that failed) is missed,
// never skipped silently; one whose size or shape was not run is not listed.
import { TARGET_KB as SIZE_BUDGET_KB } from '../scripts/size.mjs';
import { SCROLL_LIMIT_MS } from './measure.mjs';
import { fixed } from './stats.mjs';

/** One frame at 60 Hz. */
export const FRAME_MS = 1000 / 60;
export { SIZE_BUDGET_KB };
export const FOCUS_BUDGET_MS = 100;

const ms = (value) => (value === undefined ? '—' : `${fixed(value, 0)} ms`);
const times = (value) => `${value.toFixed(2)}×`;
/** The comments find-in-page missed, where they sit (bench/shapes.mjs `whereIn`). */
const missingIn = (find) => {
  const where = Object.values(find).flatMap((group) => group.where ?? group.missing ?? []);
  return where.length ? `; ours missed ${where.join(', ')}` : '';
};

/**
 * `summary[shape][size][contender]` → `[{ shape, size, name, measured, met }]`; `size` (the
 * bundle: `{ totalKB }`) and `focus` (form-focus: `{ formMs }`) are judged once, for every shape;
 * `paged` (bench/paged.mjs) per shape, beside the whole-thread runs' first screen at 10,000.
 */
export function judgeTargets(summary, { size, focus, paged } = {}) {
  const checks = [];
  const add = (shape, at, name, measured, met) => checks.push({ shape, size: at, name, measured, met: Boolean(met) });
  for (const [shape, bySize] of Object.entries(summary)) {
    const get = (at, key, metric) => bySize[at]?.[key]?.[metric]?.median;
    const ratioTo = (at, metric) => {
      const ours = get(at, 'ours', metric);
      const floor = get(at, 'floor', metric);
      return ours !== undefined && floor ? { ours, floor, ratio: ours / floor } : null;
    };
    const notDone = (at, key) => (bySize[at]?.[key]?.timedOut ? ` (${bySize[at][key].timedOut} of ${bySize[at][key].runs} runs not done in ${bySize[at][key].timeout / 1000} s)` : '');

    if (bySize[100]?.ours) {
      const first = ratioTo(100, 'firstVisible');
      const artalk = get(100, 'artalk', 'firstVisible');
      const waline = get(100, 'waline', 'firstVisible');
      add(
        shape, 100, 'first comment visible sooner than Artalk and Waline, and ≤ 1.3× the floor',
        `ours ${ms(first?.ours)}, floor ${ms(first?.floor)} (${first ? times(first.ratio) : '—'}), Artalk ${ms(artalk)}, Waline ${ms(waline)}`,
        first && artalk !== undefined && waline !== undefined && first.ours < artalk && first.ours < waline && first.ratio <= 1.3,
      );
      const cpu = ratioTo(100, 'cpuMain');
      add(shape, 100, 'main-thread CPU ≤ 1.5× the floor', cpu ? `ours ${ms(cpu.ours)}, floor ${ms(cpu.floor)}: ${times(cpu.ratio)}` : 'not measured', cpu && cpu.ratio <= 1.5);
    }

    if (bySize[1000]?.ours) {
      const ours = get(1000, 'ours', 'firstVisible');
      const artalk = get(1000, 'artalk', 'firstVisible');
      const waline = get(1000, 'waline', 'firstVisible');
      add(
        shape, 1000, 'first comment visible ≥ 5× sooner than Artalk and Waline',
        ours && artalk && waline ? `ours ${ms(ours)}; Artalk ${ms(artalk)} (${(artalk / ours).toFixed(1)}×), Waline ${ms(waline)} (${(waline / ours).toFixed(1)}×)` : `ours ${ms(ours)}, Artalk ${ms(artalk)}, Waline ${ms(waline)}`,
        ours && artalk && waline && artalk / ours >= 5 && waline / ours >= 5,
      );
      const cpu = ratioTo(1000, 'cpuMain');
      add(shape, 1000, 'every comment rendered within 1.3× the floor’s main-thread CPU', cpu ? `ours ${ms(cpu.ours)}, floor ${ms(cpu.floor)}: ${times(cpu.ratio)}${notDone(1000, 'ours')}` : `not measured${notDone(1000, 'ours')}`, cpu && cpu.ratio <= 1.3 && !bySize[1000].ours.timedOut);
      const nodes = get(1000, 'ours', 'nodesPerComment');
      add(
        shape, 1000, '≤ 40 DOM nodes per comment',
        nodes === undefined ? 'not measured' : `ours ${nodes.toFixed(1)}; floor ${get(1000, 'floor', 'nodesPerComment')?.toFixed(1) ?? '—'}, Artalk ${get(1000, 'artalk', 'nodesPerComment')?.toFixed(1) ?? '—'}, Waline ${get(1000, 'waline', 'nodesPerComment')?.toFixed(1) ?? '—'}`,
        nodes !== undefined && nodes <= 40,
      );
      // Same thread, same number of comments: heap per comment compares as the heap itself.
      const heap = get(1000, 'ours', 'heapMB');
      const artalkHeap = get(1000, 'artalk', 'heapMB');
      add(
        shape, 1000, 'retained heap per comment ≤ Artalk’s',
        heap && artalkHeap ? `ours ${heap.toFixed(1)} MB (${((heap * 1024) / 1000).toFixed(1)} KB/comment), Artalk ${artalkHeap.toFixed(1)} MB (${((artalkHeap * 1024) / 1000).toFixed(1)} KB/comment)` : `ours ${heap?.toFixed(1) ?? '—'} MB, Artalk ${artalkHeap?.toFixed(1) ?? '—'} MB`,
        heap && artalkHeap && heap <= artalkHeap,
      );
      const paint = get(1000, 'ours', 'replyToPaint');
      add(shape, 1000, `a reply painted ≤ ${FRAME_MS.toFixed(1)} ms after the provider answers`, paint === undefined ? 'not measured' : `${paint.toFixed(1)} ms (in the DOM after ${get(1000, 'ours', 'replyToDom')?.toFixed(1)} ms)`, paint !== undefined && paint <= FRAME_MS);
    }

    if (bySize[10000]?.ours) {
      const small = get(100, 'ours', 'firstVisible');
      const large = get(10000, 'ours', 'firstVisible');
      add(
        shape, 10000, 'first screen ≤ 1.10× the time at 100, the whole thread in one page (as the peers get it)',
        `10,000: ${ms(large)}, 100: ${ms(small)}${small && large ? ` (${times(large / small)})` : ''}`,
        small && large && large / small <= 1.1,
      );
      const pagedAt = paged?.shapes?.[shape];
      if (pagedAt) {
        const small = pagedAt[100]?.firstVisible?.median;
        const large = pagedAt[10000]?.firstVisible?.median;
        add(
          shape, 10000, `first screen ≤ 1.10× the time at 100, paged (page size ${paged.pageSize}, one page at a time from the server)`,
          `10,000: ${ms(large)}, 100: ${ms(small)}${small && large ? ` (${times(large / small)})` : ''}${pagedAt[10000]?.timedOut ? `; ${pagedAt[10000].timedOut} of ${paged.runs} runs showed nothing in time` : ''}`,
          small && large && large / small <= 1.1 && !pagedAt[10000].timedOut && !pagedAt[100]?.timedOut,
        );
      }
      const cpu = ratioTo(10000, 'cpuMain');
      const wall = ratioTo(10000, 'allRendered');
      add(
        shape, 10000, 'every comment rendered within 1.5× the floor (main-thread CPU; wall clock beside it)',
        cpu ? `CPU ours ${ms(cpu.ours)}, floor ${ms(cpu.floor)}: ${times(cpu.ratio)}; wall ${wall ? `${ms(wall.ours)} vs ${ms(wall.floor)}: ${times(wall.ratio)}` : '—'}${notDone(10000, 'ours')}` : `not measured${notDone(10000, 'ours')}`,
        cpu && cpu.ratio <= 1.5 && !bySize[10000].ours.timedOut,
      );
      const paint = get(10000, 'ours', 'replyToPaint');
      add(shape, 10000, 'a reply painted ≤ 50 ms after the provider answers', paint === undefined ? 'not measured' : `${paint.toFixed(1)} ms`, paint !== undefined && paint <= 50);
      const scroll = bySize[10000].ours.scroll;
      const floorScroll = bySize[10000].floor?.scroll;
      const describe = (run) => `longest frame ${ms(run.longestFrame)}, ${run.framesOver50} of ${run.frames} frames over 50 ms${run.reachedEnd ? '' : ` (stopped before the end: the ${SCROLL_LIMIT_MS / 1000} s limit was up)`}`;
      add(
        shape, 10000, 'scrolling the whole thread without a frame over 50 ms',
        scroll ? `ours ${describe(scroll)}; floor ${floorScroll ? describe(floorScroll) : '—'}` : 'not measured',
        scroll && scroll.reachedEnd && scroll.framesOver50 === 0,
      );
      const find = bySize[10000].ours.find;
      const floorFind = bySize[10000].floor?.find;
      const count = (result) => Object.entries(result).map(([group, { found, asked }]) => `${found}/${asked} ${group}`).join(', ');
      add(
        shape, 10000, 'find-in-page (`window.find`) finds text in any comment',
        find ? `ours ${count(find)}; floor ${floorFind ? count(floorFind) : '—'}${missingIn(find)}` : 'not measured',
        find && Object.values(find).every(({ found, asked }) => found === asked),
      );
    }
  }
  if (size) add('all', null, `first load ≤ ${SIZE_BUDGET_KB} KB gzip`, `${size.totalKB.toFixed(1)} KB`, size.totalKB <= SIZE_BUDGET_KB);
  if (focus) {
    add('all', null, `form focus-to-usable < ${FOCUS_BUDGET_MS} ms (CPU throttled ${focus.cpuThrottling}×, after idle preloading)`, `${ms(focus.formMs)} (a plain <textarea>: ${ms(focus.floorMs)})`, focus.formMs < FOCUS_BUDGET_MS);
  }
  return checks;
}
