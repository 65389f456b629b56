// A generated busy thread on an in-memory provider: paging, folding, order,
// reactions, permalinks and live comments, all in the browser.
import '../dist/comment-thread.js';
import { InMemoryProvider } from '../dist/comment-thread-providers.js';

const names = ['Ada', 'Bret', 'Chen', 'Dana', 'Emeka', 'Fatima', 'Gus', 'Hana', 'Ivo', 'Jules'];
const bodies = [
  'Agreed — *giving first* changes the whole conversation.',
  'I tried this at a meetup last week.\nIt worked better than I expected.',
  'Counterpoint: some events really are about **selling**, and that is fine.',
  'Here is the book mentioned in the post: [The Go-Giver](https://example.com/go-giver).',
  'Three things that helped me:\n\n1. arrive early\n2. ask one good question\n3. follow up with something useful',
];
const start = Date.parse('2026-10-01T09:00:00Z');
const comments = [];
for (let i = 1; i <= 100; i++) {
  comments.push({
    id: `b-${i}`,
    threadId: 'busy',
    parentId: i > 3 && i % 4 === 0 ? `b-${i - 3}` : null,
    author: { name: names[i % names.length] },
    body: bodies[i % bodies.length],
    createdAt: new Date(start + i * 3_600_000).toISOString(),
    reactions: i % 3 === 0 ? { like: { count: i % 7 } } : undefined,
  });
}
// A long conversation under the first comment: folded after three replies.
for (let r = 1; r <= 14; r++) {
  comments.push({
    id: `b-r${r}`,
    threadId: 'busy',
    parentId: 'b-1',
    author: { name: names[(r + 3) % names.length] },
    body: `Reply number ${r} in a long conversation.`,
    createdAt: new Date(start + 1_800_000 + r * 60_000).toISOString(),
  });
}

const provider = new InMemoryProvider({
  comments,
  latency: 250,
  identityOptions: [
    { id: 'guest', label: 'Guest', kind: 'guest' },
    { id: 'twitter', label: 'Twitter', kind: 'oauth' },
  ],
});
document.getElementById('comments').provider = provider;

let live = 0;
setInterval(() => {
  live++;
  provider.addExternal({
    id: `live-${live}`,
    threadId: 'busy',
    parentId: null,
    author: { name: names[live % names.length] },
    body: `A new comment, arriving live (${live}).`,
  });
}, 20_000);

const scheme = document.getElementById('scheme');
scheme.addEventListener('change', () => {
  if (scheme.value === 'light dark') delete document.documentElement.dataset.scheme;
  else document.documentElement.dataset.scheme = scheme.value;
});
