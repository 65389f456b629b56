// The checks run on every new comment before it is stored (README "Server configuration"):
// links per comment (MAX_LINKS, as WordPress's comment_max_links) and a word list (HOLD_WORDS,
// HOLD_WORDS_FILE, as WordPress's moderation_keys) hold it as `pending`; a pluggable spam check
// (Akismet with AKISMET_KEY) may call it `spam`: stored with that status for the moderators, seen
// by no reader and never on the live stream. A spam check that fails holds the comment: never lost.
import { readFileSync } from 'node:fs';

/**
 * @typedef {object} Submission what the checks see of a new comment
 * @property {{ name: string, email?: string, url?: string }} author
 * @property {string} body
 * @property {boolean} reply whether it answers another comment
 * @property {string} ip
 * @property {string} userAgent
 * @property {string} referrer
 * @property {string} site the page origin the API serves (`blog` for Akismet)
 */

/** @typedef {'approve' | 'hold' | 'spam'} Verdict */
/** @typedef {(submission: Submission) => Promise<Verdict>} SpamCheck a pluggable spam check */

/**
 * @typedef {object} ScreenOptions
 * @property {number} [maxLinks] hold a comment with this many links or more (0: never); default 2
 * @property {string[]} [holdWords] hold a comment whose text, author, email, address or browser contains one (any case)
 * @property {SpamCheck | null} [spamCheck] e.g. {@link akismet}
 * @property {(error: unknown) => void} [onCheckError] told when the spam check fails (the comment is then held)
 */

/** A link in a comment: an http(s) address or a bare www. one. Linear: no backtracking. */
const LINK = /\bhttps?:\/\/|\bwww\./gi;

/** How many links a comment's text holds. @param {string} text */
export function countLinks(text) {
  return (text.match(LINK) ?? []).length;
}

/**
 * The checks' settings from the environment: MAX_LINKS (default 2), HOLD_WORDS (comma list),
 * HOLD_WORDS_FILE (one word or phrase a line), AKISMET_KEY (+ AKISMET_URL, AKISMET_BLOG).
 * @param {NodeJS.ProcessEnv} env @returns {ScreenOptions}
 */
export function screenOptionsFromEnv(env) {
  const words = (env.HOLD_WORDS ?? '').split(',');
  if (env.HOLD_WORDS_FILE) words.push(...readFileSync(env.HOLD_WORDS_FILE, 'utf8').split('\n'));
  const maxLinks = env.MAX_LINKS !== undefined && /^\d{1,6}$/.test(env.MAX_LINKS.trim()) ? Number(env.MAX_LINKS.trim()) : 2;
  return {
    maxLinks,
    holdWords: words.map((word) => word.trim()).filter(Boolean),
    spamCheck: env.AKISMET_KEY ? akismet({ key: env.AKISMET_KEY, url: env.AKISMET_URL, blog: env.AKISMET_BLOG }) : null,
  };
}

/**
 * The function the comment route asks about each new comment: `spam` (the spam check said so),
 * `hold` (too many links, a listed word, or the spam check failed), or `approve`.
 * @param {ScreenOptions} [options] @returns {(submission: Submission) => Promise<Verdict>}
 */
export function createScreen({ maxLinks = 2, holdWords = [], spamCheck = null, onCheckError = () => {} } = {}) {
  const words = holdWords.map((word) => word.toLowerCase());
  return async (submission) => {
    let verdict = /** @type {Verdict} */ ('approve');
    if (maxLinks > 0 && countLinks(submission.body) >= maxLinks) verdict = 'hold';
    if (words.length) {
      const { author } = submission;
      const seen = [submission.body, author.name, author.email ?? '', author.url ?? '', submission.ip, submission.userAgent].join('\n').toLowerCase();
      if (words.some((word) => seen.includes(word))) verdict = 'hold';
    }
    if (!spamCheck) return verdict;
    try {
      const checked = await spamCheck(submission);
      return checked === 'spam' ? 'spam' : checked === 'hold' ? 'hold' : verdict;
    } catch (error) {
      onCheckError(error);
      return 'hold';
    }
  };
}

/**
 * A spam check over Akismet's `comment-check` (https://akismet.com/developers/detailed-docs/comment-check/):
 * a form-encoded POST answered `true` (spam) or `false`; anything else (`invalid`, an error, no
 * answer within `timeoutMs`) throws, so the comment is held. `X-akismet-pro-tip: discard` (blatant
 * spam) is still stored as spam: never silently dropped.
 * @param {{ key: string, url?: string, blog?: string, timeoutMs?: number }} options
 * @returns {SpamCheck}
 */
export function akismet({ key, url, blog, timeoutMs = 5000 }) {
  const endpoint = url || 'https://rest.akismet.com/1.1/comment-check';
  return async (submission) => {
    const form = new URLSearchParams({
      api_key: key,
      blog: blog || submission.site,
      user_ip: submission.ip,
      user_agent: submission.userAgent,
      referrer: submission.referrer,
      comment_type: submission.reply ? 'reply' : 'comment',
      comment_author: submission.author.name,
      comment_author_email: submission.author.email ?? '',
      comment_author_url: submission.author.url ?? '',
      comment_content: submission.body,
      comment_date_gmt: new Date().toISOString(),
      blog_charset: 'UTF-8',
    });
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: form,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer = (await response.text()).trim();
    if (response.ok && answer === 'true') return 'spam';
    if (response.ok && answer === 'false') return 'approve';
    const help = response.headers.get('x-akismet-debug-help');
    throw new Error(`Akismet answered ${response.status} "${answer.slice(0, 40)}"${help ? `: ${help}` : ''}`);
  };
}
