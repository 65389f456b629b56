import { nothing } from 'lit';

/**
 * What a child part shows for a list of optional pieces: `nothing`, the one
 * piece, or the list. Lit marks each item of a list with two comment nodes, so
 * a one-piece list would cost two DOM nodes per comment for nothing.
 */
export function oneOrAll(pieces: readonly unknown[]): unknown {
  const present = pieces.filter((piece) => piece !== nothing);
  return present.length === 0 ? nothing : present.length === 1 ? present[0] : present;
}
