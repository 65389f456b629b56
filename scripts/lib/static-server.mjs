// The one static-file server of the repo's tools (the bench pages, the examples, the Storybook
// runs): files under a root folder, the content type by extension, index.html for a folder, and
// no way out of the root. @fastify/send does the serving and the guarding (the reference server
// uses @fastify/static, built on it): a path that climbs out of the root (`..`, encoded or not)
// is refused (403), a dot-file is not found (404).
import { createServer } from 'node:http';
import { send } from '@fastify/send';

/**
 * @typedef {object} SendOptions
 * @property {Record<string, string>} [headers] added to a successful answer (`cache-control`, say)
 */

/**
 * Answers `request` with the file `path` (URL-encoded, as it stands in the URL) names under `root`.
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 * @param {string} root an absolute folder
 * @param {string} path
 * @param {SendOptions} [options]
 * @returns {Promise<number>} the status answered
 */
export async function sendFile(request, response, root, path, { headers = {} } = {}) {
  const answer = await send(request, path, { root, cacheControl: false, etag: false, lastModified: false });
  const ok = answer.statusCode >= 200 && answer.statusCode < 300;
  response.writeHead(answer.statusCode, { ...answer.headers, ...(ok ? headers : {}) });
  answer.stream.pipe(response);
  return answer.statusCode;
}

/**
 * @typedef {object} StaticServerOptions
 * @property {string} root the folder served
 * @property {(request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse, url: URL) => boolean | Promise<boolean>} [handle]
 *   answers first; returns true when it did (an API route, a page it rewrites)
 * @property {Record<string, string>} [headers] added to every file answered
 * @property {number} [port] default 0: a free port
 */

/**
 * A static-file server on 127.0.0.1: `handle` first, then `/favicon.ico` (204, browsers ask for
 * one nobody ships), then the files under `root`.
 * @param {StaticServerOptions} options
 * @returns {Promise<{ server: import('node:http').Server, origin: string, close: () => Promise<void> }>}
 */
export async function startStaticServer({ root, handle, headers, port = 0 }) {
  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (handle && (await handle(request, response, url))) return;
      if (url.pathname === '/favicon.ico') return void response.writeHead(204).end();
      await sendFile(request, response, root, url.pathname, { headers });
    } catch (error) {
      console.error(error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    server,
    origin: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined));
        // Kept-alive connections of a browser would hold the close open.
        server.closeAllConnections();
      }),
  };
}
