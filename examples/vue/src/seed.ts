// The seed thread ("The Myth of Networking", five comments) from the project's test fixture.
import { InMemoryProvider, type CommentRecord } from 'comment-thread/providers';
import fixture from '../../../test/fixtures/myth-of-networking.json';

export const seedThread = fixture.thread;

export function createSeedProvider(): InMemoryProvider {
  return new InMemoryProvider({ comments: fixture.comments as CommentRecord[], latency: 50 });
}
