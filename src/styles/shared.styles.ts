import { css } from 'lit';
import { palette } from './palette.js';

/**
 * Tokens every element shares. Public tokens (`--comment-thread-*`) are
 * documented on each element; private ones (`--_*`) are derived here so a
 * theme sets one value and every element follows.
 *
 * Three layers, first wins: the public token a page sets; the palette of
 * `theme="light|dark|auto"` (`--_theme-*`, see palette.ts); and, with no theme,
 * values derived from the page's own text colour, so the elements look native
 * on any page and keep AA contrast on light and dark pages alike.
 */
/** @ignore Styles are documented as the element's parts and custom properties. */
export const sharedStyles = css`
  ${palette}
  :host {
    /* With no theme the neutral tones derive from currentColor, the page's text colour. */
    --_muted: var(--comment-thread-muted-color, var(--_theme-muted, color-mix(in srgb, currentColor 78%, transparent)));
    --_surface: var(--comment-thread-surface-color, var(--_theme-surface, color-mix(in srgb, currentColor 6%, transparent)));
    --_border: var(--comment-thread-border-color, var(--_theme-border, color-mix(in srgb, currentColor 55%, transparent)));
    /*
     * Colours that must stand out from the page's background follow its colour scheme, as
     * the browser's own LinkText does (a dark page declares color-scheme: dark). They cannot
     * derive from currentColor: that would change on every element that sets its own colour.
     */
    --_accent: var(--comment-thread-accent-color, var(--_theme-accent, light-dark(#0a5fcc, #4493f8)));
    --_on-accent: var(--comment-thread-on-accent-color, var(--_theme-on-accent, light-dark(#ffffff, #0d1117)));
    --_danger: var(--comment-thread-danger-color, var(--_theme-danger, light-dark(#b91c1c, #f85149)));
    --_focus: var(--comment-thread-focus-color, var(--_accent));
    /* Lines between comments are decoration, lighter than the borders of controls (which need 3:1). */
    --_separator: var(--comment-thread-separator-color, color-mix(in srgb, var(--_border) 55%, transparent));
    --_radius: var(--comment-thread-radius, 0.375rem);
    --_space: var(--comment-thread-spacing, 1rem);
    display: block;
    box-sizing: border-box;
    /* Unset tokens make these declarations invalid, so font and colour inherit from the page. */
    font: var(--comment-thread-font);
    color: var(--comment-thread-color, var(--_theme-color));
    background: var(--comment-thread-background, var(--_theme-background));
  }
  /*
   * Right-to-left languages (the list LocalizeController.dir knows) lay out right to left
   * even on a page that does not say so: the language comes from the element's or an
   * ancestor's lang, like its strings.
   */
  :host(:lang(ar)),
  :host(:lang(he)),
  :host(:lang(fa)),
  :host(:lang(ur)),
  :host(:lang(yi)),
  :host(:lang(ps)),
  :host(:lang(sd)),
  :host(:lang(ug)),
  :host(:lang(dv)),
  :host(:lang(ckb)) {
    direction: rtl;
  }
  /*
   * A theme paints its own background, so its content keeps off the edges. An element
   * nested in another (the form in a thread, the picker in a form) already sits inside
   * that inset: every element of a shadow tree gets --_inset: 0, which a nested host sees.
   */
  :host([theme='light']),
  :host([theme='dark']),
  :host([theme='auto']) {
    padding: var(--_inset, var(--comment-thread-padding, var(--_space)));
    border-radius: var(--_radius);
  }
  * {
    --_inset: 0px;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  /* Busy controls keep focus (aria-disabled, not disabled) and look the same as disabled ones. */
  button:disabled,
  button[aria-disabled='true'] {
    cursor: default;
    opacity: 0.6;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  a {
    color: var(--_accent);
  }
  .button {
    padding: 0.45em 1em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
  }
  /*
   * A destructive action (the delete confirmation's Delete): the danger colour on the
   * surface, for its text and its border, so it cannot be taken for the Cancel beside it.
   * It pairs the danger colour with the backgrounds only, as error text does.
   */
  .button.danger {
    color: var(--_danger);
    border-color: var(--_danger);
    font-weight: 600;
  }
  .link-button {
    padding: 0;
    border: 0;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
  }
  .error {
    color: var(--_danger);
  }
`;
