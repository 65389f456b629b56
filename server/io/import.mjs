// Imports a WordPress (WXR) or Disqus export file into the store: reads it as a stream, decides
// the format from the root element, arranges the comments and writes them in one transaction.
import { arrange } from './arrange.mjs';
import { disqusReader, isDisqusRoot } from './disqus.mjs';
import { isWxrRoot, wxrReader } from './wxr.mjs';
import { readRecords } from './xml.mjs';

/** @typedef {import('./arrange.mjs').Note} Note */

/**
 * What an import did.
 * @typedef {object} ImportReport
 * @property {'wxr' | 'disqus'} format
 * @property {number} threads threads with comments in the file
 * @property {number} found comments in the file
 * @property {string[]} added ids stored now
 * @property {string[]} existing ids stored already (left as they are)
 * @property {Note[]} skipped not imported, and why
 * @property {Note[]} placeholders dropped by the source (spam, trash, deleted) but kept as `deleted` placeholders for their replies
 * @property {Note[]} topLevel replies whose parent is missing, imported as top-level comments
 */

/**
 * Reads `file` (WXR or Disqus, told apart by the root element) into threads and comments.
 * @param {string} file @param {{ threadIds?: 'source' | 'path' }} [options]
 */
export async function readExport(file, { threadIds = 'source' } = {}) {
  /** @type {'wxr' | 'disqus' | undefined} */
  let format;
  /** @type {ReturnType<typeof wxrReader> | ReturnType<typeof disqusReader> | undefined} */
  let reader;
  await readRecords(file, {
    onRoot(name, attributes) {
      if (isWxrRoot(name, attributes)) [format, reader] = ['wxr', wxrReader({ threadIds })];
      else if (isDisqusRoot(name)) [format, reader] = ['disqus', disqusReader({ threadIds })];
      else throw new Error(`${file} is neither a WordPress export (WXR: <rss> with the wp namespace) nor a Disqus export (<disqus>): its root is <${name}>`);
      return reader;
    },
    onRecord: (element) => reader?.onRecord(element),
  });
  if (!format || !reader) throw new Error(`${file} has no root element`);
  const { threads, candidates, skipped } = reader.finish();
  return { format, threads, found: candidates.length + skipped.length, ...arrange(candidates, skipped) };
}

/**
 * Imports `file` into `store`; a second run adds nothing.
 * @param {import('../store/index.mjs').Store} store @param {string} file @param {{ threadIds?: 'source' | 'path' }} [options]
 * @returns {Promise<ImportReport>}
 */
export async function importFile(store, file, options) {
  const { format, threads, found, comments, skipped, placeholders, topLevel } = await readExport(file, options);
  const { added, existing } = await store.importSource({ threads, comments });
  return { format, threads: threads.length, found, added, existing, skipped, placeholders, topLevel };
}

/** The report as lines for a terminal. @param {string} file @param {ImportReport} report */
export function describeImport(file, report) {
  const name = report.format === 'wxr' ? 'WordPress export (WXR)' : 'Disqus export';
  const lines = [
    `${file}: ${name}, ${report.threads} threads, ${report.found} comments`,
    `  added ${report.added.length}, already there ${report.existing.length}, skipped ${report.skipped.length}`,
  ];
  /** @param {string} title @param {Note[]} notes */
  const list = (title, notes) => {
    if (!notes.length) return;
    lines.push(`  ${title}:`);
    for (const note of notes) lines.push(`    ${note.id}: ${note.reason}`);
  };
  list('skipped', report.skipped);
  list('kept as placeholders', report.placeholders);
  list('made top-level', report.topLevel);
  return lines.join('\n');
}
