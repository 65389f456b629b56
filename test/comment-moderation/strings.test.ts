// The strings of <comment-moderation>: every bundled language gives every key, with the English
// placeholders, translated (not English left in place), and the element picks them by language.
import { expect } from '@open-wc/testing';
import { MODERATION_TABLES, moderationStrings } from '../../src/locale/moderation/index.js';
import { moderationEn } from '../../src/locale/moderation/en.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort().join();
/** Strings the same in a language by nature (a loanword, or only placeholders). */
const SAME_ALLOWED = new Set(['filterSpam', 'queueSpam', 'spam', 'reportCount', 'excerpt']);

describe('<comment-moderation> strings', () => {
  it('bundles the six languages', () => {
    expect(Object.keys(MODERATION_TABLES)).to.have.members(['en', 'de', 'es', 'fr', 'ja', 'ar']);
  });

  for (const [lang, table] of Object.entries(MODERATION_TABLES)) {
    if (lang === 'en') continue;
    it(`${lang}: every key, non-empty, with the English placeholders, translated`, () => {
      const problems: string[] = [];
      for (const [key, english] of Object.entries(moderationEn)) {
        const value = (table as Record<string, string>)[key];
        if (typeof value !== 'string' || !value.trim()) problems.push(`${key} is missing`);
        else if (placeholders(value) !== placeholders(english)) problems.push(`${key} has {${placeholders(value)}}, English {${placeholders(english)}}`);
        else if (value === english && !SAME_ALLOWED.has(key)) problems.push(`${key} is still English`);
      }
      expect(Object.keys(table)).to.have.members(Object.keys(moderationEn));
      expect(problems).to.deep.equal([]);
    });
  }

  it('picks the language, then its base, then English; overrides win', () => {
    expect(moderationStrings('de-AT').title).to.equal(MODERATION_TABLES.de.title);
    expect(moderationStrings('pt-BR').title).to.equal(moderationEn.title);
    expect(moderationStrings('fr', { undo: 'Revenir' }).undo).to.equal('Revenir');
    expect(moderationStrings('fr', { undo: 'Revenir' }).retry).to.equal(MODERATION_TABLES.fr.retry);
  });
});
