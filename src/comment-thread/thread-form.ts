import { html, isServer, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { CommentForm } from '../comment-form/comment-form.js';
import type { LocalizeController } from '../controllers/localize-controller.js';
import type { StringOverrides } from '../locale/localize.js';
import type { ThreadModel } from '../model/thread-model.js';
import type { CommentRecord } from '../types.js';
import { loadedDialogs, loadForm } from './form-loader.js';
import { renderFormStandIn } from './thread-template.js';

/** What the thread's form needs from the thread element. */
export interface ThreadFormHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  threadId: string;
  strings?: StringOverrides | null;
  timeout: number;
  theme?: 'light' | 'dark' | 'auto';
  avatars?: 'remote' | 'none';
}

/**
 * The thread's one `<comment-form>`, moved between its place after the comments and under the
 * comment it answers; the form that edits a comment in place; and, until the form's code has come
 * (it is not in the first load), a stand-in of its size whose text the form takes over.
 */
export class ThreadFormController implements ReactiveController {
  readonly #host: ThreadFormHost;
  readonly #model: ThreadModel;
  readonly #l10n: LocalizeController;
  #form?: CommentForm;

  constructor(host: ThreadFormHost, model: ThreadModel, l10n: LocalizeController) {
    this.#host = host;
    this.#model = model;
    this.#l10n = l10n;
    host.addController(this);
  }

  hostConnected(): void {
    if (isServer) return;
    // The form's code comes once the first comments have painted, or when the reader reaches for
    // the form; its stand-in then gives way.
    if (!customElements.get('comment-form')) void customElements.whenDefined('comment-form').then(() => this.#defined());
  }

  /** The reader reached for the form before its code came: fetch it now. */
  need = () => void loadForm().catch(() => undefined);

  /** Focuses the form's text box once its code is in (after the next update). */
  focusLater(): void {
    void this.#host.updateComplete.then(() => customElements.whenDefined('comment-form')).then(() => this.#form?.focusBody());
  }

  /**
   * The form's code came: the stand-in gives way, and what was typed into it goes into the form,
   * focus with it, in the same task (no keystroke falls between them).
   */
  async #defined(): Promise<void> {
    const standIn = this.#host.renderRoot.querySelector<HTMLTextAreaElement>('.form-placeholder textarea');
    const typed = standIn?.value ?? '';
    const focused = standIn !== null && standIn === (this.#host.renderRoot as ShadowRoot).activeElement;
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    const form = this.#form;
    if (!form || !form.isConnected || !(typed || focused)) return;
    await form.updateComplete;
    form.adoptText(typed);
    if (focused) form.focusBody();
  }

  /**
   * The form with its stand-in, where it sits after the comments. A server's render, and the
   * render that takes a server's markup over, show the stand-in alone, disabled.
   */
  renderAfterComments(serverSide: boolean): TemplateResult {
    return html`<div class="form" part="form">${serverSide ? nothing : this.element()}${!serverSide && customElements.get('comment-form')
      ? nothing
      : renderFormStandIn(this.#l10n.strings.formTitle, this.need, serverSide)}</div>`;
  }

  /** The one form, set up for where it is now. */
  element(): CommentForm {
    const form = (this.#form ??= document.createElement('comment-form'));
    const host = this.#host;
    const model = this.#model;
    const replyTo = model.views.find('replying');
    const parent = replyTo !== null ? model.records.get(replyTo) : undefined;
    form.threadId = host.threadId;
    form.parentId = parent ? parent.id : null;
    form.replyToName = parent ? parent.author.name || this.#l10n.strings.anonymous : undefined;
    form.strings = host.strings;
    form.timeout = host.timeout;
    form.theme = host.theme;
    form.avatars = host.avatars;
    // The thread announces what the form posts, from a live region that stays put.
    form.embedded = true;
    form.requiresSignIn = model.info.requiresSignIn === true;
    form.fieldLimits = model.info.fieldLimits ?? null;
    form.notifications = model.info.notifications === true;
    const required = model.info.requiredGuestFields;
    if (Array.isArray(required)) form.requiredFields = required.join(' ');
    return form;
  }

  /**
   * The form that edits `record` in place. Editing starts only through the Edit gesture, whose code
   * comes with the comment dialogs' chunk (`action-gestures.ts`), as does this form's template.
   */
  edit(record: CommentRecord): TemplateResult {
    return loadedDialogs()?.editForm(this.#host, record) ?? html``;
  }
}
