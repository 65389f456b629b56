// A second (third…) server process for the store tests: opens the store given as JSON on argv[2]
// and does one job, printing a JSON result on stdout.
//   open    open (migrate, seed `seedCount` comments if empty) and report what this instance did
//   write   store `count` comments in thread `thread`, `parallel` at a time; report their event ids
import { openStore } from '../../server/store/index.mjs';

const { options, job, count = 0, parallel = 1, thread = 't', tag = 'w', seedCount = 0 } = JSON.parse(process.argv[2]);
/** `seedCount` top-level comments in thread `thread`, a minute apart. */
const comments = Array.from({ length: seedCount }, (_, i) => ({
  id: `seed-${i}`,
  threadId: thread,
  parentId: null,
  author: { name: 'Seed' },
  body: `seed ${i}`,
  createdAt: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
  status: /** @type {const} */ ('approved'),
}));
const store = await openStore(seedCount ? { ...options, seed: { comments } } : options);
try {
  if (job === 'open') {
    process.stdout.write(JSON.stringify(store.startup));
  } else if (job === 'write') {
    /** @type {number[]} */
    const events = [];
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const n = next++;
        const created = await store.createComment({
          key: `${tag}-${n}`,
          threadId: thread,
          parentId: null,
          author: { name: tag },
          body: `${tag} ${n}`,
          status: 'approved',
          session: tag,
        });
        events.push(/** @type {number} */ (created.eventId));
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    process.stdout.write(JSON.stringify({ events }));
  } else {
    throw new Error(`unknown job ${job}`);
  }
} finally {
  await store.close();
}
