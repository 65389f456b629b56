// The demo: / (demo/index.html with its thread rendered on the server), and the files under
// /demo/ and /dist/ (@fastify/static).
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pageFor } from './comments.mjs';

const HTML = 'text/html; charset=utf-8';

/**
 * @param {import('fastify').FastifyInstance} app
 * @param {{ root: string, api: string, store: import('../store/index.mjs').Store, sessions: import('./session.mjs').Sessions }} options
 */
export default async function demo(app, { root, api, store, sessions }) {
  for (const [index, folder] of ['demo', 'dist'].entries()) {
    await app.register(fastifyStatic, {
      root: join(root, folder),
      prefix: `/${folder}/`,
      decorateReply: index === 0,
      cacheControl: false,
      index: false,
      // A folder is not a file: the same 404 as any missing file.
      allowedPath: (/** @type {string} */ path) => !path.endsWith('/'),
      // @fastify/static hands the reply here (not a ServerResponse).
      setHeaders: (/** @type {any} */ reply, /** @type {string} */ file) => {
        reply.header('cache-control', 'no-store');
        if (file.endsWith('.ts')) reply.header('content-type', 'text/plain; charset=utf-8');
      },
    });
  }

  /**
   * The demo page with its thread rendered on the server (declarative shadow DOM and the first
   * page embedded), so the comments are in the page source and the element starts from them
   * without asking for the list again. Without a build it serves the page as is.
   * @param {import('fastify').FastifyRequest} request @param {string} page
   */
  async function renderDemo(request, page) {
    const ssrModule = join(root, 'dist', 'ssr', 'render-thread.js');
    const tag = page.match(/<comment-thread\b([^<>]*)>\s*<\/comment-thread>/);
    if (!tag || !existsSync(ssrModule)) return page;
    const attribute = (/** @type {string} */ name) => [...tag[1].matchAll(/\s([\w-]+)="([^"]*)"/g)].find((match) => match[1] === name)?.[2];
    const threadId = attribute('thread-id') ?? '';
    const pageSize = Number(attribute('page-size')) || 50;
    const session = (await sessions.viewer(request)).owner;
    const first = await pageFor(store, { threadId, order: 'oldest', limit: pageSize, after: null }, session);
    const { renderThread } = await import(pathToFileURL(ssrModule).href);
    const rendered = await renderThread({
      id: attribute('id'),
      threadId,
      threadTitle: attribute('thread-title'),
      maxDepth: Number(attribute('max-depth')) || 5,
      pageSize,
      page: first.body,
      info: await store.thread(threadId),
      provider: 'rest',
      endpoint: api,
      baseUrl: `http://${request.headers.host ?? 'localhost'}/`,
    });
    return page.replace(tag[0], rendered);
  }

  app.get('/', async (request, reply) => {
    const page = await readFile(join(root, 'demo', 'index.html'), 'utf8');
    let body = page;
    try {
      body = await renderDemo(request, page);
    } catch (error) {
      request.log.error(error, 'server rendering failed; serving the page without it');
    }
    return reply.header('content-type', HTML).header('cache-control', 'no-store').send(body);
  });

  // Browsers ask for it on every page; the demo has none.
  app.get('/favicon.ico', (_request, reply) => reply.code(204).send());
}
