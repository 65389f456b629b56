import { css } from 'lit';

/**
 * The light and dark palettes behind `theme="light|dark|auto"`, as private
 * `--_theme-*` tokens that the public `--comment-thread-*` ones override.
 *
 * Each token is one `light-dark()` pair, resolved by the element's used colour
 * scheme: `light` and `dark` fix it; `auto` inherits the page's `color-scheme`,
 * so a page that declares `color-scheme: light dark` follows the reader's
 * `prefers-color-scheme`, and one that declares `dark` stays dark. With no
 * `theme` none of this applies and the elements inherit the page's colours.
 *
 * Every pair keeps WCAG 2.2 AA against its background, the surface and the
 * permalink highlight (checked by test/theme-contrast.test.ts): text 4.5:1,
 * borders and the focus ring 3:1.
 */
/** @ignore Styles are documented as the element's parts and custom properties. */
export const palette = css`
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([theme='light']),
  :host([theme='dark']),
  :host([theme='auto']) {
    --_theme-background: light-dark(#ffffff, #0d1117);
    --_theme-color: light-dark(#1f2328, #e6edf3);
    --_theme-muted: light-dark(#59636e, #9198a1);
    --_theme-accent: light-dark(#0a5fcc, #4493f8);
    --_theme-on-accent: light-dark(#ffffff, #0d1117);
    --_theme-surface: light-dark(#f6f8fa, #151b23);
    --_theme-border: light-dark(#818b98, #6e7681);
    --_theme-danger: light-dark(#b91c1c, #f85149);
  }
`;
