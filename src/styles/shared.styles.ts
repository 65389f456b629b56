import { css } from 'lit';

/**
 * Tokens every element shares. Public tokens (`--comment-thread-*`) are
 * documented on each element; private ones (`--_*`) are derived here so a
 * theme sets one value and every element follows.
 */
export const sharedStyles = css`
  :host {
    --_color: var(--comment-thread-color, inherit);
    --_muted: var(--comment-thread-muted-color, color-mix(in srgb, currentColor 72%, transparent));
    --_accent: var(--comment-thread-accent-color, LinkText);
    --_surface: var(--comment-thread-surface-color, color-mix(in srgb, currentColor 5%, transparent));
    --_border: var(--comment-thread-border-color, color-mix(in srgb, currentColor 22%, transparent));
    --_radius: var(--comment-thread-radius, 0.375rem);
    --_space: var(--comment-thread-spacing, 1rem);
    --_focus: var(--comment-thread-focus-color, Highlight);
    --_danger: var(--comment-thread-danger-color, #b3261e);
    display: block;
    font: var(--comment-thread-font, inherit);
    color: var(--_color);
    box-sizing: border-box;
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
  button:disabled {
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
    color: var(--comment-thread-on-accent-color, Canvas);
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
