// Builds dist/: the page with its comment thread rendered at build time, the script-tag bundle
// beside it, and (without --endpoint) the comments as a JSON file the browser's provider starts from.
//
//   node build.mjs                              from a JSON file of CommentRecords (default: the seed thread)
//   node build.mjs --comments my-thread.json    … from another file
//   node build.mjs --endpoint https://…/api     from a running reference server (RestProvider);
//                                               the page then reads and posts there too
//   --base-url https://blog.example/post/       the page's address (relative links, same-origin avatars)
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
// comment-thread/ssr first: it installs the DOM shim that Lit's elements need in Node.
import { renderThreadFrom } from 'comment-thread/ssr';
import { InMemoryProvider, RestProvider } from 'comment-thread/providers';

const { values } = parseArgs({
  options: {
    comments: { type: 'string', default: new URL('../../test/fixtures/myth-of-networking.json', import.meta.url).pathname },
    endpoint: { type: 'string' },
    'base-url': { type: 'string', default: 'http://localhost/' },
    'thread-id': { type: 'string', default: 'the-myth-of-networking' },
  },
});

const out = new URL('./dist/', import.meta.url);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let provider;
let browser;
if (values.endpoint) {
  // The page's element uses provider="rest" with the same endpoint: same kind of provider, same controls.
  provider = new RestProvider({ endpoint: values.endpoint });
  browser = { providerName: 'rest', endpoint: values.endpoint };
} else {
  const { comments } = JSON.parse(readFileSync(values.comments, 'utf8'));
  provider = new InMemoryProvider({ comments });
  // provider="memory" reads this file in the browser: posting works there, in memory.
  writeFileSync(new URL('comments.json', out), JSON.stringify({ comments }));
  browser = { providerName: 'memory', endpoint: 'comments.json' };
}

const thread = await renderThreadFrom(provider, {
  threadId: values['thread-id'],
  threadTitle: 'The Myth of Networking',
  maxDepth: 3,
  baseUrl: values['base-url'],
  ...browser,
});

const page = readFileSync(new URL('page.html', import.meta.url), 'utf8').replace('<!-- comment-thread -->', thread);
writeFileSync(new URL('index.html', out), page);
// The bundle and its chunks (loaded on demand: the form, providers, other languages).
const bundle = new URL('./node_modules/comment-thread/dist/', import.meta.url);
mkdirSync(new URL('comment-thread/', out));
cpSync(new URL('comment-thread-hydrate.js', bundle), new URL('comment-thread/comment-thread-hydrate.js', out));
cpSync(new URL('chunks/', bundle), new URL('comment-thread/chunks/', out), { recursive: true, filter: (file) => !file.endsWith('.map') });
console.log(`built ${new URL('index.html', out).pathname}`);
