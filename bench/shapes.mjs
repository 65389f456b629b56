// The benchmark's thread shapes (issue 19, "Measure more than one thread"): the same contract
// (`CommentRecord`s in creation order, replies after their parents), generated three different
// ways, each seeded — the same shape and size give the same thread, byte for byte:
//
// - `classic`: `generateThread` of bench/fixture.mjs (Markdown bodies of about 300 characters,
//   over half top-level, replies mostly 2–4 deep, a few long chains and folding lists).
// - `blog`: short plain-text bodies (a few links, some in the author's script), most comments
//   top-level, replies 1–2 deep, names in mixed scripts (Latin, CJK, Arabic, Cyrillic, Devanagari,
//   Hebrew, Greek), dates spread over seven years.
// - `forum`: long Markdown bodies with lists, code blocks, quotes and links; deep conversations
//   and wide fan-out (many reply lists over 5, some of 20–40); every author has an avatar URL
//   (served by the fixture server, `/bench/avatars/N.svg`).
//
// Every body carries a unique token (`zq<number>zq`, in its first paragraph) so that the bench can
// look for one comment's text with find-in-page (`findToken`).
import { buildThread, createRandom, DEFAULT_SEED, generateThread, markdownBody } from './fixture.mjs';
// The element's own display defaults, from the build the bench measures (`npm run build`).
import { FOLD_LONGER_THAN, SHOWN_WHEN_FOLDED } from '../dist/comment-thread/comment-template.js';
import { DEFAULT_MAX_DEPTH } from '../dist/core/tree.js';

export const SHAPES = ['classic', 'blog', 'forum'];
export const AVATAR_PREFIX = '/bench/avatars/';

/** The token in comment `id`'s body: unique, and no token is a substring of another. */
export const findToken = (id) => `zq${id.replace(/\D/g, '')}zq`;

const NAMES = [
  'Ada Okafor', 'Tomás García', 'Zoë Lindqvist', 'Søren Haddad', 'Chiara Rossi', 'Nguyễn Văn An', 'Kofi Mensah',
  'Marta Kowalska', 'Julian Fischer', 'Leila Costa', 'Ravi Adeyemi', 'Émile Moreau', 'Björn Larsen', 'Ana Silva',
  '王伟', '李娜', '张敏', '陈静', '佐藤 花子', '鈴木 一郎', '高橋 健', '김민준', '이서연', '박지훈',
  'محمد العلي', 'فاطمة الزهراء', 'يوسف حداد', 'ليلى منصور', 'Иван Петров', 'Ольга Смирнова', 'प्रिया शर्मा',
  'अर्जुन मेहता', 'דוד כהן', 'Νίκος Παπαδόπουλος', 'Ayşe Yılmaz', 'Đorđe Jovanović',
];
const HANDLES = ['packetloss', 'kernelpanic', 'tcp_nodelay', 'ravi.k', 'mei_w', 'old_timer', 'nullroute', 'bgp_fan',
  'latency_hawk', 'sysctl', 'quic_q', 'ttl64'];

const LATIN = ('great post thanks for writing this i agree mostly but not with the last part we tried the same thing ' +
  'at work and it went fine my router does that too the second point is the one that matters here nice photos ' +
  'could you share the config which version was this on i had no idea this is exactly what i needed').split(' ');
const OTHER_SCRIPTS = [
  '谢谢分享，这篇文章写得很清楚。', '我们公司也遇到过同样的问题，后来换了路由器就好了。', 'とても参考になりました。ありがとうございます。',
  '설명이 정말 이해하기 쉬웠어요.', 'شكراً على هذا المقال الرائع، استفدت منه كثيراً.', 'هل يمكنك مشاركة الإعدادات التي استخدمتها؟',
  'Спасибо, очень полезная статья.', 'बहुत अच्छा लेख, धन्यवाद।', 'תודה רבה, מאמר מעולה.', 'Ευχαριστώ για το άρθρο.',
];

function plainSentence(random) {
  const words = [];
  const count = random.int(4, 16);
  for (let i = 0; i < count; i++) words.push(random.pick(LATIN));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + random.pick(['.', '.', '!', '?']);
}

/** A blog comment: one to three short plain sentences, now and then a bare link or the author's own script. */
function blogBody(random) {
  if (random.chance(0.15)) return random.chance(0.5) ? random.pick(OTHER_SCRIPTS) : `${random.pick(OTHER_SCRIPTS)} ${random.pick(OTHER_SCRIPTS)}`;
  const sentences = [];
  const count = random.chance(0.6) ? 1 : random.int(2, 3);
  for (let i = 0; i < count; i++) sentences.push(plainSentence(random));
  if (random.chance(0.05)) sentences.push(`https://example.org/${random.pick(LATIN)}-${random.int(1, 99)}`);
  return sentences.join(' ');
}

const FORUM_CODE = ['```sh', 'sysctl -w net.ipv4.tcp_congestion_control=bbr', 'ip route show table all | head', 'tc qdisc add dev eth0 root fq_codel',
  'iperf3 -c 10.0.0.2 -P 4 -t 30', '```', '```js', 'const res = await fetch(url, { keepalive: true });', 'console.log(res.headers.get("alt-svc"));', '```'];

/** A forum post: several paragraphs and usually lists, code, quotes and links. */
function forumBody(random) {
  const blocks = [markdownBody(random)];
  if (random.chance(0.5)) blocks.unshift(`> ${random.pick(['Quoting the above:', 'You wrote:', ''])} ${markdownBody(random).split('\n')[0]}`);
  const paragraphs = random.int(1, 3);
  for (let i = 0; i < paragraphs; i++) blocks.push(markdownBody(random).split('\n\n')[0]);
  if (random.chance(0.45)) {
    const items = [];
    const ordered = random.chance(0.5);
    for (let i = 0, count = random.int(3, 8); i < count; i++) items.push(`${ordered ? `${i + 1}.` : '-'} ${markdownBody(random).split(/[.?!]/)[0]}`);
    blocks.push(items.join('\n'));
  }
  if (random.chance(0.35)) {
    const start = random.chance(0.6) ? 0 : 6;
    const end = start === 0 ? 6 : 10;
    blocks.push(FORUM_CODE.slice(start, end).join('\n'));
  }
  if (random.chance(0.4)) blocks.push(`Docs: [the manual](https://example.net/docs/${random.int(1, 500)}) and https://example.net/t/${random.int(1000, 9999)}`);
  return blocks.join('\n\n');
}

function blogThread(size, seed) {
  return buildThread(createRandom(seed ^ size), size, {
    body: blogBody,
    author: (random) => (random.chance(0.02) ? { name: 'Lin Mei', url: 'https://example.org/', isThreadOwner: true } : { name: random.pick(NAMES) }),
    // Seven years of comments however many there are: the gaps shrink as the thread grows.
    step: (random) => Math.round(random.next() * 2 * ((7 * 365 * 86_400_000) / Math.max(1, size))),
    start: Date.UTC(2019, 2, 1, 9, 0, 0),
    grow: (random, add, room, root) => {
      if (!random.chance(0.2)) return;
      for (let i = 0, count = random.int(1, 2); i < count && room(); i++) {
        const reply = add(root);
        if (random.chance(0.25) && room()) add(reply);
      }
    },
  });
}

function forumThread(size, seed) {
  const people = [];
  const pick = createRandom(seed ^ 0x5eed);
  for (let i = 0; i < 400; i++) {
    const name = pick.chance(0.4) ? `${pick.pick(HANDLES)}${pick.int(1, 999)}` : pick.pick(NAMES);
    people.push({ name, avatarUrl: `${AVATAR_PREFIX}${i}.svg`, ...(pick.chance(0.2) ? { url: `https://example.net/u/${i}` } : {}) });
  }
  return buildThread(createRandom(seed ^ size), size, {
    body: forumBody,
    author: (random) => random.pick(people),
    step: (random) => random.int(1, 600) * 60_000,
    start: Date.UTC(2024, 8, 1, 12, 0, 0),
    grow: (random, add, room, root) => {
      const kind = random.next();
      if (kind < 0.12) {
        // A long argument between two people, 10–30 levels deep, with side remarks.
        let parent = root;
        const other = random.pick(people);
        for (let i = 0, length = random.int(10, 30); i < length && room(); i++) {
          parent = add(parent, i % 2 ? root.author : other);
          if (random.chance(0.15) && room()) add(parent);
        }
      } else if (kind < 0.3) {
        // A popular post: 6–40 direct replies, some answered in turn.
        for (let i = 0, count = random.chance(0.2) ? random.int(20, 40) : random.int(6, 12); i < count && room(); i++) {
          const reply = add(root);
          if (random.chance(0.3) && room()) {
            const second = add(reply);
            if (random.chance(0.4) && room()) add(second);
          }
        }
      } else if (kind < 0.75) {
        for (let i = 0, count = random.int(1, 4); i < count && room(); i++) {
          let parent = add(root);
          for (let depth = 0; depth < 4 && random.chance(0.45) && room(); depth++) parent = add(parent);
        }
      }
    },
  });
}

/** `body` with `token` at the end of its first paragraph that is no quote, list or code (or as a paragraph of its own). */
export function withToken(body, token) {
  const blocks = body.split('\n\n');
  const at = blocks.findIndex((block) => !/^(?:>|-|\d+\.|```)/.test(block));
  if (at < 0) return `${body}\n\n${token}`;
  blocks[at] = `${blocks[at]} ${token}`;
  return blocks.join('\n\n');
}

/** The thread of `shape` with `size` comments, each body carrying its find-in-page token. */
export function generateShape(shape, size, seed = DEFAULT_SEED) {
  const generate = { classic: generateThread, blog: blogThread, forum: forumThread }[shape];
  if (!generate) throw new Error(`Unknown thread shape ${shape} (${SHAPES.join(', ')})`);
  return generate(size, seed).map((record) => ({ ...record, body: withToken(record.body, findToken(record.id)) }));
}

/** Our element's defaults (src/core/tree.ts, src/comment-thread/comment-template.ts, as built in dist/). */
export const OURS_DISPLAY = Object.freeze({ maxDepth: DEFAULT_MAX_DEPTH, foldLongerThan: FOLD_LONGER_THAN, shownWhenFolded: SHOWN_WHEN_FOLDED });

/**
 * Which comments our element hides behind "Show N more replies" when it first renders the thread:
 * replies deeper than `maxDepth` follow their parent in the same list (as src/core/tree.ts lays
 * them out), and a reply list longer than `foldLongerThan` shows its first `shownWhenFolded`.
 * Returns the ids hidden (with everything under them) and each comment's display depth.
 */
export function oursFolded(records, { maxDepth, foldLongerThan, shownWhenFolded } = OURS_DISPLAY) {
  const childrenOf = new Map();
  for (const record of records) if (record.parentId) (childrenOf.get(record.parentId) ?? childrenOf.set(record.parentId, []).get(record.parentId)).push(record);
  const roots = [];
  const depthOf = new Map();
  const stack = records.filter((record) => !record.parentId).reverse().map((record) => ({ record, depth: 1, list: roots }));
  while (stack.length) {
    const { record, depth, list } = stack.pop();
    const node = { id: record.id, children: [] };
    depthOf.set(record.id, depth);
    list.push(node);
    const replies = childrenOf.get(record.id) ?? [];
    for (let at = replies.length - 1; at >= 0; at--) {
      stack.push(depth < maxDepth ? { record: replies[at], depth: depth + 1, list: node.children } : { record: replies[at], depth, list });
    }
  }
  const hidden = new Set();
  const hide = (node) => {
    hidden.add(node.id);
    node.children.forEach(hide);
  };
  const visit = (nodes) => {
    for (const node of nodes) {
      if (node.children.length > foldLongerThan) node.children.slice(shownWhenFolded).forEach(hide);
      visit(node.children);
    }
  };
  visit(roots);
  return { hidden, depthOf };
}

/** How many comments find-in-page looks for in a thread: spread through it, and first shown folded. */
export const FIND_TARGETS = Object.freeze({ spread: 10, folded: 6 });

/**
 * The comments find-in-page looks for: `count` spread evenly through the thread, and up to
 * `folded` of those our element first shows folded (behind "Show N more replies", `oursFolded`).
 */
export function findTargets(records, count = FIND_TARGETS.spread, folded = FIND_TARGETS.folded) {
  const { hidden } = oursFolded(records);
  const late = records.filter((record) => hidden.has(record.id)).map((record) => record.id);
  const step = Math.max(1, Math.floor(late.length / folded));
  const behind = late.filter((_, index) => index % step === 0).slice(0, folded);
  const spread = [];
  for (let i = 0; i < count; i++) spread.push(records[Math.floor(((i + 0.5) * records.length) / count)].id);
  return { spread: spread.filter((id) => !behind.includes(id)), folded: behind };
}

/**
 * Where the comment with a token sits in `records`, to say why find-in-page may miss it: a function
 * of the token giving id, depth, and whether our element shows it shallower or folded. The folded
 * tree is built once, on the first call, for all the tokens of a run.
 */
export function whereIn(records) {
  let thread;
  return (token) => {
    thread ??= { ...oursFolded(records), byId: new Map(records.map((record) => [record.id, record])), byToken: new Map(records.map((record) => [findToken(record.id), record.id])) };
    const { hidden, depthOf, byId } = thread;
    const id = thread.byToken.get(token);
    let depth = 0;
    for (let record = byId.get(id); record; record = byId.get(record.parentId)) depth++;
    return `${id} (depth ${depth}${depth > depthOf.get(id) ? `, shown at ${depthOf.get(id)}` : ''}${hidden.has(id) ? ', behind “Show N more replies”' : ''})`;
  };
}

/** A small SVG avatar for `/bench/avatars/N.svg`: a coloured disc with a letter, different per N. */
export function avatarSvg(n) {
  const hue = (n * 47) % 360;
  const letter = String.fromCharCode(65 + (n % 26));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40"><circle cx="20" cy="20" r="20" fill="hsl(${hue} 55% 45%)"/><text x="20" y="26" font-size="18" text-anchor="middle" fill="#fff" font-family="sans-serif">${letter}</text></svg>`;
}
