/**
 * Registers every bundled translation at once (German, French, Spanish,
 * Japanese, Arabic). Import it for its side effect; to load only the language
 * a page needs, use `loadLocale` from `./load.js` instead.
 */
import { registerAr } from './ar.js';
import { registerDe } from './de.js';
import { registerEs } from './es.js';
import { registerFr } from './fr.js';
import { registerJa } from './ja.js';

export const BUNDLED_LOCALES = ['de', 'fr', 'es', 'ja', 'ar'] as const;

registerDe();
registerFr();
registerEs();
registerJa();
registerAr();
