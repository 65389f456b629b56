import type { CommentStrings, PluralStrings, StringOverrides } from './localize.js';

/**
 * A complete translation: every key of the English table. Plural entries (the
 * objects with an `other` form) are open to every category the language uses
 * (Arabic needs zero, one, two, few, many and other).
 */
export type LocaleTable = {
  [K in keyof CommentStrings]: CommentStrings[K] extends { other: string } ? PluralStrings : CommentStrings[K];
};

/** A table in the shape `registerLocale` takes (plural entries may carry extra categories). */
export function asOverrides(table: LocaleTable): StringOverrides {
  return table as unknown as StringOverrides;
}
