// The way out: a site, one thread or one reader's comments as JSON in the contract's record
// shape (src/types.ts CommentRecord: no email, no session), with each thread's title and page address.

/** @typedef {import('../store/people.mjs').CommentFilter} CommentFilter */

/** The export file's format name and version, first in every export. */
export const EXPORT_FORMAT = 'comment-thread-export';
export const EXPORT_VERSION = 1;

/**
 * @typedef {object} Export
 * @property {typeof EXPORT_FORMAT} format
 * @property {number} version
 * @property {string} exportedAt ISO 8601
 * @property {{ threadId?: string, identity?: string, byEmail?: true }} filter what was asked for (the address itself is not repeated)
 * @property {{ id: string, title?: string, url?: string }[]} threads every thread a comment is in
 * @property {import('../../src/types.js').CommentRecord[]} comments each thread in conversation order; held ones with `status: 'pending'`
 */

/**
 * Exports the comments `filter` names (everything when it names nothing).
 * @param {import('../store/index.mjs').Store} store @param {CommentFilter} [filter]
 * @returns {Promise<Export>}
 */
export async function exportComments(store, filter = {}) {
  const rows = await store.comments(filter);
  const comments = await store.toRecords(rows, null);
  const ids = [...new Set(rows.map((row) => row.thread_id))];
  const sources = await store.threadSources(ids);
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    filter: { ...(filter.threadId !== undefined ? { threadId: filter.threadId } : {}), ...(filter.identity !== undefined ? { identity: filter.identity } : {}), ...(filter.email !== undefined ? { byEmail: /** @type {const} */ (true) } : {}) },
    threads: ids.map((id) => ({ id, ...sources.get(id) })),
    comments,
  };
}
