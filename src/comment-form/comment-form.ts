import { ContextConsumer } from '@lit/context';
import { LitElement, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ProviderPropertiesMixin, StringsPropertyMixin, ThemePropertyMixin } from '../mixins/shared-properties.js';
import { clearDraft, loadGuest, newIdempotencyKey } from '../core/drafts.js';
import { IdentityController } from '../controllers/identity-controller.js';
import { LocalizeController } from '../controllers/localize-controller.js';
import { ProviderController } from '../controllers/provider-controller.js';
import { toProviderError } from '../errors.js';
import { enForm } from '../locale/en-form.js';
import { threadModelContext } from '../model/context.js';
import { ThreadModel } from '../model/thread-model.js';
import { cancelEdit, cancelReply, editComment, postComment } from '../model/writes.js';
import { sharedStyles } from '../styles/shared.styles.js';
import type { StoredDraft } from '../core/drafts.js';
import type { CommentDataProvider, CommentDraft, CommentRecord, FieldErrors, FieldLimits, ProviderErrorLike } from '../types.js';
import { commentFormStyles } from './comment-form.styles.js';
import { DraftController, type GuestFields } from './draft-controller.js';
import { firstInvalid, htmlForEditing, validateForm } from './form-checks.js';
import { renderForm, type FormView } from './form-template.js';

/**
 * @summary "Leave a Reply": a Markdown comment box with preview, guest details or a sign-in, and
 * posting that never loses a word or posts twice.
 *
 * @csspart form - The `<form>`.
 * @csspart title - "Leave a Reply" / "Leave a Reply to {name}".
 * @csspart cancel-reply - The "Cancel reply" button (or "Cancel" while editing).
 * @csspart sign-in-required - "Log in to leave a comment." where only signed-in readers may comment.
 * @csspart login - The `<login-picker>` inside the form.
 * @csspart guest - The guest details fields.
 * @csspart tabs - The Write / Preview switch.
 * @csspart textarea - The comment text box.
 * @csspart preview - The rendered preview.
 * @csspart field-error - An inline message tied to a field.
 * @csspart save-details - The "Save my name, email, and website…" checkbox and label.
 * @csspart notify - The "Notify me of new replies by email" checkbox and label (where `notifications` is set).
 * @csspart submit - The "Post Comment" button.
 * @csspart status - Progress and success messages.
 * @csspart error - Why posting failed, with Retry.
 *
 * @cssprop --comment-thread-font - Font of the element; inherits the page's by default.
 * @cssprop --comment-thread-color - Text colour; inherits the page's by default.
 * @cssprop --comment-thread-background - Background a theme paints (default: none without a theme).
 * @cssprop --comment-thread-padding - Inset of a themed element (default: the spacing unit).
 * @cssprop --comment-thread-muted-color - Hints and secondary text.
 * @cssprop --comment-thread-accent-color - Links and the Post Comment button.
 * @cssprop --comment-thread-on-accent-color - Text on the accent colour.
 * @cssprop --comment-thread-border-color - Field borders.
 * @cssprop --comment-thread-input-background - Field backgrounds.
 * @cssprop --comment-thread-danger-color - Errors and invalid fields.
 * @cssprop --comment-thread-radius - Corner radius of fields and buttons.
 * @cssprop --comment-thread-spacing - The base spacing unit.
 * @cssprop --comment-thread-focus-color - The focus ring.
 * @cssprop --comment-thread-surface-color - Backgrounds of the preview and of secondary buttons.
 *
 * @fires comment-posted - The backend stored the comment. Detail: `{ comment, draft }`.
 * @fires comment-post-failed - Posting failed; the text is kept. Detail: `{ error, draft }`.
 * @fires reply-cancel - "Cancel reply" or Escape while replying. Detail: `{ parentId }`.
 * @fires comment-updated - An edit of the reader's own comment was saved. Detail: `{ comment }`.
 * @fires edit-cancel - Cancel or Escape while editing; the edit draft is kept. Detail: `{ id }`.
 * @fires identity-change - From the inner `<login-picker>`. Detail: `{ identity }`.
 */
export class CommentForm extends StringsPropertyMixin(ThemePropertyMixin(ProviderPropertiesMixin(LitElement))) {
  static override styles = [sharedStyles, commentFormStyles];

  /** The thread the comment goes to. */
  @property({ attribute: 'thread-id' }) threadId = '';

  /** The comment being answered, or `null` for a top-level comment. */
  @property({ attribute: 'parent-id' }) parentId: string | null = null;

  /**
   * The reader's own comment being edited: the form then edits it in place
   * (`updateComment`) instead of posting a new one.
   */
  @property({ attribute: false }) editing: CommentRecord | null = null;

  /**
   * The backend's field limits (`ThreadInfo.fieldLimits`; `<comment-thread>` passes its thread's);
   * absent: WordPress's, in UTF-8 bytes.
   */
  @property({ attribute: false }) fieldLimits: FieldLimits | null = null;

  /** Only signed-in readers may comment (the thread says so): no guest fields. */
  @property({ type: Boolean, attribute: 'requires-sign-in' }) requiresSignIn = false;

  /**
   * The backend mails replies (`ThreadInfo.notifications`; `<comment-thread>` passes its thread's): the form
   * offers "Notify me of new replies by email" to a guest (who then gives an email) and a signed-in reader.
   */
  @property({ type: Boolean }) notifications = false;

  /** The signed-in reader's avatar in the inner `<login-picker>` (`<comment-thread>` passes its `avatars`). */
  @property() avatars?: 'remote' | 'none';

  /** The name of the author being answered ("Leave a Reply to Bret"). */
  @property({ attribute: 'reply-to-name' }) replyToName?: string;

  /** Guest fields that must be filled, space-separated: `name`, `email`. */
  @property({ attribute: 'required-fields' }) requiredFields = 'name email';

  /** Set by `<comment-thread>` for its form: the thread announces posts itself, so the form's status is not announced twice. */
  @property({ type: Boolean }) embedded = false;

  @state() private body = '';
  @state() private guestName = '';
  @state() private guestEmail = '';
  @state() private guestUrl = '';
  @state() private remember = false;
  @state() private notify = false;
  @state() private tab: 'write' | 'preview' = 'write';
  @state() private posting = false;
  /** An HTML body is being turned into Markdown for editing: the box stays read-only meanwhile. */
  @state() private converting = false;
  @state() private fieldErrors: FieldErrors = {};
  @state() private failure?: ProviderErrorLike;
  @state() private message = '';

  @query('textarea') private textarea?: HTMLTextAreaElement;
  @query('input[name="trap"]') private trap?: HTMLInputElement;

  readonly #provider = new ProviderController(this);
  readonly #l10n = new LocalizeController(this, enForm);
  readonly #identity = new IdentityController(this);
  readonly #threadModel = new ContextConsumer(this, { context: threadModelContext, subscribe: true });
  #ownModel?: ThreadModel;
  readonly #drafts = new DraftController(this, () => this.body, () => this.posting);
  #focusAfterUpdate?: string;

  constructor() {
    super();
    const guest = loadGuest(); // remembered in this browser ("Save my name…")
    if (guest) [this.guestName, this.guestEmail, this.guestUrl, this.remember] = [guest.name, guest.email ?? '', guest.url ?? '', true];
  }

  /** True while a post is on its way. */
  get isPosting(): boolean {
    return this.posting;
  }

  /**
   * Where posts, edits and cancels go: the model of the `<comment-thread>` around the form (when
   * it uses the same provider), else the form's own, which only writes.
   */
  get #model(): ThreadModel {
    const provider = this.#provider.value;
    const shared = this.#threadModel.value;
    if (shared && shared.connection.provider === provider) return shared;
    const own = (this.#ownModel ??= new ThreadModel(this));
    own.connection = { provider, threadId: this.threadId, timeout: this.timeout };
    return own;
  }

  /** Moves focus to the comment text box. */
  focusBody(): void {
    this.tab = 'write';
    void this.updateComplete.then(() => this.textarea?.focus());
  }

  /**
   * Takes text typed before the form was ready (into `<comment-thread>`'s stand-in box): it goes
   * after what the box holds and is kept as a draft.
   */
  adoptText(text: string): void {
    if (!text) return;
    this.tab = 'write';
    this.body = this.body ? `${this.body}\n\n${text}` : text;
    this.#drafts.save();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.#provider.changed() || changed.has('provider')) {
      this.#identity.connect(this.#provider.value, this.timeout);
    }
    const draft = this.#drafts.moved();
    if (draft !== null) this.#restoreDraft(draft);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.#identity.connect(this.#provider.value, this.timeout);
  }

  protected override updated(): void {
    const selector = this.#focusAfterUpdate;
    this.#focusAfterUpdate = undefined;
    if (selector) this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  /** The form moved to another slot (thread, comment answered or edited): its draft, or a fresh box. */
  #restoreDraft(draft: StoredDraft | undefined): void {
    this.converting = !draft && this.editing?.bodyFormat === 'html';
    this.body = draft?.body ?? (this.converting ? '' : (this.editing?.body ?? ''));
    if (this.converting) void this.#editHtml(this.editing!.body);
    this.fieldErrors = {};
    this.failure = undefined;
    this.message = '';
  }

  /** Edits an HTML body as Markdown; the box stays read-only until it is converted. */
  async #editHtml(html: string): Promise<void> {
    const slot = this.#drafts.slot;
    const markdown = await htmlForEditing(html);
    // Still editing the same comment, and nothing typed into the box meanwhile.
    if (slot !== this.#drafts.slot || !this.converting) return;
    this.body = markdown;
    this.converting = false;
  }

  #onBodyInput(event: Event): void {
    this.body = (event.target as HTMLTextAreaElement).value;
    this.converting = false;
    if (this.fieldErrors.body) this.fieldErrors = { ...this.fieldErrors, body: undefined };
    this.#drafts.save();
  }

  #onGuestInput(field: 'name' | 'email' | 'url', event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this[({ name: 'guestName', email: 'guestEmail', url: 'guestUrl' } as const)[field]] = value;
    if (this.fieldErrors[field]) this.fieldErrors = { ...this.fieldErrors, [field]: undefined };
    if (this.remember) this.#saveGuest();
  }

  #saveGuest(): void {
    this.#drafts.rememberGuest(this.remember ? this.#guest : undefined);
  }

  get #guest(): GuestFields {
    return { name: this.guestName, email: this.guestEmail, url: this.guestUrl };
  }

  /** Ctrl/Cmd+Enter in the text box or the preview posts (or saves the edit). */
  #onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.submit();
    }
  }

  /**
   * Escape anywhere in the form (the text box, the preview, Write / Preview, Post or Save)
   * cancels the reply or the edit. Not while a post or an edit is on its way: the form
   * stays until the backend answers.
   */
  #onFormKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
    if (this.parentId === null && !this.editing) return;
    event.preventDefault();
    if (this.posting) return;
    this.#cancelReply();
  }

  #cancelReply(): void {
    if (this.editing) cancelEdit(this.#model, this.editing.id, this);
    else if (this.parentId !== null) cancelReply(this.#model, this.parentId, this);
  }

  get #isGuest(): boolean {
    return !this.#identity.snapshot?.identity;
  }

  /** Guest details are asked for: a guest, posting a new comment, where guests may comment. */
  get #asksGuestDetails(): boolean {
    return this.#isGuest && !this.editing && !this.requiresSignIn;
  }

  /** The "Notify me" checkbox is offered: mail is, and the reader posts a new comment as a guest or signed in. */
  get #offersNotify(): boolean {
    return this.notifications && !this.editing && (this.#asksGuestDetails || !this.#isGuest);
  }

  /** Checks every field; shows inline messages and focuses the first bad one. */
  #validate(): boolean {
    const errors = validateForm(this.#l10n, {
      body: this.body,
      guest: this.#guest,
      asksGuestDetails: this.#asksGuestDetails,
      requiredFields: this.requiredFields.split(/\s+/),
      wantsNotify: this.notify && this.#offersNotify,
      emailMismatch: this.renderRoot.querySelector<HTMLInputElement>('input[name="email"]')?.validity.typeMismatch === true,
      fieldLimits: this.fieldLimits,
    });
    this.fieldErrors = errors;
    const focus = firstInvalid(errors);
    if (!focus) return true;
    this.tab = 'write';
    this.#focusAfterUpdate = focus;
    return false;
  }

  #draft(): CommentDraft {
    const guest = this.#asksGuestDetails ? this.#guest : undefined;
    return this.#drafts.compose(this.body, guest, this.trap?.value, this.notify && this.#offersNotify);
  }

  /**
   * Posts the comment. One submission at a time; a retry reuses the same
   * idempotency key, so the backend can never store it twice. The text is
   * cleared only when the backend confirms.
   */
  async submit(): Promise<void> {
    if (this.posting || this.converting) return;
    const provider = this.#provider.value;
    this.failure = undefined;
    this.message = '';
    if (!this.#validate()) return;
    if (!provider) {
      this.failure = { code: 'unknown', message: 'No provider.' };
      return;
    }
    if (this.editing) {
      await this.#saveEdit(provider, this.editing);
      return;
    }
    if (this.requiresSignIn && this.#isGuest) {
      this.failure = { code: 'unauthorized' };
      this.#focusAfterUpdate = '[role="alert"]';
      return;
    }
    const draft = this.#draft();
    this.posting = true;
    this.message = this.#l10n.strings.posting;
    this.#drafts.save(true);
    try {
      await postComment(this.#model, draft, {
        origin: this,
        author: draft.guest?.name ?? this.#identity.snapshot?.identity?.name,
        stored: (comment) => {
          clearDraft(draft.threadId, draft.parentId, draft.body);
          if (this.threadId === draft.threadId && this.parentId === draft.parentId) {
            this.body = '';
            this.#drafts.idempotencyKey = newIdempotencyKey();
          }
          if (this.#asksGuestDetails) this.#saveGuest();
          this.tab = 'write';
          this.message = comment.status === 'pending' ? this.#l10n.strings.postedPending : this.#l10n.strings.posted;
        },
      });
    } catch (thrown) {
      // The model fired comment-post-failed; the text stays.
      this.#showFailure(thrown);
    } finally {
      this.posting = false;
    }
  }

  /** Saves an edit of the reader's own comment; the edit draft is kept until the backend confirms. */
  async #saveEdit(provider: CommentDataProvider, record: CommentRecord): Promise<void> {
    if (!provider.updateComment) return;
    const body = this.body;
    this.posting = true;
    this.message = this.#l10n.strings.saving;
    this.#drafts.save(true);
    try {
      await editComment(this.#model, record, body, {
        origin: this,
        stored: () => {
          clearDraft(record.threadId, `edit:${record.id}`, body);
          this.message = this.#l10n.strings.saved;
        },
      });
    } catch (thrown) {
      this.#showFailure(thrown);
    } finally {
      this.posting = false;
    }
  }

  /** Shows why the backend refused: on the fields it names, else in the alert; the text stays. */
  #showFailure(thrown: unknown): ProviderErrorLike {
    const error = toProviderError(thrown);
    this.message = '';
    this.failure = error;
    if (error.fieldErrors) this.#showFieldErrors(error.fieldErrors);
    else this.#focusAfterUpdate = '[role="alert"]';
    return error;
  }

  #showFieldErrors(fieldErrors: FieldErrors): void {
    this.fieldErrors = { ...fieldErrors };
    const focus = firstInvalid(fieldErrors);
    if (focus) this.#focusAfterUpdate = focus;
  }

  #onSubmit(event: Event): void {
    event.preventDefault();
    void this.submit();
  }

  /**
   * Post / Save stays focusable while a post is on its way (`aria-disabled`, not `disabled`,
   * so focus does not fall to the page): a click or Enter on it then does nothing.
   */
  #onSubmitClick(event: Event): void {
    if (this.posting) event.preventDefault();
  }

  /** What the template shows, and what its controls call (created once; read on each render). */
  readonly #on: FormView['on'] = {
    submit: (event) => this.#onSubmit(event),
    submitClick: (event) => this.#onSubmitClick(event),
    formKeydown: (event) => this.#onFormKeydown(event),
    keydown: (event) => this.#onKeydown(event),
    cancel: () => this.#cancelReply(),
    showTab: (tab) => this.#showTab(tab),
    bodyInput: (event) => this.#onBodyInput(event),
    guestInput: (field, event) => this.#onGuestInput(field, event),
    remember: (event) => {
      this.remember = (event.target as HTMLInputElement).checked;
      this.#saveGuest();
    },
    notify: (event) => {
      this.notify = (event.target as HTMLInputElement).checked;
    },
  };

  protected override render() {
    const editing = this.editing !== null;
    return renderForm({
      l10n: this.#l10n,
      editing,
      replying: this.parentId !== null && !editing,
      replyToName: this.replyToName,
      tab: this.tab,
      body: this.body,
      guest: this.#guest,
      requiredFields: this.requiredFields.split(/\s+/),
      remember: this.remember,
      notify: this.notify,
      posting: this.posting,
      busy: this.posting || this.converting,
      fieldErrors: this.fieldErrors,
      failure: this.failure,
      message: this.message,
      embedded: this.embedded,
      requiresSignIn: this.requiresSignIn,
      isGuest: this.#isGuest,
      asksGuestDetails: this.#asksGuestDetails,
      offersNotify: this.#offersNotify,
      picker: { provider: this.#provider.value, theme: this.theme, avatars: this.avatars, strings: this.strings, timeout: this.timeout },
      on: this.#on,
    });
  }

  #showTab(tab: 'write' | 'preview'): void {
    this.tab = tab;
    if (tab === 'write') this.#focusAfterUpdate = 'textarea';
  }
}
