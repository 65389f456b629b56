import { css } from 'lit';

/** @ignore Styles are documented as the element's parts and custom properties. */
export const commentFormStyles = css`
  form {
    display: grid;
    gap: calc(var(--_space) * 0.75);
  }
  .heading {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.5rem 1rem;
  }
  h3 {
    margin: 0;
    font-size: 1.15em;
  }
  .field {
    display: grid;
    gap: 0.25rem;
  }
  .guest {
    display: grid;
    gap: calc(var(--_space) * 0.75);
    margin-block-end: calc(var(--_space) * 0.5);
  }
  label {
    font-weight: 600;
  }
  .hint,
  .required {
    color: var(--_muted);
    font-weight: 400;
    font-size: 0.9em;
  }
  input[type='text'],
  input[type='email'],
  input[type='url'],
  textarea {
    inline-size: 100%;
    padding: 0.5em 0.6em;
    font: inherit;
    color: inherit;
    background: var(--comment-thread-input-background, transparent);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  textarea {
    min-block-size: 7rem;
    resize: vertical;
  }
  /*
   * While a post or an edit is on its way the fields are read-only and aria-disabled, not
   * disabled, so focus stays in them; they look busy as disabled fields would.
   */
  input:disabled,
  textarea:disabled,
  input[aria-disabled='true'],
  textarea[aria-disabled='true'] {
    cursor: default;
    opacity: 0.6;
  }
  input[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .tabs {
    display: flex;
    gap: 0.25rem;
  }
  .tabs button {
    padding: 0.25em 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: none;
  }
  .tabs button[aria-pressed='true'] {
    background: var(--_surface);
    font-weight: 600;
  }
  .preview {
    text-align: start;
    min-block-size: 7rem;
    padding: 0.5em 0.75em;
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    overflow-wrap: anywhere;
  }
  .checkbox {
    display: flex;
    gap: 0.5rem;
    align-items: start;
    font-weight: 400;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75rem;
  }
  .message {
    margin: 0;
  }
  .trap {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
