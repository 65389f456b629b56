import { useState } from 'react';
// Registers <comment-thread> (and the form and picker it contains).
import 'comment-thread/comment-thread';
import type { CommentPostedEvent, ThreadLoadedEvent } from 'comment-thread';
import { createSeedProvider, seedThread } from './seed.js';

// One provider for the page's lifetime: a new object on every render would reload the thread.
const provider = createSeedProvider();

export function App() {
  const [loaded, setLoaded] = useState<ThreadLoadedEvent['detail'] | null>(null);
  const [posted, setPosted] = useState<string[]>([]);

  return (
    <main>
      <h1>comment-thread in React 19</h1>
      <p id="loaded">
        {loaded ? `Loaded ${loaded.shown} of ${loaded.total} comments` : 'Loading comments…'}
      </p>
      <p id="posted">
        {posted.length ? `Posted this visit: ${posted.join(', ')}` : 'Nothing posted yet'}
      </p>
      {/* React 19 sets `provider` as a property (the element has one) and
          turns `on` + the event's exact name into a listener. */}
      <comment-thread
        provider={provider}
        thread-id={seedThread.id}
        thread-title={seedThread.title}
        max-depth={3}
        onthread-loaded={(event) => setLoaded(event.detail)}
        oncomment-posted={(event: CommentPostedEvent) =>
          setPosted((names) => [...names, `${event.detail.comment.author.name} (${event.detail.comment.id})`])
        }
      ></comment-thread>
    </main>
  );
}
