// The list route's answers to readers who own nothing (no sign-in, no author token: they all
// see the same page), kept as the JSON text sent, under the store's version mark
// (Store.version): while the mark stays, nothing stored changed and the text is still the
// answer. A new mark empties the cache. Bounded by the characters it holds.

/** @typedef {{ body: string, lastEventId: string }} CachedPage */

export class PageCache {
  /** @type {Map<string, CachedPage>} */
  #pages = new Map();
  /** @type {string | null} */
  #version = null;
  #chars = 0;
  #maxChars;

  /** @param {number} [maxChars] the most characters of JSON held (default 8 million) */
  constructor(maxChars = 8_000_000) {
    this.#maxChars = maxChars;
  }

  /**
   * The page cached under `key` while the store's mark was `version`; none when the mark moved on.
   * @param {string} key @param {string | null} version @returns {CachedPage | undefined}
   */
  get(key, version) {
    if (version === null || version !== this.#version) return undefined;
    return this.#pages.get(key);
  }

  /**
   * Keeps `page` under `key`, read when the store's mark was `version` (read before the page).
   * A null mark keeps nothing; the oldest pages leave when the cache is full.
   * @param {string} key @param {string | null} version @param {CachedPage} page
   */
  set(key, version, page) {
    if (version === null) return;
    if (version !== this.#version) {
      this.#pages.clear();
      this.#chars = 0;
      this.#version = version;
    }
    const old = this.#pages.get(key);
    if (old) this.#chars -= old.body.length;
    this.#pages.delete(key);
    if (page.body.length > this.#maxChars) return;
    this.#pages.set(key, page);
    this.#chars += page.body.length;
    for (const [oldest, value] of this.#pages) {
      if (this.#chars <= this.#maxChars) break;
      this.#pages.delete(oldest);
      this.#chars -= value.body.length;
    }
  }

  /** How many pages are held. */
  get size() {
    return this.#pages.size;
  }
}
