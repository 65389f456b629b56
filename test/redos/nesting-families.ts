/**
 * Lines that almost open 64 nested quotes or list items, or almost indent 256 deep: `n` is how many
 * markers (or, for the indentation families, how many units of 4 blanks) the line has. The old check
 * took exponential time on such lines (33 `* ` pairs then text: 20 s in Node 20).
 */
export const NESTING_FAMILIES: Record<string, (n: number) => string> = {
  '"* " pairs then text': (n) => `${'* '.repeat(n)}x`,
  '"*" and three spaces': (n) => '*   '.repeat(n),
  '"> " then a tab and text': (n) => `${'> '.repeat(n)}\tx`,
  '"-\\t" pairs': (n) => '-\t'.repeat(n),
  '"1. " then "1)"': (n) => `${'1. '.repeat(n)}1)`,
  '"123456789." then ten digits': (n) => `${'123456789. '.repeat(n)}1234567890.`,
  'markers without spaces': (n) => `${'>-+*'.repeat(n)}x`,
  'markers on many lines': (n) => Array.from({ length: 50 }, () => '* '.repeat(n)).join('\n'),
  'blanks, no text after them': (n) => ' \t  '.repeat(n),
  'blanks then text': (n) => `${'    '.repeat(n)}x`,
};

/** The number of markers a line opens with, and its leading blanks, read one character at a time. */
export function referenceTooDeep(source: string): boolean {
  return source.split(/\r\n|[\n\r\u2028\u2029]/).some((line) => {
    let i = 0;
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= 256 && i < line.length && /\S/.test(line[i])) return true;
    let markers = 0;
    for (;;) {
      while (line[i] === ' ' || line[i] === '\t') i++;
      if ('>-*+'.includes(line[i] ?? 'x')) {
        i++;
      } else {
        let digits = 0;
        while (digits < 10 && /\d/.test(line[i + digits] ?? '')) digits++;
        if (digits < 1 || digits > 9 || !'.)'.includes(line[i + digits] ?? 'x')) break;
        i += digits + 1;
      }
      if (++markers >= 64) return true;
    }
    return false;
  });
}
