import type { CommentPostedEvent, CommentUpdatedEvent } from '../events.js';
import type { ThreadModel } from '../model/thread-model.js';

/**
 * A form of the page's own (not the thread's) may post or edit: its public events, reaching the
 * thread (`host`), are read as provider data. The thread's own forms go through the model, which
 * fired theirs, so those are left alone. (The event names are written out: the event classes come
 * with the form's code.) Listened to on the element itself, for as long as it lives.
 */
export function followPageForms(host: EventTarget, model: ThreadModel): void {
  for (const [type, kind] of [
    ['comment-posted', 'posted'],
    ['comment-updated', 'updated'],
  ] as const) {
    host.addEventListener(type, (event) => {
      if (!model.fired(event)) model.accept((event as CommentPostedEvent | CommentUpdatedEvent).detail?.comment, kind);
    });
  }
}
