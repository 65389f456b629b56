import type { CommentDataProvider } from '../types.js';

type Member = Exclude<keyof CommentDataProvider, 'listComments' | 'postComment'>;

/** What a provider with readers' identities has besides listing and posting. */
export const IDENTITY_MEMBERS = [
  'threadInfo',
  'identityOptions',
  'currentIdentity',
  'signIn',
  'signOut',
  'onIdentityChange',
] as const satisfies readonly Member[];

/** What a provider that moderates has (the REST provider's moderation members). */
export const MODERATION_MEMBERS = [
  'isModerator',
  'listModerationQueue',
  'moderateComment',
  'banAuthor',
  'unbanAuthor',
  'updateThreadSettings',
  'subscribeModeration',
  'listModerationLog',
] as const satisfies readonly Member[];

/** Members that answer at once in the contract (they return a function that detaches). */
const SYNCHRONOUS: ReadonlySet<string> = new Set(['subscribe', 'onIdentityChange', 'subscribeModeration']);

/**
 * A provider whose code loads the first time an element asks for anything: a
 * `provider="…"` name costs the page's first load nothing until it is used.
 * `members` names the optional members the loaded provider will have, because
 * the elements decide at once, from their presence, which controls to show.
 * A failed import (a chunk the server lost) is tried again on the next call.
 */
export function lazyProvider(load: () => Promise<CommentDataProvider>, members: readonly Member[]): CommentDataProvider {
  let ready: Promise<CommentDataProvider> | undefined;
  const use = () =>
    (ready ??= load().catch((error: unknown) => {
      ready = undefined;
      throw error;
    }));
  const call = (member: keyof CommentDataProvider) => (...args: unknown[]) =>
    use().then((loaded) => (loaded[member] as (...values: unknown[]) => Promise<unknown>).apply(loaded, args));
  const attach = (member: keyof CommentDataProvider) => (...args: unknown[]) => {
    let detach: (() => void) | undefined;
    let stopped = false;
    void use().then(
      (loaded) => {
        if (!stopped) detach = (loaded[member] as (...values: unknown[]) => () => void).apply(loaded, args);
      },
      () => {},
    );
    return () => {
      stopped = true;
      detach?.();
    };
  };
  const provider: Record<string, unknown> = { listComments: call('listComments'), postComment: call('postComment') };
  for (const member of members) provider[member] = SYNCHRONOUS.has(member) ? attach(member) : call(member);
  return provider as unknown as CommentDataProvider;
}
