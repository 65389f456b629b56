import type { ReactiveControllerHost } from 'lit';
import type { ThreadModel } from '../model/thread-model.js';
import type { CommentRecord } from '../types.js';
import type { CommentEnv } from './comment-env.js';

/**
 * A moderator's tools inside `<comment-thread>`: once a thread has loaded and its provider says
 * the reader moderates (`isModerator()`), the code that shows the thread's held and reported
 * comments in place is loaded on demand (`./moderation-in-place.js`, which follows from then on).
 * Readers who do not moderate load none of it, and their provider is never asked for the queue.
 */
export class ModerationController {
  /** Changes whenever what a moderator sees changes (the comment templates' environment reads it). */
  version = 0;
  #asked?: object;
  #loaded?: {
    follow(): void;
    render(record: CommentRecord, env: CommentEnv): unknown;
  };

  constructor(host: ReactiveControllerHost, model: ThreadModel) {
    model.listen((change) => {
      const provider = model.connection.provider;
      if (change.kind !== 'loaded' || !provider?.isModerator || !provider.listModerationQueue || !provider.moderateComment) return;
      if (this.#loaded) return this.#loaded.follow();
      if (this.#asked === provider) return;
      this.#asked = provider;
      model
        .call((source, signal) => source.isModerator!({ signal }))
        .then(
          async (moderates) => {
            if (moderates !== true || this.#loaded) return;
            const { InPlaceModeration } = await import('./moderation-in-place.js');
            (this.#loaded ??= new InPlaceModeration(model, () => {
              this.version++;
              host.requestUpdate();
            })).follow();
          },
          () => undefined, // Not known to moderate: the thread shows as it does to anyone.
        );
    });
  }

  /** What a moderator sees and can do about `record` in place, or undefined (nothing to see). */
  render = (record: CommentRecord, env: CommentEnv): unknown => this.#loaded?.render(record, env);
}
