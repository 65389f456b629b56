// Where our element's time goes: a CPU profile of ours.html from navigation
// start to all rendered, self time grouped by source module through the
// bundle's source maps (dist/*.js.map), and the hottest functions.
//
//   node bench/profile.mjs [size=1000] [--page=ours.html] [--shape=classic|blog|forum] [--first | --reply]
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { landmarks } from './fixture.mjs';
import { generateShape } from './shapes.mjs';
import { startServer } from './server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const maps = new Map();

/** The source map of a script served from dist/ (the entry or any chunk), if it has one. */
function sourceMapFor(url, origin, distDir) {
  if (!url.startsWith(`${origin}/dist/`)) return null;
  if (!maps.has(url)) {
    const file = `${distDir}${url.slice(`${origin}/dist/`.length).split('?')[0]}.map`;
    maps.set(url, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : null);
  }
  return maps.get(url);
}

/** `src/x.ts` for our modules, the package name for npm ones. */
function readable(source) {
  const path = source.replace(/^.*?(?=node_modules\/|$)/, '');
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
  if (inPackage) return inPackage[1];
  const ours = /(?:^|\/)((?:[\w-]+\/)*[\w-]+)\.js$/.exec(source);
  return ours ? `src/${ours[1]}.ts` : path;
}

/**
 * `phase` 'load': from navigation start to all rendered. 'first': from
 * navigation start to the first comment visible. 'reply': the thread
 * rendered, from posting a reply (ours.html's measureReply) to it being painted.
 */
export async function profileOurs(browser, origin, size = 1000, page = 'ours.html', phase = 'load', distDir = `${ROOT}dist/`, shape = 'classic') {
  const marks = landmarks(generateShape(shape, size));
  maps.clear();
  const context = await browser.createBrowserContext();
  try {
    const tab = await context.newPage();
    await tab.setViewport({ width: 1000, height: 900 });
    let done;
    const finished = new Promise((resolve) => (done = resolve));
    await tab.exposeFunction('__benchDone', () => done());
    let firstShown;
    const shown = new Promise((resolve) => (firstShown = resolve));
    await tab.exposeFunction('__benchFirst', () => firstShown());
    const cdp = await tab.createCDPSession();
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    if (phase !== 'reply') await cdp.send('Profiler.start');
    await tab.goto(`${origin}/bench/pages/${page}?n=${size}&shape=${shape}&first=${marks.firstId}&last=${marks.lastRootId}`);
    let span;
    if (phase === 'first') {
      await shown;
      const first = await tab.evaluate(() => window.__bench.marks.firstVisible);
      span = `first comment visible at ${first.toFixed(0)} ms (the profile stops a moment later: a chunk may slip in)`;
    } else await finished;
    if (phase === 'reply') {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await cdp.send('Profiler.start');
      const reply = await tab.evaluate(() => window.__bench.measureReply());
      span = `reply: answer → in DOM ${reply.answerToDom.toFixed(1)} ms, → painted ${reply.answerToPaint.toFixed(1)} ms; profile covers the whole post`;
    }
    const { profile } = await cdp.send('Profiler.stop');
    const allRendered = await tab.evaluate(() => window.__bench.marks.allRendered);

    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const self = new Map();
    for (let i = 0; i < profile.samples.length; i++) {
      const id = profile.samples[i];
      self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    }
    const modules = new Map();
    const functions = new Map();
    let total = 0;
    for (const [id, ms] of self) {
      const { callFrame } = byId.get(id);
      const { url, functionName, lineNumber, columnNumber } = callFrame;
      let where;
      let name = functionName || '(anonymous)';
      if (!url) where = functionName.startsWith('(') ? functionName : '(native)';
      else if (sourceMapFor(url, origin, distDir)) {
        const entry = sourceMapFor(url, origin, distDir).findEntry(lineNumber, columnNumber);
        where = entry?.originalSource ? readable(entry.originalSource) : url.replace(origin, '');
        if (entry?.name) name = entry.name;
      } else where = url.replace(origin, '');
      if (where === '(idle)') continue;
      total += ms;
      modules.set(where, (modules.get(where) ?? 0) + ms);
      const key = `${name} — ${where}`;
      functions.set(key, (functions.get(key) ?? 0) + ms);
    }
    const top = (entries, count) =>
      [...entries]
        .sort((a, b) => b[1] - a[1])
        .slice(0, count)
        .map(([key, ms]) => `${ms.toFixed(0).padStart(6)} ms ${((ms / total) * 100).toFixed(0).padStart(3)} %  ${key}`)
        .join('\n');
    const text = [
      span ?? `busy ${total.toFixed(0)} ms of ${allRendered.toFixed(0)} ms to all rendered`,
      `("(program)" is the browser's own work: style, layout, paint, parsing HTML; busy ${total.toFixed(0)} ms)`,
      '',
      'by module:',
      top(modules, 14),
      '',
      'hottest functions (self time):',
      top(functions, 14),
    ].join('\n');
    return { text, modules: Object.fromEntries(modules), total };
  } finally {
    await context.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { launchBrowser } = await import('./browser.mjs');
  const size = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 1000);
  const page = process.argv.find((arg) => arg.startsWith('--page='))?.slice(7) ?? 'ours.html';
  const shape = process.argv.find((arg) => arg.startsWith('--shape='))?.slice(8) ?? 'classic';
  const phase = process.argv.includes('--reply') ? 'reply' : process.argv.includes('--first') ? 'first' : 'load';
  const server = await startServer({ snapshot: true });
  const browser = await launchBrowser();
  try {
    // One untimed load first: the browser's own start-up is not ours.
    await profileOurs(browser, server.origin, 100, page, 'load', server.distDir);
    console.log((await profileOurs(browser, server.origin, size, page, phase, server.distDir, shape)).text);
  } finally {
    await browser.close();
    await server.close();
  }
}
