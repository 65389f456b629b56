/**
 * Generated inputs that *almost* match the constructs of the parsers a comment body goes through
 * (marked, DOMPurify and the browser's HTML parser, turndown, and our own checks): each family is
 * one construct, built at growing sizes, so a test can bound the time of every size and a benchmark
 * can report how the time grows. Near-misses, not matches: a backtracking parser is slowest on input
 * that keeps looking as if it were about to match and then does not.
 *
 * Used by test/redos/parsers.test.ts (time bounds, in Chromium) and bench/redos.mjs (the report).
 */
export interface Family {
  /** What it is, as the test and the benchmark name it. */
  name: string;
  /** The construct it almost matches (the families are grouped by it). */
  construct: Construct;
  /** The input with `n` repetitions of its unit. */
  make(n: number): string;
}

export type Construct =
  | 'markers with whitespace between'
  | 'runs of emphasis delimiters'
  | 'unclosed brackets and backticks'
  | 'autolinks, entities and escapes'
  | 'nested quotes and lists'
  | 'long lines and many lines'
  | 'deep and misnested HTML';

/** Input sizes, in characters, up to the largest body a backend stores (WordPress: 65,525 bytes). */
export const SIZES = [4_000, 8_000, 16_000, 32_000, 64_000] as const;

const repeat = (unit: string) => (n: number) => unit.repeat(n);
const lines = (line: (i: number) => string, join = '\n') => (n: number) =>
  Array.from({ length: n }, (_, i) => line(i)).join(join);

function family(construct: Construct, list: [string, (n: number) => string][]): Family[] {
  return list.map(([name, make]) => ({ name, construct, make }));
}

export const FAMILIES: Family[] = [
  ...family('markers with whitespace between', [
    ['"* " then text', (n) => `${'* '.repeat(n)}x`],
    ['"*" and three spaces', repeat('*   ')],
    ['"> " then a tab', (n) => `${'> '.repeat(n)}\t`],
    ['"1. " then text', (n) => `${'1. '.repeat(n)}x`],
    ['"- > 1) " mixed', repeat('- > 1) ')],
    ['"123456789)" long ordinals', repeat('123456789) ')],
    ['"# " headings', (n) => `${'# '.repeat(n)}x`],
    ['"_ " and "** "', repeat('_ ** ')],
    ['"* " lines, one level more each', lines((i) => `${'* '.repeat(i % 63)}x`)],
    ['spaces then a marker', (n) => `${' \t'.repeat(n)}*`],
  ]),
  ...family('runs of emphasis delimiters', [
    ['"*" run then text', (n) => `${'*'.repeat(n)}a`],
    ['"*a"', repeat('*a')],
    ['"**a_"', repeat('**a_')],
    ['"***a "', repeat('***a ')],
    ['"_a "', repeat('_a ')],
    ['"a**b"', repeat('a**b ')],
    ['"~~a"', repeat('~~a')],
    ['"*" run, text, "_" run', (n) => `${'*'.repeat(n)}a${'_'.repeat(n)}`],
    ['"*a **a ***a _a __a ___a"', repeat('*a **a ***a _a __a ___a ')],
  ]),
  ...family('unclosed brackets and backticks', [
    ['"["', repeat('[')],
    ['"[a]("', repeat('[a](')],
    ['"![a]("', repeat('![a](')],
    ['"[a](<"', repeat('[a](<')],
    ['"[a][b"', repeat('[a][b')],
    ['link then "("', (n) => `[a](${'('.repeat(n)}`],
    ['"[a]: <" definitions', repeat('[a]: <')],
    ['"`" run then text', (n) => `${'`'.repeat(n)}a`],
    ['"`a"', repeat('`a')],
    ['backtick runs of growing length', lines((i) => '`'.repeat((i % 40) + 1), 'a')],
    ['"<a "', repeat('<a ')],
    ['"<a href=""', repeat('<a href="')],
    ['"<!--"', repeat('<!--')],
    ['"<![CDATA["', repeat('<![CDATA[')],
  ]),
  ...family('autolinks, entities and escapes', [
    ['"www.a."', repeat('www.a.')],
    ['"http://a" then ".a" and "_"', (n) => `http://a${'.a'.repeat(n)}_`],
    ['"a@a."', repeat('a@a.')],
    ['"(" run, an address, ")" run', (n) => `${'('.repeat(n)}www.a.b${')'.repeat(n)}`],
    ['"\\\\"', repeat('\\')],
    ['"&#" and "&a"', repeat('&#&a')],
  ]),
  ...family('nested quotes and lists', [
    ['quotes one deeper per line', lines((i) => `${'>'.repeat((i % 63) + 1)} x`)],
    ['lists one deeper per line', lines((i) => `${'  '.repeat(i % 60)}- x`)],
    ['"1. > - " mixed containers', repeat('1. > - ')],
    ['quote, list, quote per line', lines((i) => `${'> - '.repeat(i % 31)}x`)],
    ['loose list items', repeat('- a\n\n')],
  ]),
  ...family('long lines and many lines', [
    ['one long line', repeat('a ')],
    ['many lines', repeat('a\n')],
    ['many paragraphs', repeat('a\n\n')],
    ['unclosed fences', repeat('```a\n')],
    ['indented code lines', repeat('    a\n')],
    ['setext underlines', repeat('a\n=\n')],
    ['"|" run', repeat('|')],
    ['a wide table', (n) => `${'| a '.repeat(n)}|\n${'|-'.repeat(n)}|`],
    ['a long table', (n) => `|a|\n|-|\n${'|a|\n'.repeat(n)}`],
    ['"<div>" lines', repeat('<div>\n')],
    ['"<div>" blocks between blank lines', repeat('<div>\n\n')],
    ['"<b><i>" paragraphs', repeat('<b><i>x\n\n')],
  ]),
  ...family('deep and misnested HTML', [
    ['"<div>"', (n) => `${'<div>'.repeat(n)}x`],
    ['"<b><i>"', (n) => `${'<b><i>'.repeat(n)}x`],
    ['"<b><i></b></i>" misnested', repeat('<b><i>x</b></i>')],
    ['"<a href=x>" nested links', repeat('<a href=x>a')],
    ['"<ul><li>"', (n) => `${'<ul><li>'.repeat(n)}x`],
    ['"<blockquote>"', (n) => `${'<blockquote>'.repeat(n)}x`],
    ['"<table><tr><td>"', (n) => `${'<table><tr><td>'.repeat(n)}x`],
    ['"<b>" run then "<p>x</b>"', (n) => `${'<b>'.repeat(n)}${'<p>x</b>'.repeat(n)}`],
    ['"<svg><math>" foreign content', repeat('<svg><math>')],
    ['"<select><option>"', repeat('<select><option>')],
  ]),
];

/** How many repetitions of a family's unit make an input of about `chars` characters. */
export function repetitionsFor(family: Family, chars: number): number {
  let high = 1;
  while (family.make(high).length < chars) high *= 2;
  let low = Math.floor(high / 2);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (family.make(middle).length < chars) low = middle;
    else high = middle;
  }
  return high;
}
