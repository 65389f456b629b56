import { css } from 'lit';

/** @ignore Styles are documented as the element's parts and custom properties. */
export const loginPickerStyles = css`
  /* The prompt and the icons it points to share a row, wrapping on narrow screens (the seed). */
  .choices {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin: 0 0 calc(var(--_space) * 0.5);
  }
  .prompt {
    margin: 0;
    color: var(--_muted);
  }
  .options {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .option {
    display: inline-grid;
    place-items: center;
    inline-size: 2.25rem;
    block-size: 2.25rem;
    padding: 0;
    border: 1px solid var(--_border);
    border-radius: 50%;
    background: var(--_surface);
  }
  .option img {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    border-radius: 50%;
  }
  .option .icon {
    display: block;
    inline-size: 1.25rem;
    block-size: 1.25rem;
  }
  .glyph {
    display: grid;
    place-items: center;
    font-weight: 700;
    font-size: 0.85rem;
    line-height: 1;
  }
  .identity {
    display: flex;
    align-items: center;
    gap: 0.75rem;
  }
  .identity img,
  .identity .glyph {
    inline-size: 2.5rem;
    block-size: 2.5rem;
    border-radius: 50%;
    background: var(--_surface);
    font-size: 1rem;
  }
  .identity p,
  .status p {
    margin: 0;
  }
  .status {
    display: flex;
    align-items: center;
    gap: 0.75rem;
  }
  .spinner {
    inline-size: 1rem;
    block-size: 1rem;
    border: 2px solid var(--_border);
    border-block-start-color: var(--_accent);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
`;
