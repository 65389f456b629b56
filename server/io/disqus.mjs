// A Disqus export (Admin → Moderation → Export: <disqus> with <category>, <thread dsq:id> and
// <post dsq:id> elements) read into candidates: each thread with posts is a thread, each post a comment.
import { child, textOf } from './xml.mjs';

/** @typedef {import('./arrange.mjs').Candidate} Candidate */
/** @typedef {import('./arrange.mjs').Note} Note */
/** @typedef {import('./xml.mjs').XmlElement} XmlElement */
/** @typedef {import('./wxr.mjs').SourceThread} SourceThread */

/** Whether a root element is a Disqus export's. @param {string} name */
export function isDisqusRoot(name) {
  return name === 'disqus';
}

/** `dsq:id` of an element. @param {XmlElement | undefined} element */
const dsqId = (element) => element?.attributes['dsq:id']?.trim() ?? '';

/** @param {XmlElement} element @param {string} name */
const yes = (element, name) => textOf(element, name) === 'true';

/**
 * Collects a Disqus file's threads and posts; `finish()` turns them into threads and candidates.
 * @param {{ threadIds: 'source' | 'path' }} options
 */
export function disqusReader({ threadIds }) {
  /** @type {Map<string, { thread: SourceThread, owner: string }>} by dsq:id */
  const threads = new Map();
  /** @type {Map<string, { thread: SourceThread, owner: string }>} by <id>, the site's identifier */
  const threadsByIdentifier = new Map();
  /** @type {XmlElement[]} */
  const posts = [];
  return {
    depth: 1,
    /** @param {string} name */
    isRecord: (name) => name === 'thread' || name === 'post',
    /** @param {XmlElement} element */
    onRecord(element) {
      if (element.name === 'post') {
        posts.push(element);
        return;
      }
      const link = textOf(element, 'link') || null;
      const identifier = textOf(element, 'id');
      let id = identifier || `disqus-${dsqId(element)}`;
      if (threadIds === 'path' && link) {
        try {
          id = new URL(link).pathname;
        } catch {
          /* keep the identifier */
        }
      }
      const author = child(element, 'author');
      const owner = author && !yes(author, 'isAnonymous') ? textOf(author, 'username') : '';
      const entry = { thread: { id, title: textOf(element, 'title'), url: link }, owner };
      if (dsqId(element)) threads.set(dsqId(element), entry);
      if (identifier) threadsByIdentifier.set(identifier, entry);
    },
    /** @returns {{ threads: SourceThread[], candidates: Candidate[], skipped: Note[] }} */
    finish() {
      /** @type {Candidate[]} */
      const candidates = [];
      /** @type {Note[]} */
      const skipped = [];
      /** @type {Set<string>} */
      const used = new Set();
      // Posts are named by dsq:id, or by their <id> when they have none; parents either way.
      /** @type {Map<string, string>} <id> → our id */
      const byIdentifier = new Map();
      /** @param {XmlElement} post */
      const ourId = (post) => (dsqId(post) ? `disqus-${dsqId(post)}` : textOf(post, 'id') ? `disqus-post-${textOf(post, 'id')}` : '');
      for (const post of posts) if (textOf(post, 'id') && ourId(post)) byIdentifier.set(textOf(post, 'id'), ourId(post));
      for (const post of posts) {
        const id = ourId(post);
        if (!id) {
          skipped.push({ id: 'disqus-?', reason: 'a post with neither dsq:id nor <id>' });
          continue;
        }
        const threadElement = child(post, 'thread');
        const thread = threads.get(dsqId(threadElement)) ?? threadsByIdentifier.get(threadElement?.text.trim() ?? '');
        if (!thread) {
          skipped.push({ id, reason: `its thread ${dsqId(threadElement) || threadElement?.text.trim() || '(none)'} is not in the export` });
          continue;
        }
        // Disqus writes UTC, sometimes without a zone.
        const written = textOf(post, 'createdAt');
        const createdAt = new Date(/(?:[zZ]|[+-]\d\d:?\d\d)$/.test(written) ? written : `${written}Z`);
        if (Number.isNaN(createdAt.getTime())) {
          skipped.push({ id, reason: 'no readable createdAt' });
          continue;
        }
        const authorElement = child(post, 'author');
        const anonymous = !authorElement || yes(authorElement, 'isAnonymous');
        const username = anonymous ? '' : textOf(authorElement, 'username');
        /** @type {Candidate['author']} */
        const author = { name: textOf(authorElement, 'name') || username };
        const email = textOf(authorElement, 'email');
        if (email) author.email = email;
        if (username) author.identity = `disqus:${username}`;
        if (username && username === thread.owner) author.isThreadOwner = true;
        const parentElement = child(post, 'parent');
        const parentText = parentElement?.text.trim() ?? '';
        const parent = dsqId(parentElement) ? `disqus-${dsqId(parentElement)}` : parentText ? (byIdentifier.get(parentText) ?? `disqus-post-${parentText}`) : null;
        used.add(thread.thread.id);
        /** @type {string | undefined} */
        const dropped = yes(post, 'isSpam') ? 'marked as spam' : yes(post, 'isDeleted') ? 'deleted on Disqus' : undefined;
        candidates.push({
          id,
          threadId: thread.thread.id,
          parentId: parent,
          createdAt: createdAt.toISOString(),
          author,
          body: child(post, 'message')?.text.trim() ?? '',
          bodyFormat: 'html',
          status: 'approved',
          ...(dropped ? { dropped } : {}),
        });
      }
      const list = [...threads.values()].map((entry) => entry.thread).filter((thread) => used.has(thread.id));
      return { threads: list, candidates, skipped };
    },
  };
}
