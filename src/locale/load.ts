/**
 * Loads a bundled translation on demand: each language is its own module, so a
 * bundler splits it into a chunk that only pages in that language fetch.
 */
const loaders: Record<string, () => Promise<() => void>> = {
  de: () => import('./de.js').then((module) => module.registerDe),
  fr: () => import('./fr.js').then((module) => module.registerFr),
  es: () => import('./es.js').then((module) => module.registerEs),
  ja: () => import('./ja.js').then((module) => module.registerJa),
  ar: () => import('./ar.js').then((module) => module.registerAr),
};

/** The languages `loadLocale` can fetch. */
export const loadableLocales = Object.keys(loaders);

/**
 * Registers the bundled table for `lang` (`de`, `de-AT`, `ar-EG`…), loading it
 * first. Resolves `true` when a table was registered, `false` for English or a
 * language without a bundled table (English strings are then used).
 */
export async function loadLocale(lang: string): Promise<boolean> {
  const load = loaders[lang.toLowerCase().split('-')[0]];
  if (!load) return false;
  (await load())();
  return true;
}
