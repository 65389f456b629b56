import { isServer, type ReactiveController, type ReactiveControllerHost } from 'lit';

/** Items in the first render at most (the host may ask for fewer): more than a screenful, quick to show. */
export const FIRST_ITEMS = 10;
/** …and in a server's render, which has no later chunks. */
export const SERVER_ITEMS = 40;
/** The main-thread time a later chunk aims at: under the 50 ms that make a long task. */
export const CHUNK_BUDGET_MS = 30;
export const CHUNK_MIN = 10;
export const CHUNK_MAX = 400;

/**
 * Renders a long list a chunk at a time: the first items (as many as the host's `first` says once
 * there is something to render), then — after the frame that shows them has painted — more in
 * tasks of their own, each sized from how long the last one took so that none becomes a long
 * task. Once all are in, what comes later renders at once. The host renders `items.slice(0, limit)`.
 */
export class ProgressiveRenderController implements ReactiveController {
  /** How many items are rendered: 0 until the first chunk is sized, then chunk by chunk, Infinity once all are in. */
  limit = isServer ? SERVER_ITEMS : 0;
  /** Items the next chunk adds. */
  chunk = FIRST_ITEMS;
  readonly #host: ReactiveControllerHost;
  readonly #total: () => number | undefined;
  readonly #first: () => number;
  #started = 0;
  #scheduled = false;

  /**
   * `total` says how many items there are, or `undefined` while there is nothing to render;
   * `first`, how many of them the first render shows: asked before each render until it says
   * some (0 while there are none), unless items were asked for with `include`; at most
   * {@link FIRST_ITEMS}.
   */
  constructor(host: ReactiveControllerHost, total: () => number | undefined, first: () => number) {
    this.#host = host;
    this.#total = total;
    this.#first = first;
    host.addController(this);
  }

  /** Starts again from the first chunk (a new list). */
  reset(): void {
    this.limit = 0;
    this.chunk = FIRST_ITEMS;
  }

  /** Makes sure the first `count` items are rendered. */
  include(count: number): void {
    this.limit = Math.max(this.limit, count);
  }

  hostUpdate(): void {
    // Sized once there are items, unless some were asked for (a server's render, a permalink).
    this.limit ||= this.#first();
  }

  hostUpdated(): void {
    if (this.#started) {
      const took = Math.max(1, performance.now() - this.#started);
      this.chunk = Math.min(CHUNK_MAX, Math.max(CHUNK_MIN, Math.round((this.chunk * CHUNK_BUDGET_MS) / took)));
      this.#started = 0;
    }
    this.#growLater();
  }

  /** Renders the next chunk in a later task, until all are in. */
  #growLater(): void {
    const total = this.#total();
    if (this.#scheduled || total === undefined) return;
    // All in: what comes later (a post, a live comment, the next page) is rendered at once.
    if (this.limit >= total) return void (this.limit = Infinity);
    this.#scheduled = true;
    const grow = () => {
      this.#scheduled = false;
      this.#started = performance.now();
      this.limit += this.chunk;
      this.#host.requestUpdate();
    };
    // After the frame that shows what is there (the first screen paints before more is added).
    afterFrame(grow);
  }
}

/**
 * Runs `then` in a task of its own after the next frame has painted. Pages without frames (a
 * background tab, a throttled frame) go on after a moment anyway.
 */
export function afterFrame(then: () => void): void {
  let scheduled = false;
  const next = () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(then, 0);
  };
  requestAnimationFrame(next);
  setTimeout(next, 100);
}
