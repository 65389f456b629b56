import { html, nothing, type TemplateResult } from 'lit';
import { moderationStrings } from '../locale/moderation/index.js';
import { formatString } from '../locale/localize.js';
import { ThreadModeration, type InPlaceState } from '../model/thread-moderation.js';
import type { ThreadModel } from '../model/thread-model.js';
import type { CommentRecord } from '../types.js';
import type { CommentEnv } from './comment-env.js';
import type { Moderates } from './moderation-controller.js';

/*
 * Loaded on demand, only for moderators (see ./moderation-controller.ts): held and reported
 * comments marked in place, with Approve / Spam / Delete / Ban author and, after each, Undo.
 */

/**
 * The moderation of the thread a model shows, for a reader whose provider said they moderate:
 * follows the model's provider and thread (reading the queue again only when either changes, and
 * asking the thread's cached `isModerator()` answer), until {@link InPlaceModeration.stop}.
 */
export class InPlaceModeration {
  readonly #model: ThreadModel;
  readonly #changed: () => void;
  readonly #moderates: Moderates;
  #following?: ThreadModeration;
  #asked?: object;

  /** `moderates`: the thread's cached answers to `isModerator()` (see ./moderation-controller.ts). */
  constructor(model: ThreadModel, moderates: Moderates, changed: () => void) {
    this.#model = model;
    this.#changed = changed;
    this.#moderates = moderates;
  }

  /** The model loaded a page: the held comments go back in, or the queue of a new thread is read. */
  async follow(): Promise<void> {
    const model = this.#model;
    const { provider, threadId } = model.connection;
    if (this.#following?.follows(provider, threadId)) return this.#following.restore();
    this.stop();
    if (!provider?.isModerator || !provider.listModerationQueue || !provider.moderateComment) return;
    const asked = (this.#asked = {});
    // Not known to moderate: the thread shows as it does to anyone.
    if (!(await this.#moderates(provider)) || asked !== this.#asked) return;
    const following = (this.#following = new ThreadModeration(model, provider, threadId, this.#changed));
    try {
      await following.load();
    } catch (thrown) {
      if (following === this.#following) model.failed(thrown);
    }
  }

  /** Stops following (the element left the document): the live queue closes, answers on their way are dropped. */
  stop(): void {
    this.#asked = undefined;
    this.#following?.stop();
    this.#following = undefined;
  }

  /** What a moderator sees and can do about `record`, or undefined. */
  render(record: CommentRecord, env: CommentEnv): unknown {
    const state = this.#following?.state(record.id);
    return state && renderInPlace(record, state, env, this.#following!);
  }
}

/**
 * The mark and the actions (or the Undo) of one comment a moderator has to see. The buttons sit on
 * a line of their own, below the mark: full-size targets, clear of the permalink above.
 */
export function renderInPlace(record: CommentRecord, state: InPlaceState, env: CommentEnv, moderation: ThreadModeration): TemplateResult {
  const s = moderationStrings(env.l10n.lang, null);
  const name = record.author.name || s.anonymous;
  // Not String.replace: `$&` or `$'` in a commenter's name stays text.
  const fill = (text: string) => formatString(text, { name });
  const busy = state.busy === true;
  if (state.done) {
    const done = state.done === 'approve' ? s.approvedInPlace : state.done === 'spam' ? s.spamInPlace : s.deletedInPlace;
    return html`<div class="note" part="moderation-done"><span role="status">${done}</span><div class="actions"><button
          type="button"
          class="button"
          part="undo-button"
          ?disabled=${busy}
          @click=${() => moderation.undo(record.id)}
        >${s.undo}</button></div></div>`;
  }
  const button = (action: 'approve' | 'spam' | 'delete', text: string, label: string) =>
    html`<button
      type="button"
      class="button"
      part="moderate-button"
      aria-label=${fill(label)}
      ?disabled=${busy}
      @click=${() => moderation.act(record.id, action)}
    >${text}</button>`;
  return html`<div class="note" part="held" role="group" aria-label=${fill(s.inPlaceLabel)}><span class="badge" part="held-mark">${
    state.queue === 'held' ? s.heldInPlace : s.reportedInPlace
  }</span><div class="actions">${button('approve', s.approve, s.approveLabel)}${button('spam', s.spam, s.spamLabel)}${button(
    'delete',
    s.delete,
    s.deleteLabel,
  )}${moderation.canBan ? renderBan(state, busy, fill, s, () => moderation.ban(record.id), () => moderation.unban(record.id)) : nothing}</div></div>`;
}

/** Ban author, or — once banned — "{name} is banned." with the Undo that lifts it. */
function renderBan(
  state: InPlaceState,
  busy: boolean,
  fill: (text: string) => string,
  s: ReturnType<typeof moderationStrings>,
  ban: () => void,
  unban: () => void,
): TemplateResult {
  return state.banId
    ? html`<span role="status">${fill(s.doneBan)}</span><button type="button" class="button" part="undo-button" ?disabled=${busy} @click=${unban}>${s.undo}</button>`
    : html`<button type="button" class="button" part="moderate-button" aria-label=${fill(s.banLabel)} ?disabled=${busy} @click=${ban}>${s.ban}</button>`;
}
