// The bundles' way to fetch a translation: an element whose `lang` (or the page's `<html lang>`) is
// a bundled translation fetches it as a chunk of its own, so only pages in that language load it
// (the list of languages is a chunk too, so English pages load none of this). Imported for its
// effect by each bundle's entry (src/bundle.ts, src/bundle-moderation.ts).
import { setLocaleLoader } from './localize.js';

setLocaleLoader((lang) => import('./load.js').then((module) => module.loadLocale(lang)));
