import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { clearDraft, loadDraft, newIdempotencyKey, saveDraft, saveGuest, type StoredDraft } from '../core/drafts.js';
import type { CommentDraft, CommentRecord } from '../types.js';

/** A guest's details as typed. */
export interface GuestFields {
  name: string;
  email: string;
  url: string;
}

/** What the form's drafts need from the form element. */
export interface DraftHost extends ReactiveControllerHost {
  threadId: string;
  parentId: string | null;
  editing?: CommentRecord | null;
}

/**
 * `<comment-form>`'s drafts (core/drafts.ts): kept per thread and per comment answered, or per
 * comment edited, as they are typed; the idempotency key that goes with a draft, so a retried
 * post is stored once; brought back when the form moves to another slot; and a warning before
 * the page is left while words could be lost.
 */
export class DraftController implements ReactiveController {
  readonly #host: DraftHost;
  readonly #text: () => string;
  readonly #posting: () => boolean;
  #saved = true;
  #slot?: string;
  /** The text last sent with `idempotencyKey`, if any. */
  #sent?: string;
  /** The key the next post of this draft goes with. */
  idempotencyKey = newIdempotencyKey();

  /** `text` is what the box holds; `posting` whether a post or an edit is on its way. */
  constructor(host: DraftHost, text: () => string, posting: () => boolean) {
    this.#host = host;
    this.#text = text;
    this.#posting = posting;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('beforeunload', this.#onBeforeUnload);
  }

  hostDisconnected(): void {
    window.removeEventListener('beforeunload', this.#onBeforeUnload);
  }

  /** The slot whose draft the box holds: its thread and the comment it answers or edits. */
  get slot(): string | undefined {
    return this.#slot;
  }

  /**
   * Before an update: when the form moved to another slot, that slot's draft (or `undefined`),
   * with a key of its own; `null` when the slot is the same.
   */
  moved(): StoredDraft | undefined | null {
    const slot = `${this.#host.threadId}\n${this.#target ?? ''}`;
    if (slot === this.#slot) return null;
    this.#slot = slot;
    const draft = this.#host.threadId ? loadDraft(this.#host.threadId, this.#target) : undefined;
    this.idempotencyKey = draft?.idempotencyKey ?? newIdempotencyKey();
    this.#sent = draft?.sent;
    return draft;
  }

  /**
   * Keeps what the box holds (or forgets the draft once the box is empty). `sending`: the text is
   * on its way with this key, so a retry of it is stored once; other words typed after a send go
   * with a new key, or a backend that already stored the first text would answer with it.
   */
  save(sending = false): void {
    const { threadId } = this.#host;
    if (!threadId) return;
    const body = this.#text();
    if (sending) this.#sent = body;
    else if (this.#sent !== undefined && body !== this.#sent) {
      this.idempotencyKey = newIdempotencyKey();
      this.#sent = undefined;
    }
    if (body) {
      const draft: StoredDraft = { body, idempotencyKey: this.idempotencyKey, updatedAt: Date.now() };
      if (this.#sent !== undefined) draft.sent = this.#sent;
      this.#saved = saveDraft(threadId, this.#target, draft);
    } else {
      clearDraft(threadId, this.#target);
      this.#saved = true;
    }
  }

  /**
   * The draft to post, with this draft's idempotency key: `guest` when guest details are asked
   * for (trimmed, empty ones left out), the honeypot's value if a bot filled it, and `notify`.
   */
  compose(body: string, guest: GuestFields | undefined, honeypot: string | undefined, notify: boolean): CommentDraft {
    const { threadId, parentId } = this.#host;
    const draft: CommentDraft = { threadId, parentId, body, idempotencyKey: this.idempotencyKey };
    if (guest) {
      draft.guest = { name: guest.name.trim() };
      if (guest.email.trim()) draft.guest.email = guest.email.trim();
      if (guest.url.trim()) draft.guest.url = guest.url.trim();
    }
    if (honeypot) draft.honeypot = honeypot;
    if (notify) draft.notify = true;
    return draft;
  }

  /** Remembers the guest's details in this browser ("Save my name…"), or forgets them. */
  rememberGuest(guest: GuestFields | undefined): void {
    saveGuest(guest && { name: guest.name, ...(guest.email ? { email: guest.email } : {}), ...(guest.url ? { url: guest.url } : {}) });
  }

  /** Drafts are kept per thread and per comment answered, or per comment edited. */
  get #target(): string | null {
    return this.#host.editing ? `edit:${this.#host.editing.id}` : this.#host.parentId;
  }

  /**
   * Warns before leaving while words could be lost: a post is on its way, or
   * the browser refused to keep the draft. A saved draft comes back anyway.
   */
  #onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (this.#posting() || (this.#text().trim() && !this.#saved)) event.preventDefault();
  };
}
