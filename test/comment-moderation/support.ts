// A moderated site in memory: two threads, held comments with their authors' details, a
// reported comment and a reply, for the <comment-moderation> tests and stories.
import { InMemoryProvider, type InMemoryProviderOptions } from '../../src/providers/memory-provider.js';
import type { CommentRecord } from '../../src/types.js';

const at = (minute: number) => new Date(Date.parse('2026-11-20T09:00:00Z') + minute * 60_000).toISOString();

export const SEED: CommentRecord[] = [
  { id: 'p1', threadId: 'post-1', parentId: null, author: { name: 'Ada' }, body: 'The original point, stated at some length so the excerpt has words.', createdAt: at(0), status: 'approved' },
  { id: 'h1', threadId: 'post-1', parentId: 'p1', author: { name: 'Grace' }, body: 'A **held** reply <img src="https://example.com/x.png" onerror="window.__pwned=1">', createdAt: at(10), status: 'pending' },
  { id: 'h2', threadId: 'post-2', parentId: null, author: { name: 'Linus' }, body: 'Buy cheap watches at example.com', createdAt: at(20), status: 'pending' },
  { id: 'r1', threadId: 'post-2', parentId: null, author: { name: 'Mallory' }, body: 'Something rude.', createdAt: at(5), status: 'approved' },
];

/** A provider whose reader moderates, seeded with SEED (one report on r1). */
export function moderatedSite(options: InMemoryProviderOptions = {}): InMemoryProvider {
  const provider = new InMemoryProvider({
    moderator: true,
    threads: {
      'post-1': { title: 'On networking', url: 'https://example.com/posts/networking' },
      'post-2': { title: 'Watches', url: 'https://example.com/posts/watches' },
    },
    ...options,
  });
  for (const record of options.comments ? [] : SEED) provider.addExternal(record);
  provider.setPrivateDetails('h1', { email: 'grace@example.com', address: '198.51.100.7' });
  provider.setPrivateDetails('h2', { email: 'linus@example.com', address: '203.0.113.9' });
  provider.setPrivateDetails('r1', { identity: 'github:mallory', address: '198.51.100.99' });
  return provider;
}

/** Adds the report on r1 (after the element is shown, so it can also arrive live). */
export async function reportR1(provider: InMemoryProvider): Promise<void> {
  await provider.report('r1', 'abuse');
}
