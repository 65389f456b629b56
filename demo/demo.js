// The demo's own script: a seeded in-memory provider with some latency, a
// colour-scheme switch, and a comment from "another reader" that arrives live.
import { InMemoryProvider } from '../dist/comment-thread.js';

const seed = await (await fetch(new URL('./seed.json', import.meta.url))).json();
const provider = new InMemoryProvider({
  comments: seed.comments,
  identityOptions: seed.identityOptions,
  latency: 400,
  moderation: 'hold',
});
const thread = document.getElementById('comments');
thread.provider = provider;

const scheme = document.getElementById('scheme');
scheme.addEventListener('change', () => {
  if (scheme.value === 'light dark') delete document.documentElement.dataset.scheme;
  else document.documentElement.dataset.scheme = scheme.value;
});

// Another reader answers Bret a little later: a live update.
setTimeout(() => {
  provider.addExternal({
    id: 'live-1',
    threadId: 'the-myth-of-networking',
    parentId: 'c1',
    author: { name: 'Maya' },
    body: 'Came here from a newsletter — *giving first* has worked for me too.',
    status: 'approved',
  });
}, 20_000);

// Expose it for playing in the console.
window.demoProvider = provider;
