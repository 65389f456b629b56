// The benchmark's threads (./run.mjs, ./listing.mjs).

/** The thread the list rows read. */
export const LIST_THREAD = 'bench-list';
/** The thread the streams follow and the poster writes to. */
export const LIVE_THREAD = 'bench-live';

/** 500 comments in the list thread: 100 conversations of a comment and four replies. */
export function listRecords() {
  const records = [];
  for (let i = 0; i < 500; i++) {
    const top = i - (i % 5);
    records.push({
      id: `list-${i}`,
      threadId: LIST_THREAD,
      parentId: i % 5 ? `list-${top}` : null,
      author: { name: `Reader ${i % 37}` },
      body: `Comment ${i}: ${'a fair amount of text in a comment body, '.repeat(4)}`,
      createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
      status: 'approved',
    });
  }
  return records;
}
