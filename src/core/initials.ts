/**
 * Up to two initials for an avatar placeholder ("Bret Simmons" → "BS"): the first letter or digit
 * of each of the first two words that have one ("Julian (admin)" → "JA", not "J(").
 */
export function initials(name: string): string {
  const letters = name
    .split(/\s+/u)
    .map((word) => [...word].find((char) => /[\p{L}\p{N}]/u.test(char)))
    .filter(Boolean)
    .slice(0, 2);
  return letters.join('').toLocaleUpperCase() || '?';
}
