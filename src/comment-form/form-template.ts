import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { LocalizeController } from '../controllers/localize-controller.js';
import { renderBody } from '../core/markdown.js';
import { errorText, type StringOverrides } from '../locale/localize.js';
import type { CommentDataProvider, FieldErrors, ProviderErrorLike } from '../types.js';

export type GuestField = 'name' | 'email' | 'url';

/** Everything `<comment-form>`'s template shows, and what its controls call. */
export interface FormView {
  readonly l10n: LocalizeController;
  readonly editing: boolean;
  readonly replying: boolean;
  readonly replyToName?: string;
  readonly tab: 'write' | 'preview';
  readonly body: string;
  readonly guest: Readonly<Record<GuestField, string>>;
  readonly requiredFields: readonly string[];
  readonly remember: boolean;
  readonly notify: boolean;
  readonly posting: boolean;
  /** Posting, or an HTML body being converted for editing: the text box is read-only. */
  readonly busy: boolean;
  readonly fieldErrors: FieldErrors;
  readonly failure?: ProviderErrorLike;
  readonly message: string;
  readonly embedded: boolean;
  readonly requiresSignIn: boolean;
  readonly isGuest: boolean;
  readonly asksGuestDetails: boolean;
  readonly offersNotify: boolean;
  /** What the inner `<login-picker>` is handed. */
  readonly picker: { provider?: CommentDataProvider; theme?: 'light' | 'dark' | 'auto'; avatars?: 'remote' | 'none'; strings?: StringOverrides | null; timeout: number };
  readonly on: {
    submit(event: Event): void;
    submitClick(event: Event): void;
    formKeydown(event: KeyboardEvent): void;
    keydown(event: KeyboardEvent): void;
    cancel(): void;
    showTab(tab: 'write' | 'preview'): void;
    bodyInput(event: Event): void;
    guestInput(field: GuestField, event: Event): void;
    remember(event: Event): void;
    notify(event: Event): void;
  };
}

function fieldError(v: FormView, field: keyof FieldErrors): TemplateResult | typeof nothing {
  const message = v.fieldErrors[field];
  return message ? html`<p id="${field}-error" class="error message" part="field-error">${message}</p>` : nothing;
}

function guestFields(v: FormView): TemplateResult {
  const s = v.l10n.strings;
  const input = (
    field: GuestField,
    type: 'text' | 'email' | 'url',
    label: string,
    value: string,
    autocomplete: GuestField,
    hint?: string,
  ) => {
    const isRequired = field !== 'url' && v.requiredFields.includes(field);
    const described = [v.fieldErrors[field] ? `${field}-error` : '', hint ? `${field}-hint` : ''].filter(Boolean).join(' ');
    return html`<div class="field">
        <label for="${field}">
          ${label} ${isRequired ? html`<span class="required">${s.required}</span>` : nothing}
        </label>
        ${hint ? html`<span id="${field}-hint" class="hint">${hint}</span>` : nothing}
        <input
          id="${field}"
          name="${field}"
          type="${type}"
          autocomplete="${autocomplete}"
          .value=${live(value)}
          ?required=${isRequired}
          aria-invalid=${v.fieldErrors[field] ? 'true' : 'false'}
          aria-describedby=${described || nothing}
          ?readonly=${v.posting}
          aria-disabled=${v.posting ? 'true' : 'false'}
          @input=${(event: Event) => v.on.guestInput(field, event)}
        />
        ${fieldError(v, field)}
      </div>`;
  };
  return html`<div class="guest" part="guest" slot="guest">
      ${input('name', 'text', s.nameField, v.guest.name, 'name')}
      ${input('email', 'email', s.emailField, v.guest.email, 'email', s.emailNotPublished)}
      ${input('url', 'url', s.websiteField, v.guest.url, 'url')}
    </div>`;
}

/** The body as readers will see it, or why it cannot be shown (as the thread would say). */
function preview(v: FormView): unknown {
  try {
    return unsafeHTML(renderBody(v.body));
  } catch {
    return html`<p class="hint">${v.l10n.strings.commentUnavailable}</p>`;
  }
}

/** The whole form: heading, identity, the text box with its preview, the checkboxes, Post, and why posting failed. */
export function renderForm(v: FormView): TemplateResult {
  const s = v.l10n.strings;
  const { editing, replying, busy, failure } = v;
  const title = editing ? s.editTitle : replying && v.replyToName ? v.l10n.t('replyTitle', { name: v.replyToName }) : s.formTitle;
  const bodyDescribed = ['body-hint', v.fieldErrors.body ? 'body-error' : ''].filter(Boolean).join(' ');
  return html`<form
      part="form"
      novalidate
      aria-labelledby="title"
      aria-busy=${busy ? 'true' : 'false'}
      @submit=${v.on.submit}
      @keydown=${v.on.formKeydown}
    >
      <div class="heading">
        <h3 id="title" part="title">${title}</h3>
        ${replying || editing
          ? html`<button type="button" class="link-button" part="cancel-reply" @click=${v.on.cancel}>
              ${editing ? s.cancelEdit : s.cancelReply}
            </button>`
          : nothing}
      </div>
      ${editing
        ? nothing
        : html`${v.requiresSignIn && v.isGuest ? html`<p class="hint" part="sign-in-required">${s.signInToComment}</p>` : nothing}
            <login-picker
              part="login"
              .provider=${v.picker.provider}
              .theme=${v.picker.theme}
              .avatars=${v.picker.avatars}
              .strings=${v.picker.strings}
              .timeout=${v.picker.timeout}
            >
              ${v.asksGuestDetails ? guestFields(v) : nothing}
            </login-picker>`}
      <div class="field">
        <div class="heading">
          <label for="body">${s.commentField}</label>
          <div class="tabs" part="tabs">
            <button type="button" aria-pressed=${v.tab === 'write' ? 'true' : 'false'} @click=${() => v.on.showTab('write')}>
              ${s.write}
            </button>
            <button type="button" aria-pressed=${v.tab === 'preview' ? 'true' : 'false'} @click=${() => v.on.showTab('preview')}>
              ${s.preview}
            </button>
          </div>
        </div>
        <textarea
          id="body"
          name="body"
          part="textarea"
          rows="6"
          required
          ?hidden=${v.tab !== 'write'}
          .value=${live(v.body)}
          aria-invalid=${v.fieldErrors.body ? 'true' : 'false'}
          aria-describedby=${bodyDescribed}
          ?readonly=${busy}
          aria-disabled=${busy ? 'true' : 'false'}
          @input=${v.on.bodyInput}
          @keydown=${v.on.keydown}
        ></textarea>
        ${v.tab === 'preview'
          ? html`<div class="preview" part="preview" dir="auto" tabindex="0" aria-label=${s.preview} @keydown=${v.on.keydown}>
              ${v.body.trim() ? preview(v) : html`<p class="hint">${s.previewEmpty}</p>`}
            </div>`
          : nothing}
        <span id="body-hint" class="hint">${s.markdownHint}</span>
        ${fieldError(v, 'body')}
      </div>
      ${editing
        ? nothing
        : html`<div class="trap" aria-hidden="true">
            <label>${s.honeypotField} <input name="trap" type="text" tabindex="-1" autocomplete="off" /></label>
          </div>`}
      ${v.asksGuestDetails
        ? html`<label class="checkbox" part="save-details">
            <input type="checkbox" .checked=${live(v.remember)} @change=${v.on.remember} />
            <span>${s.saveDetails}</span>
          </label>`
        : nothing}
      ${v.offersNotify
        ? html`<label class="checkbox" part="notify">
            <input type="checkbox" name="notify" .checked=${live(v.notify)} @change=${v.on.notify} />
            <span>${s.notifyReplies}</span>
          </label>`
        : nothing}
      <div class="actions">
        <button
          type="submit"
          class="button primary"
          part="submit"
          aria-disabled=${busy ? 'true' : 'false'}
          @click=${v.on.submitClick}
        >
          ${editing ? s.saveEdit : s.postComment}
        </button>
        <p class="message" part="status" role=${v.embedded ? 'none' : 'status'}>${v.message}</p>
      </div>
      ${failure
        ? html`<div class="error" part="error" role="alert" tabindex="-1">
            <p class="message">
              ${editing ? s.editFailed : s.postFailed} ${v.picker.provider ? errorText(s, failure.code, failure.retryAfter) : s.noProvider}
              ${s.draftKept}
            </p>
            ${failure.code !== 'validation' ? html`<button type="submit" class="button">${s.retry}</button>` : nothing}
          </div>`
        : nothing}
    </form>`;
}
