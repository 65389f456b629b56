import { BRAND_ICONS } from './brand-icons.js';

/** Other names a sign-in option may go by, per brand key of `BRAND_ICONS`. */
const ALIASES: Readonly<Record<string, string>> = {
  twitter: 'x',
  xcom: 'x',
  wordpresscom: 'wordpress',
  wpcom: 'wordpress',
  fb: 'facebook',
};

const key = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * @ignore Internal to `<login-picker>`.
 * The brand icon for a sign-in option, matched on its id, then on its label
 * (`wordpress-com`, `Twitter`, `WordPress.com`); `null` for an option no icon here stands for.
 * Loaded on demand with the picker's options (the paths are the bulk of it).
 */
export function brandIcon(option: { id: string; label: string }): { title: string; path: string } | null {
  for (const candidate of [key(option.id), key(option.label)]) {
    const brand = ALIASES[candidate] ?? candidate;
    if (Object.hasOwn(BRAND_ICONS, brand)) return BRAND_ICONS[brand];
  }
  return null;
}
