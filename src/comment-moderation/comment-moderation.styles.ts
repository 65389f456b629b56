import { css } from 'lit';

/** @ignore Styles are documented as the element's parts and custom properties. */
export const commentModerationStyles = css`
  h2 {
    font-size: 1.25em;
    margin: 0 0 var(--_space);
  }
  .toolbar,
  .actions,
  .undo {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .toolbar {
    margin-block-end: var(--_space);
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .item {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.25rem 0.75rem;
    padding: 0.75rem;
    border: 1px solid var(--_separator);
    border-radius: var(--_radius);
    margin-block-end: 0.75rem;
  }
  .item[aria-current='true'] {
    border-color: var(--_accent);
    box-shadow: 0 0 0 1px var(--_accent);
  }
  .item > .content {
    min-width: 0;
  }
  .meta,
  .context,
  .details {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .author {
    font-weight: 600;
    color: var(--comment-thread-color, inherit);
  }
  .badge {
    display: inline-block;
    padding: 0 0.4em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    font-size: 0.85em;
    margin-inline-start: 0.5em;
  }
  .badge.spam,
  .badge.reported {
    color: var(--_danger);
    border-color: var(--_danger);
  }
  .details {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0 0.75rem;
    margin: 0.25rem 0;
  }
  .details dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .body {
    overflow-wrap: anywhere;
  }
  .body :where(p, ul, ol, pre, blockquote) {
    margin-block: 0.5em;
  }
  .body :where(img) {
    max-width: 100%;
  }
  .settings {
    border: 1px solid var(--_separator);
    border-radius: var(--_radius);
    padding: 0.75rem;
    margin-block-end: var(--_space);
    display: grid;
    gap: 0.5rem;
    justify-items: start;
  }
  .settings input[type='number'] {
    inline-size: 6em;
    font: inherit;
  }
  .shortcuts {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .undo {
    position: sticky;
    inset-block-end: 0;
    background: var(--comment-thread-background, var(--_theme-background, Canvas));
    padding-block: 0.5rem;
  }
  select {
    font: inherit;
  }
`;
