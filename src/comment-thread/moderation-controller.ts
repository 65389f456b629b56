import type { ReactiveControllerHost } from 'lit';
import type { ThreadModel } from '../model/thread-model.js';
import type { CommentRecord } from '../types.js';
import type { CommentEnv } from './comment-env.js';

/** Whether the reader moderates through `provider`: one cached answer per provider, shared by the hook and the in-place view. */
export type Moderates = (provider: object) => Promise<boolean>;

/** What the thread reads of its moderator's tools. */
export interface ModerationHook {
  /** Changes whenever what a moderator sees changes (the comment templates' environment reads it). */
  version: number;
  /** What a moderator sees and can do about `record` in place, or undefined (nothing to see). */
  render(record: CommentRecord, env: CommentEnv): unknown;
}

/**
 * A moderator's tools inside `<comment-thread>`: once a thread has loaded and its provider says
 * the reader moderates (`isModerator()`, asked once per provider), the code that shows the
 * thread's held and reported comments in place is loaded on demand (`./moderation-in-place.js`,
 * which follows from then on, and stops when the element leaves the document). Readers who do not
 * moderate load none of it, and their provider is never asked for the queue.
 */
export function moderationInPlace(host: ReactiveControllerHost, model: ThreadModel): ModerationHook {
  /** Each provider's answer to `isModerator()`, asked once; one that failed is forgotten (asked again at the next load). */
  const answers = new WeakMap<object, Promise<boolean>>();
  const moderates: Moderates = (provider) => {
    let answer = answers.get(provider);
    if (!answer) {
      answer = model.call((source, signal) => source.isModerator!({ signal })).then(
        (moderates) => moderates === true,
        () => (answers.delete(provider), false),
      );
      answers.set(provider, answer);
    }
    return answer;
  };
  let loaded: import('./moderation-in-place.js').InPlaceModeration | undefined;
  const hook: ModerationHook = { version: 0, render: (record, env) => loaded?.render(record, env) };
  let connected = false;
  host.addController({ hostConnected: () => (connected = true), hostDisconnected: () => ((connected = false), loaded?.stop()) });
  model.listen((change) => {
    const provider = model.connection.provider;
    if (change.kind !== 'loaded' || !provider?.isModerator) return;
    if (loaded) return void loaded.follow();
    if (answers.has(provider)) return;
    // Not known to moderate: the thread shows as it does to anyone.
    void moderates(provider).then(async (yes) => {
      if (!yes) return;
      const { InPlaceModeration } = await import('./moderation-in-place.js');
      loaded ??= new InPlaceModeration(model, moderates, () => {
        hook.version++;
        host.requestUpdate();
      });
      if (connected) void loaded.follow();
    });
  });
  return hook;
}
