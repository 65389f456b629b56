import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CommentPostedEvent, CommentUpdatedEvent } from '../events.js';
import type { ThreadModel } from '../model/thread-model.js';

/**
 * A form of the page's own (not the thread's) may post or edit: its public events, read as
 * provider data. The thread's own forms go through the model, which fired theirs, so those are
 * left alone. (The event names are written out: the event classes come with the form's code.)
 */
export class PageFormsController implements ReactiveController {
  readonly #host: ReactiveControllerHost & EventTarget;
  readonly #model: ThreadModel;

  constructor(host: ReactiveControllerHost & EventTarget, model: ThreadModel) {
    this.#host = host;
    this.#model = model;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.addEventListener('comment-posted', this.#posted);
    this.#host.addEventListener('comment-updated', this.#updated);
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('comment-posted', this.#posted);
    this.#host.removeEventListener('comment-updated', this.#updated);
  }

  #posted = (event: Event) => {
    if (!this.#model.fired(event)) this.#model.accept((event as CommentPostedEvent).detail?.comment, 'posted');
  };

  #updated = (event: Event) => {
    if (!this.#model.fired(event)) this.#model.accept((event as CommentUpdatedEvent).detail?.comment, 'updated');
  };
}
