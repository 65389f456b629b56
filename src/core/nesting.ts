/**
 * A line opening 64 or more nested quotes or list items, or indented as deep as that.
 *
 * Written so that no input can be matched in two ways (which is what makes a backtracking engine
 * take exponential time on a line that almost matches): the leading whitespace is read once, then
 * each marker is followed by its own whitespace, and no marker starts with whitespace. A line
 * that almost matches (`* ` 63 times, `*` and three spaces repeated, then text) therefore costs
 * time in proportion to its length. `npm test` runs a ReDoS checker over it (scripts/check-redos.mjs).
 */
const TOO_DEEP = /^[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)])[ \t]*){64}|^[ \t]{256,}\S/m;

/** Whether any line of `source` nests 64 or more quotes or list items, or is indented 256 or more. */
export function tooDeep(source: string): boolean {
  return TOO_DEEP.test(source);
}
