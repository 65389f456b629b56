// The conformance kit against InMemoryProvider. Each check gets a fresh
// provider; `seed` and `closeThread` reach into that one provider, so the kit
// hands its records to the instance it is about to check.
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import { runProviderConformance } from '../src/testing/conformance.js';
import type { ThreadInfo } from '../src/types.js';

let current: InMemoryProvider;
let threads: Record<string, ThreadInfo>;

runProviderConformance({
  name: 'InMemoryProvider conformance',
  createProvider: () => {
    threads = {};
    current = new InMemoryProvider({
      // A little latency, so "aborted in flight" aborts a call that is still running.
      latency: 5,
      threads,
      identityOptions: [
        { id: 'guest', label: 'Guest', kind: 'guest' },
        { id: 'demo', label: 'Demo', kind: 'oauth' },
      ],
    });
    return current;
  },
  seed: async (_threadId, records) => {
    for (const record of records) current.addExternal(record);
  },
  closeThread: async (threadId) => {
    threads[threadId] = { closed: true };
  },
  // A second reader of the same store who moderates.
  moderator: () => current.moderatorView(),
});
