// The conformance kit against RestProvider and the real reference server over HTTP.
import { RestProvider } from '../../src/providers/rest-provider.js';
import { runProviderConformance } from '../../src/testing/conformance.js';
import type { CommentRecord } from '../../src/types.js';
import { control, integrationEnv } from './env.js';

const env = integrationEnv();
const api = env.then((values) => values.REST_API);

await runProviderConformance({
  name: 'RestProvider + reference server conformance',
  createProvider: async () => new RestProvider({ endpoint: await api }),
  seed: async (_threadId, records: CommentRecord[]) => {
    await control('rest-server', 'seed', { comments: records });
  },
  closeThread: async (threadId) => {
    await control('rest-server', 'thread', { threadId, closed: true });
  },
  // A moderator: a script with the server's MODERATION_TOKEN as a bearer token.
  moderator: async () => {
    const { REST_API, REST_MODERATION_TOKEN } = await env;
    return new RestProvider({ endpoint: REST_API, headers: { Authorization: `Bearer ${REST_MODERATION_TOKEN}` } });
  },
  sharedBackend: true,
});
