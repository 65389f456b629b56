import { html, nothing } from 'lit';

/**
 * What a child part shows for a list of optional pieces: `nothing`, the one
 * piece, or the pieces side by side. Lit marks each item of a list with two
 * comment nodes; a piece alone needs none, and two or three in a template of
 * their own one each.
 */
export function oneOrAll(pieces: readonly unknown[]): unknown {
  const present = pieces.filter((piece) => piece !== nothing);
  switch (present.length) {
    case 0:
      return nothing;
    case 1:
      return present[0];
    case 2:
      return html`${present[0]}${present[1]}`;
    case 3:
      return html`${present[0]}${present[1]}${present[2]}`;
    default:
      return present;
  }
}
