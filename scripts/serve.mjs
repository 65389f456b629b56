// npm start: serves the demo page (demo/) and the built bundle (dist/) and
// prints the address. PORT picks the port (default 8000, or the next free one).
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};
const SERVED = ['demo', 'dist'];

function resolvePath(urlPath) {
  const path = decodeURIComponent(urlPath.split('?')[0]);
  if (path === '/' || path === '/index.html') return join(root, 'demo', 'index.html');
  const file = normalize(join(root, path));
  const top = file.slice(root.length).split(sep)[0];
  if (!file.startsWith(root) || !SERVED.includes(top)) return null;
  return file;
}

const server = createServer((request, response) => {
  let file = resolvePath(request.url ?? '/');
  // The demo's own files are linked relative to the page at /.
  if ((!file || !statSafe(file)) && !request.url.startsWith('/demo/') && !request.url.startsWith('/dist/')) {
    file = resolvePath(`/demo${request.url}`);
  }
  const stat = file && statSafe(file);
  if (!stat || !stat.isFile()) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  response.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  });
  createReadStream(file).pipe(response);
});

function statSafe(file) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

let port = Number(process.env.PORT) || 8000;
server.on('error', (error) => {
  if (error.code === 'EADDRINUSE' && !process.env.PORT) {
    server.listen(++port, '127.0.0.1');
  } else {
    throw error;
  }
});
server.on('listening', () => {
  console.log(`\nThe demo is running: http://127.0.0.1:${port}/\n(Ctrl+C stops it.)`);
});
server.listen(port, '127.0.0.1');
