// The probe every bench page loads first, as a classic script in <head>: it
// records long tasks from the start, and watches frame by frame for the first
// comment to be visible and for the last top-level comment to be rendered.
// Times are milliseconds since navigation start (performance.now()).
(() => {
  const bench = (window.__bench = { marks: {}, longTasks: [], animationFrames: [], errors: [] });
  const observe = (type, push) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(push)).observe({ type, buffered: true });
    } catch {
      // Not supported in this browser: that list stays empty.
    }
  };
  observe('longtask', (entry) => bench.longTasks.push([entry.startTime, entry.duration]));
  // Long animation frames include style, layout and paint, which long tasks may not.
  observe('long-animation-frame', (entry) =>
    bench.animationFrames.push([entry.startTime, entry.duration, entry.blockingDuration]),
  );
  addEventListener('error', (event) => bench.errors.push(String(event.message)));
  addEventListener('unhandledrejection', (event) => bench.errors.push(String(event.reason?.stack ?? event.reason)));

  /**
   * Calls `then` in the first task after the frame being produced now (call it from
   * requestAnimationFrame): the frame's style, layout and paint are done by then. A task of
   * `user-blocking` priority, so that a task of the browser's own that was due already (Chromium's
   * autofill scans the page's forms 100 ms after a form appears, 150 ms on a 10,000-comment page)
   * does not run first and count as the frame's; a message where `scheduler` is missing.
   */
  function nextTask(then) {
    if (window.scheduler?.postTask) return void scheduler.postTask(then, { priority: 'user-blocking' });
    const channel = new MessageChannel();
    channel.port1.onmessage = () => then();
    channel.port2.postMessage(0);
  }
  bench.nextTask = nextTask;

  /** Records `name` once the frame being produced now has been presented (rAF, then a task after it). */
  function afterThisFrame(name, then) {
    nextTask(() => {
      bench.marks[name] = performance.now();
      then?.();
    });
  }
  bench.afterThisFrame = afterThisFrame;

  /**
   * Watches, once a frame: `root()` gives the node to search (a shadow root for
   * our element), `first` and `last` are selectors for the first comment and
   * the last top-level comment; `complete()`, when given, must also be true (our element renders
   * folded replies after the last top-level comment). Checking in requestAnimationFrame means a
   * comment counts from the first frame that can paint it, whatever rendered it.
   */
  bench.watch = ({ root, first, last, complete }) => {
    const tick = () => {
      const node = root();
      if (node && bench.marks.firstSeen === undefined) {
        const element = node.querySelector(first);
        if (element && element.getBoundingClientRect().top < innerHeight) {
          bench.marks.firstSeen = performance.now();
          afterThisFrame('firstVisible', () => window.__benchFirst?.());
        }
      }
      if (node && bench.marks.firstSeen !== undefined && node.querySelector(last) && (!complete || complete())) {
        bench.marks.lastSeen = performance.now();
        afterThisFrame('allRendered', () => window.__benchDone?.());
        return;
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };

  /** Every node in the document, shadow roots included, by kind. */
  bench.countNodes = () => {
    const counts = { nodes: 0, elements: 0, text: 0, blankText: 0, comments: 0, shadowRoots: 0 };
    const walk = (root) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        counts.nodes++;
        if (node.nodeType === Node.ELEMENT_NODE) {
          counts.elements++;
          if (node.shadowRoot) {
            counts.shadowRoots++;
            walk(node.shadowRoot);
          }
        } else if (node.nodeType === Node.TEXT_NODE) {
          counts.text++;
          // Whitespace between tags (template indentation): nodes nobody reads.
          if (!node.data.trim()) counts.blankText++;
        }
        else if (node.nodeType === Node.COMMENT_NODE) counts.comments++;
      }
    };
    walk(document);
    return counts;
  };

  bench.size = Number(new URLSearchParams(location.search).get('n')) || 100;
  /** The thread's shape (bench/shapes.mjs): the fixture server's records and APIs take it. */
  bench.shape = new URLSearchParams(location.search).get('shape') || 'classic';
})();
