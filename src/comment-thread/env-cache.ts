import type { CommentEnv } from './comment-env.js';

/**
 * The comment templates' environment, kept the same object while nothing it is made from changed
 * (only its clock moves), so that conversations whose memo holds are not described again.
 */
export class CommentEnvCache {
  #last?: { key: readonly unknown[]; env: CommentEnv };

  /** The environment for `key` (what it is made from) at `now`: the last one, or `make()`'s. */
  get(key: readonly unknown[], now: number, make: () => CommentEnv): CommentEnv {
    const last = this.#last;
    if (last && last.key.length === key.length && last.key.every((value, index) => value === key[index])) {
      last.env.now = now;
      return last.env;
    }
    const env = make();
    this.#last = { key, env };
    return env;
  }
}
