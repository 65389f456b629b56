import type { CommentStrings, PluralStrings, StringOverrides } from './localize.js';

/**
 * A complete translation: every key of the English table. Plural entries (the
 * objects with an `other` form) are open to every category the language uses
 * (Arabic needs zero, one, two, few, many and other).
 */
export type LocaleTable = {
  [K in keyof CommentStrings]: IsPlural<CommentStrings[K]> extends true ? PluralStrings : CommentStrings[K];
};

/** A plural entry: an object whose keys are all plural categories (so `reportReasons` is not one). */
type IsPlural<T> = T extends { other: string } ? (Exclude<keyof T, Intl.LDMLPluralRule> extends never ? true : false) : false;

/** A table in the shape `registerLocale` takes (plural entries may carry extra categories). */
export function asOverrides(table: LocaleTable): StringOverrides {
  return table as unknown as StringOverrides;
}
