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

/**
 * The most tags a body's HTML may have before it is shown as text. The browser's HTML parser (which
 * DOMPurify and the editor's converter run) takes time that grows faster than the number of tags on
 * some markup — formatting elements left open across paragraphs: 64,000 characters of `<b><i>x`
 * paragraphs took over 10 s in Chromium — and turndown's walk grows with the nesting as well. A
 * comment needs far fewer; at this many the worst markup found stays near a tenth of a second.
 */
export const MAX_TAGS = 1_000;

/** Whether `html` has more than {@link MAX_TAGS} `<` characters (every tag has one; counted without parsing). */
export function tooManyTags(html: string): boolean {
  let count = 0;
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    if (++count > MAX_TAGS) return true;
  }
  return false;
}
