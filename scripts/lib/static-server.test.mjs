// The repo's static-file server (scripts/lib/static-server.mjs): types, folders, and no file
// outside its root, however the path is written.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startStaticServer } from './static-server.mjs';

/** A raw GET (fetch would normalise `..` away before sending). @param {string} origin @param {string} path */
function get(origin, path) {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${origin}/`, { path, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, type: response.headers['content-type'] ?? '', body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** Paths that climb out of the root, written every way a guard might miss. */
const CLIMBS = [
  '/../secret.txt',
  '/../site-secret/key.txt',
  '/%2e%2e/secret.txt',
  '/%2E%2E%2Fsecret.txt',
  '/pages/../../secret.txt',
  '/pages/%2e%2e/%2e%2e/secret.txt',
  '/..%2fsite-secret%2fkey.txt',
  '/..%5csecret.txt',
  '/%252e%252e/secret.txt',
];

/** The CLIMBS a server at `origin` answers with a secret's content. @param {string} origin */
async function leaks(origin) {
  const leaked = [];
  for (const path of CLIMBS) {
    const answer = await get(origin, path);
    if (/SECRET/.test(answer.body)) leaked.push(path);
  }
  return leaked;
}

describe('static-server', () => {
  /** @type {string} */
  let folder;
  /** @type {Awaited<ReturnType<typeof startStaticServer>>} */
  let served;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'static-server-'));
    // The served root sits beside a secret with a name that starts like it: a guard that only
    // compares prefixes of strings lets `/../site-secret/` through.
    mkdirSync(join(folder, 'site', 'pages'), { recursive: true });
    mkdirSync(join(folder, 'site-secret'));
    writeFileSync(join(folder, 'site', 'pages', 'index.html'), '<p>page</p>');
    writeFileSync(join(folder, 'site', 'app.js'), 'export {};');
    writeFileSync(join(folder, 'site', 'style.css'), 'p {}');
    writeFileSync(join(folder, 'site', '.env'), 'SECRET=1');
    writeFileSync(join(folder, 'site-secret', 'key.txt'), 'SECRET');
    writeFileSync(join(folder, 'secret.txt'), 'SECRET');
    served = await startStaticServer({
      root: join(folder, 'site'),
      headers: { 'cache-control': 'no-store' },
      handle: (_request, response, url) => (url.pathname === '/api' ? (response.writeHead(200).end('api'), true) : false),
    });
  });

  after(async () => {
    await served.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('serves files with their content type, and a folder\'s index.html', async () => {
    const script = await get(served.origin, '/app.js');
    assert.equal(script.status, 200);
    assert.match(script.type, /javascript/);
    assert.equal(script.body, 'export {};');
    assert.match((await get(served.origin, '/style.css')).type, /^text\/css/);
    const page = await get(served.origin, '/pages/');
    assert.equal(page.status, 200);
    assert.equal(page.body, '<p>page</p>');
    assert.equal((await get(served.origin, '/missing.js')).status, 404);
  });

  it('answers the handler\'s routes and a favicon first', async () => {
    assert.equal((await get(served.origin, '/api')).body, 'api');
    assert.equal((await get(served.origin, '/favicon.ico')).status, 204);
  });

  it('never answers a file outside the root, however the path climbs out', async () => {
    assert.deepEqual(await leaks(served.origin), []);
    for (const path of CLIMBS) {
      const { status } = await get(served.origin, path);
      assert.ok(status === 403 || status === 404, `${path}: ${status}`);
    }
  });

  it('the check catches a broken guard: a prefix comparison of strings leaks the sibling folder', async () => {
    // The guard the repo's servers had before this helper: `join` + `startsWith(root)`.
    const root = join(folder, 'site');
    const naive = createServer((request, response) => {
      const file = normalize(join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
      if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) return void response.writeHead(404).end();
      response.writeHead(200).end(readFileSync(file));
    });
    await new Promise((resolve) => naive.listen(0, '127.0.0.1', () => resolve(undefined)));
    try {
      const { port } = /** @type {import('node:net').AddressInfo} */ (naive.address());
      assert.deepEqual(await leaks(`http://127.0.0.1:${port}`), ['/..%2fsite-secret%2fkey.txt']);
    } finally {
      await new Promise((resolve) => naive.close(() => resolve(undefined)));
    }
  });

  it('does not serve dot-files', async () => {
    const answer = await get(served.origin, '/.env');
    assert.equal(answer.status, 404);
    assert.doesNotMatch(answer.body, /SECRET/);
  });
});
