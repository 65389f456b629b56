/**
 * The strings of `<comment-moderation>` in every bundled language, and how the element picks
 * them: the element's language, else its base language, else English, then its own overrides.
 */
import { moderationAr } from './ar.js';
import { moderationDe } from './de.js';
import { moderationEn, type ModerationStrings } from './en.js';
import { moderationEs } from './es.js';
import { moderationFr } from './fr.js';
import { moderationJa } from './ja.js';

export type { ModerationStrings };

/** The bundled tables by language. */
export const MODERATION_TABLES: Readonly<Record<string, ModerationStrings>> = {
  en: moderationEn,
  de: moderationDe,
  es: moderationEs,
  fr: moderationFr,
  ja: moderationJa,
  ar: moderationAr,
};

/** The strings for `lang` (`de`, `de-AT`…) with `overrides` on top. */
export function moderationStrings(lang: string, overrides?: Partial<ModerationStrings> | null): ModerationStrings {
  const lower = lang.toLowerCase();
  const table = MODERATION_TABLES[lower] ?? MODERATION_TABLES[lower.split('-')[0]] ?? moderationEn;
  return overrides ? { ...table, ...overrides } : table;
}
