import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ProviderPropertiesMixin, StringsPropertyMixin, ThemePropertyMixin } from '../mixins/shared-properties.js';
import type { IdentitySnapshot } from '../core/identity-store.js';
import { initials } from '../core/initials.js';
import { safeHttpUrl } from '../core/url.js';
import { IdentityController } from '../controllers/identity-controller.js';
import { LocalizeController } from '../controllers/localize-controller.js';
import { ProviderController } from '../controllers/provider-controller.js';
import { errorText } from '../locale/localize.js';
import { enForm } from '../locale/en-form.js';
import { IdentityChangeEvent } from '../events.js';
import { sharedStyles } from '../styles/shared.styles.js';
import type { Identity, IdentityOption } from '../types.js';
import type { brandIcon } from './brands.js';
import { loginPickerStyles } from './login-picker.styles.js';

/** The brand icons (simple-icons paths), loaded once, when a picker first shows an option without `iconUrl`. */
let brands: Promise<typeof brandIcon> | undefined;
/** The neutral icon (a person) for options no brand icon stands for. */
const NEUTRAL_ICON = 'M12 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10Zm0 2c-4.4 0-9 2.2-9 5.5V22h18v-2.5c0-3.3-4.6-5.5-9-5.5Z';

/**
 * @summary The reader's choice of identity: guest details, or one of the provider's sign-in options.
 *
 * @slot guest - The guest details fields; shown while the reader comments as a guest and the
 *   provider offers a guest option (or no options at all). `<comment-form>` fills it.
 *
 * @csspart prompt - "Fill in your details below or click an icon to log in:".
 * @csspart options - The list of sign-in buttons.
 * @csspart option - One sign-in button ("Log in with Twitter").
 * @csspart status - "Connecting to Twitter" with its Cancel button.
 * @csspart cancel - The Cancel button while connecting.
 * @csspart error - Why a sign-in failed.
 * @csspart identity - The signed-in reader: avatar, name and the Log Out / Change buttons.
 * @csspart avatar - The signed-in reader's avatar.
 * @csspart log-out - The Log Out button.
 * @csspart change - The Change button.
 *
 * @cssprop --comment-thread-font - Font of the element; inherits the page's by default.
 * @cssprop --comment-thread-color - Text colour; inherits the page's by default.
 * @cssprop --comment-thread-background - Background a theme paints (default: none without a theme).
 * @cssprop --comment-thread-padding - Inset of a themed element (default: the spacing unit).
 * @cssprop --comment-thread-on-accent-color - Text on the accent colour.
 * @cssprop --comment-thread-danger-color - Why a sign-in failed.
 * @cssprop --comment-thread-muted-color - Secondary text.
 * @cssprop --comment-thread-accent-color - Links and primary buttons.
 * @cssprop --comment-thread-surface-color - Button and avatar backgrounds.
 * @cssprop --comment-thread-border-color - Borders.
 * @cssprop --comment-thread-focus-color - The focus ring.
 * @cssprop --comment-thread-spacing - The base spacing unit.
 * @cssprop --comment-thread-radius - Corner radius of buttons.
 *
 * @fires identity-change - The reader signed in, signed out or changed identity. Detail: `{ identity }`.
 */
export class LoginPicker extends StringsPropertyMixin(ThemePropertyMixin(ProviderPropertiesMixin(LitElement))) {
  static override styles = [sharedStyles, loginPickerStyles];

  readonly #provider = new ProviderController(this);
  readonly #l10n = new LocalizeController(this, enForm);
  readonly #identity = new IdentityController(this, (snapshot, previous) => this.#identityChanged(snapshot, previous));
  #focusAfterUpdate?: string;
  /** `undefined` while the brand icons load; `null` when they could not (neutral icons then). */
  #brandIcon?: typeof brandIcon | null;
  #iconsRequested = false;

  /**
   * The signed-in reader's avatar, as `<comment-thread>`'s `avatars` (which the thread hands down):
   * by default only an avatar from the page's own origin loads and another site's shows initials,
   * so nothing is requested from a third party; `remote` loads it; `none` shows none.
   */
  @property({ reflect: true }) avatars?: 'remote' | 'none';

  /** Where the picker is: `loading` the options, `ready`, `connecting` to a sign-in, or `failed`. */
  get phase() {
    return this.#identity.snapshot?.phase ?? 'loading';
  }

  /** The reader's current identity, `null` for a guest. */
  get identity() {
    return this.#identity.snapshot?.identity ?? null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.#provider.changed() || changed.has('provider')) {
      this.#identity.connect(this.#provider.value, this.timeout);
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Reconnected: follow the identity again.
    if (this.hasUpdated) this.#identity.connect(this.#provider.value, this.timeout);
  }

  protected override updated(): void {
    const selector = this.#focusAfterUpdate;
    if (!selector) return;
    this.#focusAfterUpdate = undefined;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  #identityChanged(snapshot: IdentitySnapshot, previous: IdentitySnapshot | undefined): void {
    if (!previous || sameIdentity(previous.identity, snapshot.identity)) return;
    this.dispatchEvent(new IdentityChangeEvent({ identity: snapshot.identity }));
  }

  #signIn(option: IdentityOption): void {
    this.#focusAfterUpdate = '[part~="cancel"]';
    void this.#identity.store?.signIn(option.id, this.timeout).then(() => {
      const snapshot = this.#identity.snapshot;
      this.#focusAfterUpdate =
        snapshot?.phase === 'failed' ? '[part~="option"]' : snapshot?.identity ? '[part~="log-out"]' : '[part~="option"]';
      this.requestUpdate();
    });
  }

  #cancel(): void {
    this.#identity.store?.cancelSignIn();
  }

  #signOut(thenChoose: boolean): void {
    void this.#identity.store?.signOut(this.timeout).finally(() => {
      this.#focusAfterUpdate = thenChoose ? '[part~="option"]' : '[part~="prompt"], [part~="option"]';
      this.requestUpdate();
    });
  }

  #icon(option: IdentityOption) {
    const src = safeHttpUrl(option.iconUrl);
    if (src) return html`<img src=${src} alt="" width="20" height="20" referrerpolicy="no-referrer" />`;
    if (this.#brandIcon === undefined) {
      if (this.#iconsRequested) return html`<span class="icon" aria-hidden="true"></span>`;
      this.#iconsRequested = true;
      brands ??= import('./brands.js').then((module) => module.brandIcon);
      void brands.then(
        (found) => (this.#brandIcon = found),
        () => (this.#brandIcon = null),
      ).finally(() => this.requestUpdate());
      return html`<span class="icon" aria-hidden="true"></span>`;
    }
    const brand = this.#brandIcon?.(option);
    return html`<svg class=${brand ? 'icon' : 'icon neutral'} viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path fill="currentColor" d=${brand?.path ?? NEUTRAL_ICON}></path>
    </svg>`;
  }

  #option(option: IdentityOption) {
    const name = this.#l10n.t('logInWith', { provider: option.label });
    return html`<li>
      <button
        type="button"
        class="option"
        part="option"
        aria-label=${name}
        title=${name}
        ?disabled=${!this.#provider.value?.signIn}
        @click=${() => this.#signIn(option)}
      >
        ${this.#icon(option)}
      </button>
    </li>`;
  }

  protected override render() {
    const snapshot = this.#identity.snapshot;
    const s = this.#l10n.strings;
    const t = this.#l10n.t.bind(this.#l10n);
    if (!snapshot || snapshot.phase === 'loading') return html`<slot name="guest"></slot>`;

    const oauth = snapshot.options.filter((option) => option.kind === 'oauth');
    const offersGuest = snapshot.options.length === 0 || snapshot.options.some((option) => option.kind === 'guest');

    if (snapshot.phase === 'connecting' && snapshot.pendingOption) {
      return html`<div class="status" part="status" role="status">
        <span class="spinner" aria-hidden="true"></span>
        <p>${t('connecting', { provider: snapshot.pendingOption.label })}</p>
        <button type="button" class="button" part="cancel" @click=${this.#cancel}>${s.cancel}</button>
      </div>`;
    }

    if (snapshot.identity) {
      const identity = snapshot.identity;
      const option = snapshot.options.find((candidate) => candidate.id === identity.optionId);
      const label = option?.label ?? identity.optionId;
      const avatar = safeHttpUrl(identity.avatarUrl);
      const loads = avatar !== null && (this.avatars === 'remote' || new URL(avatar).origin === location.origin);
      return html`<div class="identity" part="identity">
        ${this.avatars === 'none'
          ? nothing
          : loads
            ? html`<img part="avatar" src=${avatar} alt="" width="40" height="40" referrerpolicy="no-referrer" />`
            : html`<span part="avatar" class="glyph" aria-hidden="true">${initials(identity.name)}</span>`}
        <div>
          <p><strong>${identity.name}</strong></p>
          <p>
            ${t('signedInAs', { provider: label })} (<button
              type="button"
              class="link-button"
              part="log-out"
              @click=${() => this.#signOut(false)}
            >${s.logOut}</button>
            /
            <button type="button" class="link-button" part="change" @click=${() => this.#signOut(true)}>
              ${s.change}</button>)
          </p>
        </div>
      </div>`;
    }

    // As in the seed: the prompt with the icons it points to on one (wrapping) row, then the
    // guest details "below".
    return html`
      ${oauth.length
        ? html`<div class="choices">
            <p part="prompt" class="prompt" tabindex="-1">${s.loginPrompt}</p>
            <ul part="options" class="options">
              ${oauth.map((option) => this.#option(option))}
            </ul>
          </div>`
        : nothing}
      ${snapshot.phase === 'failed' && snapshot.pendingOption
        ? html`<p part="error" class="error" role="alert">
            ${t('signInFailed', { provider: snapshot.pendingOption.label })}
            ${snapshot.error ? errorText(s, snapshot.error.code, snapshot.error.retryAfter) : ''}
          </p>`
        : nothing}
      ${offersGuest ? html`<slot name="guest"></slot>` : nothing}
    `;
  }
}

function sameIdentity(a: Identity | null, b: Identity | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.optionId === b.optionId && a.name === b.name && a.avatarUrl === b.avatarUrl && a.url === b.url;
}
