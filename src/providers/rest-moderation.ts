/**
 * The moderation members of `RestProvider` over the reference server's `/moderation/` routes
 * (docs/rest-api.md, "Moderation"). The provider hands them its own request functions, so
 * retries, timeouts, headers (a `MODERATION_TOKEN` as `Authorization: Bearer …`) and error
 * mapping are the same as for every other call. `subscribeModeration` reads the server's
 * moderator stream with `fetch` (not `EventSource`), so a bearer token travels with it too; it
 * reconnects with backoff and `lastEventId`, so nothing is missed or heard twice.
 */
import { isRecord } from '../core/guards.js';
import { ProviderError } from '../errors.js';
import type {
  Ban,
  BanRequest,
  ModerationAction,
  ModerationChange,
  ModerationItem,
  ModerationLogPage,
  ModerationPage,
  ModerationQueueOptions,
  ThreadInfo,
  ThreadSettings,
} from '../types.js';
import { backoffDelay, type QueryValue } from './rest-http.js';

/** A request as `RestProvider` sends it. */
export interface ModerationRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  segments: string[];
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/** What `RestProvider` lends its moderation members. */
export interface ModerationTransport {
  /** A read (retried as the provider retries reads). */
  read(spec: ModerationRequest): Promise<{ data: unknown; response: Response }>;
  /** A write (one attempt). */
  write(spec: ModerationRequest): Promise<{ data: unknown; response: Response }>;
  /** Opens a long-lived GET (the moderator stream) with the provider's fetch, headers and credentials. */
  stream(segments: string[], query: Record<string, QueryValue>, signal: AbortSignal): Promise<Response>;
}

/** The moderation members, as `RestProvider` has them. */
export interface RestModerationMembers {
  isModerator(options?: { signal?: AbortSignal }): Promise<boolean>;
  listModerationQueue(options?: ModerationQueueOptions): Promise<ModerationPage>;
  moderateComment(id: string, action: ModerationAction, options?: { signal?: AbortSignal }): Promise<ModerationItem>;
  banAuthor(request: BanRequest, options?: { signal?: AbortSignal }): Promise<Ban>;
  unbanAuthor(banId: string, options?: { signal?: AbortSignal }): Promise<void>;
  updateThreadSettings(threadId: string, settings: ThreadSettings, options?: { signal?: AbortSignal }): Promise<ThreadInfo>;
  listModerationLog(options?: { cursor?: string | null; limit?: number; signal?: AbortSignal }): Promise<ModerationLogPage>;
  subscribeModeration(listener: (change: ModerationChange) => void, options?: { threadId?: string }): () => void;
}

function item(data: unknown): ModerationItem {
  if (!isRecord(data) || typeof data.id !== 'string' || !isRecord(data.moderation)) {
    throw new ProviderError('unknown', 'The server answered something that is not a moderation item.');
  }
  return data as unknown as ModerationItem;
}

/** A page size the server takes (1 to 100). */
const pageLimit = (limit: number | undefined) => (limit === undefined ? undefined : Math.max(1, Math.min(100, Math.floor(limit))));

/** One Server-Sent Events block as `{ id, event, data }`. */
export function parseEventBlock(block: string): { id?: string; event?: string; data?: string } {
  const parsed: { id?: string; event?: string; data?: string } = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const field = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id' || field === 'event') parsed[field] = value;
    else if (field === 'data') parsed.data = parsed.data === undefined ? value : `${parsed.data}\n${value}`;
  }
  return parsed;
}

/** A change from the stream, or null when it is not one. */
function changeOf(data: string | undefined): ModerationChange | null {
  let change: unknown;
  try {
    change = JSON.parse(data ?? '');
  } catch {
    return null;
  }
  if (!isRecord(change)) return null;
  if (change.type === 'removed') return typeof change.id === 'string' ? { type: 'removed', id: change.id } : null;
  if ((change.type === 'added' || change.type === 'updated') && isRecord(change.item) && typeof change.item.id === 'string') {
    return change as unknown as ModerationChange;
  }
  return null;
}

/** The moderation members over `transport`. */
export function moderationMembers(transport: ModerationTransport): RestModerationMembers {
  /** The newest change a queue answer reported: where a subscription started later catches up from. */
  let listedEventId: number | null = null;
  return {
    async isModerator(options = {}) {
      const { data } = await transport.read({ method: 'GET', segments: ['moderation', 'me'], signal: options.signal });
      return isRecord(data) && data.moderator === true;
    },

    async listModerationQueue(options = {}) {
      const { data, response } = await transport.read({
        method: 'GET',
        segments: ['moderation', 'queue'],
        query: { queues: options.queues?.join(','), threadId: options.threadId, cursor: options.cursor, limit: pageLimit(options.limit) },
        signal: options.signal,
      });
      if (!isRecord(data) || !Array.isArray(data.items)) throw new ProviderError('unknown', 'The server answered something that is not a moderation queue.');
      const eventId = Number(response.headers.get('x-last-event-id'));
      if (Number.isSafeInteger(eventId) && eventId >= 0 && (listedEventId === null || eventId < listedEventId || !options.cursor)) listedEventId = eventId;
      const page: ModerationPage = {
        items: data.items.map(item),
        nextCursor: typeof data.nextCursor === 'string' && data.nextCursor ? data.nextCursor : null,
      };
      if (typeof data.total === 'number') page.total = data.total;
      return page;
    },

    async moderateComment(id, action, options = {}) {
      const { data } = await transport.write({ method: 'POST', segments: ['moderation', 'comments', id], body: { action }, signal: options.signal });
      return item(data);
    },

    async banAuthor(request, options = {}) {
      const { data } = await transport.write({ method: 'POST', segments: ['moderation', 'bans'], body: request, signal: options.signal });
      if (!isRecord(data) || typeof data.id !== 'string') throw new ProviderError('unknown', 'The server answered something that is not a ban.');
      return data as unknown as Ban;
    },

    async unbanAuthor(banId, options = {}) {
      await transport.write({ method: 'DELETE', segments: ['moderation', 'bans', banId], signal: options.signal });
    },

    async updateThreadSettings(threadId, settings, options = {}) {
      const { data } = await transport.write({ method: 'PATCH', segments: ['moderation', 'threads', threadId], body: settings, signal: options.signal });
      if (!isRecord(data)) throw new ProviderError('unknown', 'The server answered something that is not thread information.');
      return data as ThreadInfo;
    },

    async listModerationLog(options = {}) {
      const { data } = await transport.read({
        method: 'GET',
        segments: ['moderation', 'log'],
        query: { cursor: options.cursor, limit: pageLimit(options.limit) },
        signal: options.signal,
      });
      if (!isRecord(data) || !Array.isArray(data.entries)) throw new ProviderError('unknown', 'The server answered something that is not a moderation log.');
      return { entries: data.entries as ModerationLogPage['entries'], nextCursor: typeof data.nextCursor === 'string' && data.nextCursor ? data.nextCursor : null };
    },

    subscribeModeration(listener, options = {}) {
      let stopped = false;
      let controller: AbortController | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      // Changes since the queue was listed are replayed, so none falls between the list and the stream.
      let lastEventId: string | null = listedEventId === null ? null : String(listedEventId);
      let attempt = 0;
      const follow = async (): Promise<void> => {
        controller = new AbortController();
        try {
          const response = await transport.stream(['moderation', 'events'], { threadId: options.threadId, lastEventId }, controller.signal);
          // Not a moderator (or no longer one): nothing to hear, and nothing to retry.
          if (response.status === 401 || response.status === 403) return;
          if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            for (let end = buffer.search(/\r?\n\r?\n/); end >= 0; end = buffer.search(/\r?\n\r?\n/)) {
              const block = parseEventBlock(buffer.slice(0, end));
              buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
              if (block.id && /^\d+$/.test(block.id)) lastEventId = block.id;
              if (block.event === 'ready') attempt = 0;
              if (block.event !== 'change' || stopped) continue;
              const change = changeOf(block.data);
              if (change) listener(change);
            }
          }
        } catch {
          // dropped or refused: try again below
        }
        if (stopped) return;
        timer = setTimeout(() => void follow(), backoffDelay(attempt++, { baseMs: 500, maxMs: 10_000 }));
      };
      void follow();
      return () => {
        stopped = true;
        clearTimeout(timer);
        controller?.abort();
      };
    },
  };
}
