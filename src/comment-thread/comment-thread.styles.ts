import { css } from 'lit';

/** @ignore Styles are documented as the element's parts and custom properties. */
export const commentThreadStyles = css`
  :host {
    --_avatar: var(--comment-thread-avatar-size, 2.5rem);
    --_indent: var(--comment-thread-indent, calc(var(--_avatar) + 0.75rem));
    --_highlight: var(--comment-thread-highlight-color, color-mix(in srgb, var(--_accent) 14%, transparent));
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.5rem 1rem;
    margin-block-end: var(--_space);
  }
  h2 {
    margin: 0;
    font-size: 1.35em;
  }
  .order select {
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.2em 0.4em;
  }
  /* The thread's own lists only: a numbered list in a comment keeps its numbers. */
  [part~='list'],
  [part~='list'] > li > ol,
  [part~='replies'] {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  [part~='replies'] {
    padding-inline-start: var(--_indent);
  }
  [part~='list'] > li,
  [part~='list'] > li > ol > li,
  [part~='replies'] > li {
    margin: 0;
  }
  /* A conversation's layout and style stay inside it: a reply added to one lays out that one. */
  [part~='list'] > li > ol > li {
    contain: layout style;
  }
  /*
   * Off-screen groups of conversations (see list-groups.ts) skip style, layout and paint until
   * scrolled near, yet stay in the document (find-in-page, permalinks, screen readers). Not the
   * first, which holds the first screen (it would paint one frame at the estimated height). The
   * estimate: GROUP conversations of 12rem. Only where scroll anchoring keeps a permalink or the
   * reader's place still while estimates above become real heights: Blink (WebKit has no scroll
   * anchoring; Gecko's loses the place beside skipped content, -moz-orient tells it; the same as
   * SKIPS_GROUPS, which test/offscreen-conversations.test.ts holds to it).
   * Their avatars get their address when shown (./group-avatars.ts). The clip margin keeps a focus
   * ring whole.
   */
  @supports (overflow-anchor: auto) and (not (-moz-orient: inline)) {
    [part~='list'] > li + li {
      content-visibility: auto;
      contain-intrinsic-size: auto 300rem;
      overflow-clip-margin: 4px;
    }
  }
  article {
    /* minmax(0, …): otherwise WebKit widens the column to a long unbroken word's full width. */
    display: grid;
    grid-template-columns: var(--_avatar) minmax(0, 1fr);
    column-gap: 0.75rem;
    padding: calc(var(--_space) * 0.75) 0;
    border-block-start: 1px solid var(--_separator, var(--_border));
    scroll-margin-block: 4rem;
  }
  article:focus {
    outline: none;
  }
  article:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  article.highlight {
    background: var(--_highlight);
    border-radius: var(--_radius);
  }
  /* avatars="none": one column, replies indented less. */
  :host([avatars='none']) {
    --_indent: var(--comment-thread-indent, 1.25rem);
  }
  :host([avatars='none']) article {
    grid-template-columns: minmax(0, 1fr);
  }
  .avatar {
    grid-row: span 3;
    inline-size: var(--_avatar);
    block-size: var(--_avatar);
    border-radius: 50%;
    object-fit: cover;
    background: var(--_surface);
    display: grid;
    place-items: center;
    font-weight: 600;
    color: var(--_muted);
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.6rem;
  }
  .author {
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  .badge {
    font-size: 0.8em;
    padding: 0.05em 0.5em;
    border: 1px solid var(--_border);
    border-radius: 999px;
    color: var(--_muted);
  }
  .permalink {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .note {
    margin: 0.25rem 0 0;
    color: var(--_muted);
    font-size: 0.9em;
    font-style: italic;
  }
  .body {
    /* Said again here: Firefox and WebKit inherit an RTL thread's start as right, not as start. */
    text-align: start;
    overflow-wrap: anywhere;
    line-height: 1.55;
  }
  .body > :first-child {
    margin-block-start: 0.35rem;
  }
  .body > :last-child {
    margin-block-end: 0.35rem;
  }
  /* The browser's nested-list bullets would count the thread's own lists as levels. */
  .body ul {
    list-style-type: disc;
  }
  .body ul ul {
    list-style-type: circle;
  }
  .body ul ul ul {
    list-style-type: square;
  }
  .show-full {
    grid-column: 2;
    justify-self: start;
    margin-block-end: 0.35rem;
  }
  .body pre {
    overflow-x: auto;
  }
  .body img {
    max-inline-size: 100%;
  }
  .body blockquote {
    margin-inline: 0;
    padding-inline-start: 0.75rem;
    border-inline-start: 3px solid var(--_border);
    color: var(--_muted);
  }
  .actions {
    grid-column: 2;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 1rem;
  }
  .reactions {
    display: flex;
    gap: 0.35rem;
  }
  .reaction {
    display: inline-flex;
    gap: 0.3rem;
    align-items: center;
    padding: 0.1em 0.55em;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: none;
    font-size: 0.9em;
  }
  /* The thumbs-up drawn as a mask in the text colour: no SVG nodes in every comment, no emoji font. */
  .reaction.like::before {
    content: '';
    inline-size: 1rem;
    block-size: 1rem;
    background: currentColor;
    /* Double quotes outside, single inside: the build's CSS minifier keeps them so. */
    mask: url("data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'><path d='M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3a1.5 1.5 0 0 0-.4-1L13.2 1 6.6 7.6A2 2 0 0 0 6 9v10a2 2 0 0 0 2 2h9a2 2 0 0 0 1.8-1.2l3-7.1.2-.7v-2z'/></svg>")
      center / contain no-repeat;
  }
  @media (forced-colors: active) {
    .reaction.like::before {
      forced-color-adjust: none;
      background: ButtonText;
    }
  }
  .reaction[aria-pressed='true'] {
    border-color: var(--_accent);
    background: var(--_surface);
    font-weight: 600;
  }
  .edited {
    color: var(--_muted);
    font-size: 0.85em;
  }
  .confirm {
    flex-basis: 100%;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .confirm p {
    margin: 0;
    flex-basis: 100%;
  }
  .confirm select {
    font: inherit;
    color: inherit;
    background: transparent;
    margin-inline-start: 0.5rem;
  }
  .edit-form {
    grid-column: 2;
    margin-block: 0.5rem;
  }
  .reply {
    padding: 0.15em 0;
    border: 0;
    background: none;
    color: var(--_accent);
    font-weight: 600;
  }
  .show-more {
    margin: calc(var(--_space) * 0.5) 0;
  }
  .reply-form {
    padding: var(--_space) 0 var(--_space) var(--_indent);
  }
  .form {
    margin-block-start: calc(var(--_space) * 2);
  }
  /* The form's place until its code comes: about its height, so the page does not shift. */
  .form-placeholder {
    min-height: 20rem;
  }
  .form-placeholder textarea {
    box-sizing: border-box;
    width: 100%;
    min-height: 8rem;
    font: inherit;
  }
  .state {
    padding: var(--_space) 0;
  }
  .more {
    margin-block-start: var(--_space);
  }
  .skeleton {
    display: grid;
    grid-template-columns: var(--_avatar) minmax(0, 1fr);
    gap: 0.75rem;
    padding: calc(var(--_space) * 0.75) 0;
  }
  .skeleton span {
    display: block;
    background: var(--_surface);
    border-radius: var(--_radius);
    block-size: 0.9rem;
    margin-block: 0.35rem;
  }
  .skeleton .circle {
    inline-size: var(--_avatar);
    block-size: var(--_avatar);
    border-radius: 50%;
    margin: 0;
  }
  @media (prefers-reduced-motion: no-preference) {
    .skeleton span {
      animation: pulse 1.4s ease-in-out infinite;
    }
  }
  @keyframes pulse {
    50% {
      opacity: 0.45;
    }
  }
`;
