// What both importers share once a source's comments are read: which comments are kept, which
// dropped ones stay as placeholders because kept replies hang under them, which replies lost
// their parent, and an order with every parent before its replies. Pure: no file, no database.

/**
 * A comment as an importer read it, before arranging.
 * @typedef {object} Candidate
 * @property {string} id our id, stable from the source (`wp-12`, `disqus-345`)
 * @property {string} threadId
 * @property {string | null} parentId our id of the parent, as the source names it
 * @property {string} createdAt ISO 8601
 * @property {{ name: string, url?: string, email?: string, identity?: string, isThreadOwner?: boolean }} author
 * @property {string} body
 * @property {'html' | 'markdown'} bodyFormat
 * @property {'approved' | 'pending'} status
 * @property {string} [dropped] why the source's status keeps it out (spam, trash, deleted…)
 */

/**
 * A comment ready for the store: parents come first in the list.
 * @typedef {Omit<Candidate, 'dropped' | 'status'> & { status: 'approved' | 'pending' | 'deleted' }} ImportComment
 */

/** @typedef {{ id: string, reason: string }} Note */

/**
 * @typedef {object} Arranged
 * @property {ImportComment[]} comments parents before replies, otherwise oldest first
 * @property {Note[]} skipped not imported, and why
 * @property {Note[]} placeholders dropped by the source but with kept replies: imported as `deleted` (no text, no author)
 * @property {Note[]} topLevel replies whose parent is missing (or a loop): imported as top-level comments
 */

/**
 * @param {Candidate[]} candidates
 * @param {Note[]} [skipped] what the importer already left out (not comments, unreadable…)
 * @returns {Arranged}
 */
export function arrange(candidates, skipped = []) {
  /** @type {Map<string, Candidate>} */
  const byId = new Map();
  for (const candidate of candidates) {
    if (byId.has(candidate.id)) skipped.push({ id: candidate.id, reason: 'the same id appears twice in the export: the first one is kept' });
    else byId.set(candidate.id, candidate);
  }
  /** @type {Note[]} */
  const topLevel = [];
  /** @type {Note[]} */
  const placeholders = [];
  /** @type {Set<string>} dropped comments that kept replies need */
  const needed = new Set();
  /** @type {Map<string, string | null>} */
  const parentOf = new Map();
  for (const candidate of byId.values()) {
    const parent = candidate.parentId === null ? undefined : byId.get(candidate.parentId);
    if (candidate.parentId !== null && (!parent || parent.threadId !== candidate.threadId)) {
      parentOf.set(candidate.id, null);
      if (!candidate.dropped) {
        const where = parent ? 'is in another thread' : 'is not in the export';
        topLevel.push({ id: candidate.id, reason: `its parent ${candidate.parentId} ${where}: imported as a top-level comment` });
      }
    } else {
      parentOf.set(candidate.id, candidate.parentId);
    }
  }
  // Parents before replies; a loop (a → b → a) is cut at the comment where it closes.
  /** @type {Candidate[]} */
  const ordered = [];
  /** @type {Set<string>} */
  const placed = new Set();
  const oldestFirst = [...byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  for (const start of oldestFirst) {
    /** @type {Candidate[]} */
    const chain = [];
    const seen = new Set();
    for (let node = start; node && !placed.has(node.id); ) {
      if (seen.has(node.id)) {
        parentOf.set(chain[chain.length - 1].id, null);
        topLevel.push({ id: chain[chain.length - 1].id, reason: 'its parents form a loop: imported as a top-level comment' });
        break;
      }
      seen.add(node.id);
      chain.push(node);
      const parentId = parentOf.get(node.id);
      node = parentId ? /** @type {Candidate} */ (byId.get(parentId)) : undefined;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      placed.add(chain[i].id);
      ordered.push(chain[i]);
    }
  }
  // A kept comment needs every dropped ancestor as a placeholder.
  for (let i = ordered.length - 1; i >= 0; i--) {
    const candidate = ordered[i];
    if (candidate.dropped && !needed.has(candidate.id)) continue;
    const parentId = parentOf.get(candidate.id);
    const parent = parentId ? byId.get(parentId) : undefined;
    if (parent?.dropped) needed.add(parent.id);
  }
  /** @type {ImportComment[]} */
  const comments = [];
  for (const candidate of ordered) {
    const parentId = parentOf.get(candidate.id) ?? null;
    const { dropped, ...kept } = candidate;
    if (!dropped) {
      comments.push({ ...kept, parentId });
    } else if (needed.has(candidate.id)) {
      placeholders.push({ id: candidate.id, reason: `${dropped}, with replies: kept as a deleted placeholder` });
      comments.push({ ...kept, parentId, author: { name: '' }, body: '', status: 'deleted' });
    } else {
      skipped.push({ id: candidate.id, reason: dropped });
    }
  }
  return { comments, skipped, placeholders, topLevel };
}
