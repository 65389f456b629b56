// Server rendering for the browser tests, in web-test-runner's Node process, with the built
// `dist/ssr/render-thread.js` (npm test builds first):
//
// - GET /__ssr/thread?provider=NAME[&capabilities=memory|none][&folded=1]: the seed thread's `<comment-thread>`
//   (with `folded=1`, seven more replies to c1: `seedComments(true)`)
//   (declarative shadow DOM + embedded page). `capabilities=memory` renders the controls of an
//   `InMemoryProvider` (for a page that registers one under NAME), `none` those of no provider;
//   by default those of the provider the shipped factory NAME makes.
// - GET /__ssr/page?bundle=hydrate|plain: a whole page with that thread (provider="memory" and the
//   seed file), the script-tag bundle `dist/comment-thread-hydrate.js` or `dist/comment-thread.js`
//   loaded as a module (so after parsing), and inline scripts that record, before any of our
//   JavaScript runs, the server's nodes and where they are, layout shifts, and console warnings.
import { readFileSync } from 'node:fs';

const seed = JSON.parse(readFileSync(new URL('../fixtures/myth-of-networking.json', import.meta.url), 'utf8'));

/** The seed thread with, given `folded`, seven more replies to c1: a list that folds. */
export function seedComments(folded) {
  if (!folded) return seed.comments;
  const replies = Array.from({ length: 7 }, (_, i) => ({
    ...seed.comments[1],
    id: `f${i + 1}`,
    parentId: 'c1',
    createdAt: `2011-03-15T09:0${i}:00Z`,
    body: `Folded reply aardvark${i + 1}`,
  }));
  return [...seed.comments, ...replies];
}

async function renderSeed(context, { provider, endpoint, capabilities, folded }) {
  const { renderThread } = await import('../../dist/ssr/render-thread.js');
  let members;
  if (capabilities === 'memory') {
    const { InMemoryProvider } = await import('../../dist/providers/memory-provider.js');
    members = new InMemoryProvider();
  } else if (capabilities === 'none') {
    members = { listComments: async () => ({ comments: [], nextCursor: null }), postComment: async () => ({}) };
  }
  return renderThread({
    id: 'thread',
    threadId: seed.thread.id,
    threadTitle: seed.thread.title,
    maxDepth: seed.maxDepth,
    page: { comments: seedComments(folded), total: seedComments(folded).length, nextCursor: null },
    provider,
    endpoint,
    capabilities: members,
    baseUrl: `http://${context.host}/`,
  });
}

/** What the page records before any module script (ours) has run. */
const BEFORE_SCRIPTS = `<script>
  window.__console = [];
  for (const level of ['error', 'warn']) {
    const original = console[level].bind(console);
    console[level] = (...args) => { window.__console.push(level + ': ' + args.map(String).join(' ')); original(...args); };
  }
  window.addEventListener('error', (event) => window.__console.push('uncaught: ' + (event.message || event.target?.src)), true);
  window.addEventListener('unhandledrejection', (event) => window.__console.push('unhandled: ' + event.reason));
  window.__shifts = [];
  window.__layoutShiftObserved = PerformanceObserver.supportedEntryTypes.includes('layout-shift');
  if (window.__layoutShiftObserved) {
    new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.__shifts.push(entry.value); })
      .observe({ type: 'layout-shift', buffered: true });
  }
</script>`;

const AFTER_THREAD = `<script>
  (() => {
    const thread = document.querySelector('comment-thread');
    const root = thread.shadowRoot;
    const nodes = [...root.querySelectorAll('h2, article, [part~="body"], [part~="reply-button"]')];
    window.__before = {
      defined: customElements.get('comment-thread') !== undefined,
      root,
      nodes,
      rects: nodes.map((node) => node.getBoundingClientRect().toJSON()),
    };
  })();
</script>`;

export async function ssrMiddleware(context, next) {
  if (context.path === '/__ssr/thread') {
    context.type = 'text/html';
    context.body = await renderSeed(context, {
      provider: context.query.provider || 'memory',
      capabilities: context.query.capabilities,
      folded: context.query.folded === '1',
    });
    return;
  }
  if (context.path === '/__ssr/page') {
    const bundle = context.query.bundle === 'plain' ? 'comment-thread' : 'comment-thread-hydrate';
    const thread = await renderSeed(context, { provider: 'memory', endpoint: '/test/fixtures/myth-of-networking.json' });
    context.type = 'text/html';
    context.set('cache-control', 'no-store');
    context.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Server-rendered thread</title>
${BEFORE_SCRIPTS}</head><body style="margin:0;font:16px/1.5 sans-serif">
<main style="max-width:40rem">${thread}</main><p id="after">After the thread.</p>
${AFTER_THREAD}
<script type="module" src="/dist/${bundle}.js"></script></body></html>`;
    return;
  }
  return next();
}
