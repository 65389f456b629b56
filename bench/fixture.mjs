// Deterministic comment threads for the benchmark: the same seed and size give
// the same thread, byte for byte, on every machine and every run.
//
// Shape (by construction, see `generateThread`): a little over half of the
// comments are top-level; most replies sit 2–4 levels deep; 1.5 % of
// conversations are long back-and-forth chains (8–16 levels) and 1.5 % are
// popular comments with 6–14 direct replies (long enough to fold). Bodies are Markdown of
// realistic length (median about 300 characters) with emphasis, links, lists,
// inline code, code blocks and quotes.

export const DEFAULT_SEED = 20261126;
export const THREAD_ID = 'bench';

/** mulberry32: a small, fast, well-distributed 32-bit PRNG. */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const WORDS = (
  'the of and to in is that it for was on are as with his they at be this have from or one had by word but not what all ' +
  'were we when your can said there use an each which she do how their if will up other about out many then them these so ' +
  'some her would make like him into time has look two more write go see number no way could people my than first water been ' +
  'call who oil its now find long down day did get come made may part network router packet latency protocol server client ' +
  'cache browser request response header cookie socket stream buffer thread queue timeout retry backoff bandwidth throughput ' +
  'design system reason argument point example article author reader comment reply question answer agree disagree think ' +
  'believe actually really probably maybe exactly simply clearly honestly interesting wrong right true false myth fact ' +
  'experience production outage incident graph metric monitoring deploy release rollback config kernel memory disk cpu'
).split(' ');

const FIRST = ['Ada', 'Bret', 'Chen', 'Dana', 'Eli', 'Farah', 'Gus', 'Hana', 'Ivan', 'Jules', 'Kofi', 'Liz', 'Mei',
  'Nina', 'Omar', 'Pia', 'Quinn', 'Ravi', 'Sara', 'Tomás', 'Uma', 'Vik', 'Wen', 'Xavi', 'Yara', 'Zoe', 'Julian', 'Kenji',
  'Leila', 'Marta'];
const LAST = ['Okafor', 'Lindqvist', 'Nakamura', 'Moreau', 'Schmidt', 'García', 'Kowalski', 'Haddad', 'Rossi', 'Nguyen',
  'Petrov', 'Silva', 'Brennan', 'Ito', 'Mensah', 'Larsen', 'Costa', 'Adeyemi', 'Novak', 'Fischer'];

const CODE_LINES = ['const socket = connect(host, port);', 'socket.setTimeout(30_000);', 'for (const packet of queue) {',
  '  await send(packet);', '}', 'if (rtt > budget) retry();', 'return response.headers.get("etag");',
  'ping -c 4 example.com', 'curl -I https://example.com/', 'ss -tnp | grep ESTAB'];

function sentence(random, min = 6, max = 20) {
  const count = random.int(min, max);
  const words = [];
  for (let i = 0; i < count; i++) {
    let word = random.pick(WORDS);
    const roll = random.next();
    if (roll < 0.03) word = `*${word}*`;
    else if (roll < 0.045) word = `**${word}**`;
    else if (roll < 0.055) word = `\`${word}()\``;
    words.push(word);
  }
  if (random.chance(0.08)) {
    const at = random.int(0, words.length - 1);
    words[at] = `[${words[at]} ${random.pick(WORDS)}](https://example.com/${random.pick(WORDS)}/${random.int(1, 999)})`;
  }
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + random.pick(['.', '.', '.', '?', '!']);
}

function paragraph(random) {
  const sentences = [];
  const count = random.int(1, 4);
  for (let i = 0; i < count; i++) sentences.push(sentence(random));
  // Single newlines are kept as line breaks in comments: some bodies use them.
  return sentences.join(random.chance(0.15) ? '\n' : ' ');
}

/** A Markdown body: usually one or two paragraphs, sometimes a list, code or a quote. */
export function markdownBody(random) {
  const blocks = [];
  const paragraphs = random.chance(0.55) ? 1 : random.chance(0.75) ? 2 : random.int(3, 5);
  for (let i = 0; i < paragraphs; i++) blocks.push(paragraph(random));
  if (random.chance(0.1)) blocks.unshift(`> ${sentence(random, 5, 14)}`);
  if (random.chance(0.12)) {
    const ordered = random.chance(0.4);
    const items = [];
    const count = random.int(2, 5);
    for (let i = 0; i < count; i++) items.push(`${ordered ? `${i + 1}.` : '-'} ${sentence(random, 3, 10)}`);
    blocks.splice(random.int(1, blocks.length), 0, items.join('\n'));
  }
  if (random.chance(0.05)) {
    const lines = [];
    const count = random.int(2, 6);
    for (let i = 0; i < count; i++) lines.push(random.pick(CODE_LINES));
    blocks.push('```\n' + lines.join('\n') + '\n```');
  }
  if (random.chance(0.06)) blocks.push(`See https://example.com/${random.pick(WORDS)} for more.`);
  return blocks.join('\n\n');
}

/**
 * `size` records drawn from `random`, in creation order: each conversation starts with a top-level
 * comment, then `grow(random, add, room, root)` adds its replies (`add(parent, author?)` appends
 * one, `room()` says whether the thread has space left). Every record advances the clock by
 * `step(random)` from `start`, with `author(random)` (unless given) and `body(random)`.
 */
export function buildThread(random, size, { body, author, step, start, grow }) {
  const records = [];
  let clock = start;
  const add = (parent, who) => {
    clock += step(random);
    records.push({
      id: `c${records.length + 1}`,
      threadId: THREAD_ID,
      parentId: parent ? parent.id : null,
      author: { ...(who ?? author(random)) },
      body: body(random),
      createdAt: new Date(clock).toISOString(),
    });
    return records.at(-1);
  };
  const room = () => records.length < size;
  while (room()) grow(random, add, room, add(null));
  return records;
}

/**
 * A thread of exactly `size` `CommentRecord`s (the project's provider contract),
 * in creation order. Replies always come after their parent and later in time.
 */
export function generateThread(size, seed = DEFAULT_SEED) {
  const random = createRandom(seed ^ size);
  const authors = [];
  for (let i = 0; i < 240; i++) {
    const name = `${random.pick(FIRST)} ${random.pick(LAST)}`;
    authors.push(random.chance(0.3) ? { name, url: `https://example.com/~${name.split(' ')[0].toLowerCase()}${i}` } : { name });
  }
  const owner = { name: 'Julian Lindqvist', url: 'https://example.com/', isThreadOwner: true };
  return buildThread(random, size, {
    body: markdownBody,
    author: (random) => (random.chance(0.03) ? owner : random.pick(authors)),
    step: (random) => random.int(1, 40) * 60_000,
    start: Date.UTC(2026, 0, 5, 8, 0, 0),
    grow: (random, add, room, root) => {
      const kind = random.next();
      if (kind < 0.015) {
        // A long conversation: two people answering each other, level after level.
        const a = root.author;
        const b = random.pick(authors);
        let parent = root;
        const length = random.int(8, 16);
        for (let i = 0; i < length && room(); i++) parent = add(parent, i % 2 ? a : b);
      } else if (kind < 0.03) {
        // A popular comment: many direct replies (folds behind "Show N more replies").
        const count = random.int(6, 14);
        for (let i = 0; i < count && room(); i++) {
          const reply = add(root);
          if (random.chance(0.2) && room()) add(reply);
        }
      } else if (kind < 0.25) {
        // An ordinary exchange: a few replies, some answered again, up to 4 levels.
        const count = random.int(1, 2);
        for (let i = 0; i < count && room(); i++) {
          const reply = add(root);
          if (random.chance(0.3) && room()) {
            const second = add(reply);
            if (random.chance(0.3) && room()) add(second);
          }
        }
      }
      // Otherwise: a top-level comment nobody answered.
    },
  });
}

/** Shape statistics, for BENCHMARKS.md: how the generated thread looks. */
export function describeThread(records) {
  const byId = new Map(records.map((record) => [record.id, record]));
  const depthOf = (record) => {
    let depth = 1;
    for (let parent = byId.get(record.parentId); parent; parent = byId.get(parent.parentId)) depth++;
    return depth;
  };
  const depths = records.map(depthOf);
  const lengths = records.map((record) => record.body.length).sort((a, b) => a - b);
  const children = new Map();
  for (const record of records) if (record.parentId) children.set(record.parentId, (children.get(record.parentId) ?? 0) + 1);
  return {
    comments: records.length,
    topLevel: depths.filter((depth) => depth === 1).length,
    depth2to4: depths.filter((depth) => depth >= 2 && depth <= 4).length,
    deeper: depths.filter((depth) => depth > 4).length,
    maxDepth: Math.max(...depths),
    withMoreThan5Replies: [...children.values()].filter((count) => count > 5).length,
    bodyMedianChars: lengths[Math.floor(lengths.length / 2)],
    bodyP90Chars: lengths[Math.floor(lengths.length * 0.9)],
    withList: records.filter((record) => /^(?:-|\d+\.) /m.test(record.body)).length,
    withCode: records.filter((record) => record.body.includes('```') || record.body.includes('`')).length,
    withLink: records.filter((record) => record.body.includes('](') || record.body.includes('https://')).length,
    withAvatar: records.filter((record) => record.author.avatarUrl).length,
    // Names not written in Latin letters (CJK, Arabic, Cyrillic…): other fonts and shaping.
    nonLatinNames: records.filter((record) => /[^\u0000-\u024f\u1e00-\u1eff\s.'-]/u.test(record.author.name)).length,
    spanDays: Math.round((Date.parse(records.at(-1).createdAt) - Date.parse(records[0].createdAt)) / 86_400_000),
  };
}

/**
 * The ids the probes watch for: the first comment shown, and the last
 * top-level comment (in oldest-first order, shown with its replies at the end).
 */
export function landmarks(records) {
  const roots = records.filter((record) => record.parentId === null);
  return { firstId: roots[0].id, lastRootId: roots[roots.length - 1].id };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const size of [100, 1000, 10000]) console.log(size, describeThread(generateThread(size)));
}
