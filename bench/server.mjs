// The benchmark's local fixture server on 127.0.0.1: the bench pages, the
// built bundle, the peers' and the floor's libraries from node_modules, and the
// same generated thread in three shapes — our `CommentRecord`s, Artalk 2.9's
// API (GET /api/v2/conf, POST /api/v2/pages/pv, GET /api/v2/comments answering
// {comments, count, roots_count, page}) and Waline 3's (GET /api/comment answering
// {errno: 0, data: {count, page, pageSize, totalPages, data}}), as the handlers below write them.
//
// `node bench/server.mjs [port]` runs it alone, to open the pages by hand.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Marked } from 'marked';
import { landmarks, THREAD_ID } from './fixture.mjs';
import { AVATAR_PREFIX, avatarSvg, generateShape, SHAPES } from './shapes.mjs';
import { sendFile } from '../scripts/lib/static-server.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Only these folders are served: nothing else in the checkout leaves it. */
const STATIC_PREFIXES = [
  '/bench/pages/',
  '/dist/',
  '/node_modules/artalk/dist/',
  '/node_modules/@waline/client/dist/',
  '/node_modules/marked/lib/',
  '/node_modules/dompurify/dist/',
];

export const SITE = 'Bench';
export const PAGE_KEY = '/bench';
export const AVATAR_PATH = '/bench/pages/avatar.svg';

// Waline's server stores Markdown and sends HTML it rendered itself; this one
// renders with the same options our element uses (GFM, single newlines kept).
const serverMarkdown = new Marked({ gfm: true, breaks: true, async: false });

const threads = new Map();

/** The thread of `size` comments of `shape` (bench/shapes.mjs) in every API's form, built once. */
function thread(size, shape = 'classic') {
  const key = `${shape}:${size}`;
  let entry = threads.get(key);
  if (entry) return entry;
  const records = generateShape(shape, size);
  entry = { records, landmarks: landmarks(records), recordsJson: JSON.stringify(records) };
  threads.set(key, entry);
  return entry;
}

const numericId = (id) => Number(id.slice(1));
/** Artalk and Waline show dates their own way; both take them from the records' `createdAt`. */
const artalkDate = (iso) => iso.replace('T', ' ').slice(0, 19);

function artalkList(size, shape) {
  const entry = thread(size, shape);
  if (entry.artalk) return entry.artalk;
  const roots = entry.records.filter((record) => record.parentId === null).length;
  const comments = entry.records.map((record) => ({
    id: numericId(record.id),
    content: record.body,
    nick: record.author.name,
    // The page's avatarURLBuilder shows the record's avatar when it has one (an absolute path here).
    email_encrypted: record.author.avatarUrl ?? `e${numericId(record.id) % 97}`,
    link: record.author.url ?? '',
    rid: record.parentId ? numericId(record.parentId) : 0,
    ua: '',
    date: artalkDate(record.createdAt),
    is_collapsed: false,
    is_pending: false,
    is_pinned: false,
    is_verified: false,
    ...(record.author.isThreadOwner ? { badge_name: 'Admin', badge_color: '#0083ff' } : {}),
    is_allow_reply: true,
    page_key: PAGE_KEY,
    visible: true,
    site_name: SITE,
    vote_up: 0,
    vote_down: 0,
  }));
  entry.artalk = {
    comments,
    count: comments.length,
    roots_count: roots,
    page: { id: 1, key: PAGE_KEY, title: 'The Myth of Networking', url: PAGE_KEY, admin_only: false, site_name: SITE, vote_up: 0, vote_down: 0 },
  };
  return entry.artalk;
}

/** Waline's list: top-level comments, each with all its descendants flat in `children`, oldest first. */
function walineList(size, shape) {
  const entry = thread(size, shape);
  if (entry.waline) return entry.waline;
  const byId = new Map(entry.records.map((record) => [record.id, record]));
  const rootOf = (record) => {
    let current = record;
    while (current.parentId && byId.has(current.parentId)) current = byId.get(current.parentId);
    return current;
  };
  const base = (record) => ({
    objectId: numericId(record.id),
    time: Date.parse(record.createdAt),
    comment: serverMarkdown.parse(record.body),
    orig: record.body,
    like: 0,
    nick: record.author.name,
    link: record.author.url ?? '',
    avatar: record.author.avatarUrl ?? AVATAR_PATH,
    ...(record.author.isThreadOwner ? { type: 'administrator' } : {}),
    status: 'approved',
  });
  const roots = [];
  const rootsById = new Map();
  for (const record of entry.records) {
    if (record.parentId === null) {
      const root = { ...base(record), sticky: false, children: [] };
      roots.push(root);
      rootsById.set(record.id, root);
    }
  }
  for (const record of entry.records) {
    if (record.parentId === null) continue;
    const parent = byId.get(record.parentId);
    rootsById.get(rootOf(record).id).children.push({
      ...base(record),
      pid: numericId(record.parentId),
      rid: numericId(rootOf(record).id),
      reply_user: { nick: parent.author.name, link: parent.author.url ?? '', avatar: parent.author.avatarUrl ?? AVATAR_PATH },
    });
  }
  entry.waline = { roots, count: entry.records.length };
  return entry.waline;
}

function sendJson(response, status, body) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'access-control-allow-origin': '*',
  });
  response.end(text);
}

/** A file under one of STATIC_PREFIXES (/dist/ from `distDir` when set); false for any other path. */
async function sendStatic(request, response, pathname, distDir) {
  if (!STATIC_PREFIXES.some((prefix) => pathname.startsWith(prefix))) return false;
  const fromDist = pathname.startsWith('/dist/') && distDir;
  await sendFile(request, response, fromDist ? distDir : ROOT, fromDist ? pathname.slice('/dist'.length) : pathname, {
    headers: { 'cache-control': 'no-cache' },
  });
  return true;
}

function shapeOf(url) {
  const shape = url.searchParams.get('shape') ?? 'classic';
  return SHAPES.includes(shape) ? shape : null;
}

function sizeOf(url) {
  const size = Number(url.searchParams.get('n') ?? url.searchParams.get('size'));
  return Number.isInteger(size) && size > 0 && size <= 100_000 ? size : null;
}


async function handle(request, response, log, distDir) {
  const url = new URL(request.url, 'http://127.0.0.1');
  // The peers' pages point their `server` at /n/{size}-{shape}: size and shape travel in the path.
  const sized = /^\/n\/(\d+)(?:-(\w+))?(\/.*)$/.exec(url.pathname);
  if (sized) {
    url.searchParams.set('n', sized[1]);
    if (sized[2]) url.searchParams.set('shape', sized[2]);
  }
  const path = sized ? sized[3] : url.pathname;
  const shape = shapeOf(url);
  if (!shape) return sendJson(response, 400, { error: 'shape?' });
  // The forum shape's avatars, drawn here: nothing is fetched from outside.
  const avatar = path.startsWith(AVATAR_PREFIX) && /^(\d{1,5})\.svg$/.exec(path.slice(AVATAR_PREFIX.length));
  if (avatar) {
    response.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600' });
    return response.end(avatarSvg(Number(avatar[1])));
  }
  if (request.method === 'OPTIONS') {
    response.writeHead(204, {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': '*',
      'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
    });
    return response.end();
  }

  // Our element and the floor: the records themselves.
  if (path === '/fixture/records') {
    const size = sizeOf(url);
    if (!size) return sendJson(response, 400, { error: 'n?' });
    return sendJson(response, 200, thread(size, shape).recordsJson);
  }
  // Our element, paged (bench/paged.mjs): one page of the records in creation order (as a
  // server's `ORDER BY created_at` gives them; replies come after their parent), with the
  // cursor and the total the provider contract's `CommentPage` has.
  if (path === '/fixture/page') {
    const size = sizeOf(url);
    if (!size) return sendJson(response, 400, { error: 'n?' });
    const { records } = thread(size, shape);
    const offset = Math.max(0, Number.parseInt(url.searchParams.get('cursor') ?? '', 10) || 0);
    const limit = Math.min(200, Math.max(1, Number.parseInt(url.searchParams.get('limit') ?? '', 10) || 50));
    const next = offset + limit;
    return sendJson(response, 200, { comments: records.slice(offset, next), total: records.length, nextCursor: next < records.length ? String(next) : null });
  }
  if (path === '/fixture/landmarks') {
    const size = sizeOf(url);
    if (!size) return sendJson(response, 400, { error: 'n?' });
    return sendJson(response, 200, thread(size, shape).landmarks);
  }

  // Artalk 2.9.
  if (path === '/api/v2/conf') {
    return sendJson(response, 200, { frontend_conf: {}, version: { app: 'artalk', version: '2.9.1', commit_hash: 'bench' } });
  }
  if (path === '/api/v2/pages/pv') return sendJson(response, 200, { pv: 1 });
  if (path === '/api/v2/comments' && request.method === 'GET') {
    const size = sizeOf(url);
    if (!size) return sendJson(response, 400, { msg: 'no size' });
    const list = artalkList(size, shape);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    return sendJson(response, 200, offset > 0 ? { ...list, comments: [] } : list);
  }
  if (path === '/api/v2/notifies') return sendJson(response, 200, { notifies: [], count: 0 });
  if (path === '/api/v2/user/status') return sendJson(response, 200, { is_login: false, is_admin: false });
  if (path === '/api/v2/votes/sync') return sendJson(response, 200, {});

  // Waline 3.
  if (path === '/api/comment' && request.method === 'GET') {
    const size = sizeOf(url);
    if (!size) return sendJson(response, 200, { errno: 1000, errmsg: 'no size' });
    const { roots, count } = walineList(size, shape);
    const pageSize = Math.max(1, Number(url.searchParams.get('pageSize') ?? 10));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
    const data = roots.slice((page - 1) * pageSize, page * pageSize);
    return sendJson(response, 200, {
      errno: 0,
      errmsg: '',
      data: { count, page, pageSize, totalPages: Math.ceil(roots.length / pageSize), data },
    });
  }
  if (path.startsWith('/api/')) {
    // Anything else the peers ask for: an empty answer, logged so a missing route shows.
    log?.(`[fixture] unanswered ${request.method} ${path}${url.search}`);
    return path.startsWith('/api/v2/') ? sendJson(response, 404, { msg: 'not in the fixture' }) : sendJson(response, 200, { errno: 0, data: [] });
  }

  if (await sendStatic(request, response, path, distDir)) return;
  response.writeHead(404, { 'content-type': 'text/plain' });
  response.end('not found');
}

/**
 * Starts the server on 127.0.0.1 (`port` 0: any free port). `snapshot`: serve
 * /dist/ from a private copy taken now, so a build someone starts meanwhile
 * cannot change (or delete) the code half-way through a run.
 */
export async function startServer({ port = 0, log, snapshot = false } = {}) {
  let distDir;
  let snapshotRoot;
  if (snapshot) {
    if (!existsSync(join(ROOT, 'dist', 'comment-thread.js'))) throw new Error('dist/comment-thread.js is missing: build first (npm run build)');
    snapshotRoot = mkdtempSync(join(tmpdir(), 'comment-thread-bench-'));
    cpSync(join(ROOT, 'dist'), join(snapshotRoot, 'dist'), { recursive: true, preserveTimestamps: true });
    distDir = join(snapshotRoot, 'dist') + sep;
  }
  const server = createServer((request, response) => {
    handle(request, response, log, distDir).catch((error) => {
      log?.(`[fixture] ${error.stack}`);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  return {
    origin: `http://127.0.0.1:${address.port}`,
    /** Where /dist/ is served from (with a trailing separator). */
    distDir: distDir ?? join(ROOT, 'dist') + sep,
    /** The folder holding that dist/ (the checkout, or the snapshot). */
    root: snapshotRoot ? snapshotRoot + sep : ROOT,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => {
          if (snapshotRoot) rmSync(snapshotRoot, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

export { THREAD_ID };

if (import.meta.url === `file://${process.argv[1]}`) {
  const { origin } = await startServer({ port: Number(process.argv[2] ?? 8787), log: console.log });
  console.log(`bench fixture server on ${origin}/bench/pages/ours.html?n=100`);
}
