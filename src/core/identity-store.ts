import { ProviderError, toProviderError } from '../errors.js';
import type { CommentDataProvider, Identity, IdentityOption, ProviderErrorLike } from '../types.js';
import { callWithTimeout } from './call.js';
import { cleanName } from './normalize.js';

export type IdentityPhase = 'loading' | 'ready' | 'connecting' | 'failed';

export interface IdentitySnapshot {
  phase: IdentityPhase;
  /** `null`: a guest. */
  identity: Identity | null;
  options: IdentityOption[];
  /** The option being connected to, or that failed. */
  pendingOption?: IdentityOption;
  error?: ProviderErrorLike;
}

/**
 * One reader identity per provider, shared by every element that uses that
 * provider: a sign-in in one picker shows in every form on the page.
 */
export class IdentityStore {
  readonly provider: CommentDataProvider;
  #snapshot: IdentitySnapshot = { phase: 'loading', identity: null, options: [] };
  readonly #listeners = new Set<(snapshot: IdentitySnapshot) => void>();
  #connecting?: AbortController;
  #started = false;
  #stopWatching?: () => void;

  constructor(provider: CommentDataProvider) {
    this.provider = provider;
  }

  get snapshot(): IdentitySnapshot {
    return this.#snapshot;
  }

  /** Calls `listener` now and on every change; returns the unsubscribe. */
  subscribe(listener: (snapshot: IdentitySnapshot) => void, timeout?: number): () => void {
    this.#listeners.add(listener);
    this.#start(timeout);
    listener(this.#snapshot);
    return () => this.#listeners.delete(listener);
  }

  #set(patch: Partial<IdentitySnapshot>): void {
    const next: IdentitySnapshot = { ...this.#snapshot, ...patch };
    if (next.phase !== 'failed') delete next.error;
    if (next.phase === 'ready') delete next.pendingOption;
    this.#snapshot = next;
    for (const listener of [...this.#listeners]) listener(next);
  }

  #start(timeout?: number): void {
    if (this.#started) return;
    this.#started = true;
    const provider = this.provider;
    this.#stopWatching = provider.onIdentityChange?.((identity) => this.#set({ identity, phase: 'ready' }));
    const options = provider.identityOptions
      ? callWithTimeout(() => provider.identityOptions!(), { timeout }).catch(() => [] as IdentityOption[])
      : Promise.resolve([] as IdentityOption[]);
    const current = provider.currentIdentity
      ? callWithTimeout(() => provider.currentIdentity!(), { timeout }).catch(() => null)
      : Promise.resolve(null);
    void Promise.all([options, current]).then(([list, identity]) => {
      const sanitized = sanitizeOptions(list);
      this.#set({ options: sanitized, identity: validIdentity(identity), phase: 'ready' });
      // Back from a full-page sign-in that failed: say so, as if it had failed here.
      void Promise.resolve()
        .then(() => provider.returnedSignIn?.() ?? null)
        .catch(() => null)
        .then((returned) => {
          const option = returned?.error && sanitized.find((candidate) => candidate.id === returned.optionId);
          if (option && returned?.error && !this.#snapshot.identity && this.#snapshot.phase === 'ready') {
            this.#set({ phase: 'failed', pendingOption: option, error: toProviderError(returned.error) });
          }
        });
    });
  }

  /** Signs in with an `oauth` option; resolves when done, failed or cancelled. */
  async signIn(optionId: string, timeout?: number): Promise<void> {
    const option = this.#snapshot.options.find((candidate) => candidate.id === optionId);
    const provider = this.provider;
    if (!option || !provider.signIn) return;
    this.#connecting?.abort();
    const controller = new AbortController();
    this.#connecting = controller;
    this.#set({ phase: 'connecting', pendingOption: option });
    try {
      // An interactive sign-in waits for a person at the provider: no time limit, Cancel stops it.
      const identity = await callWithTimeout((signal) => provider.signIn!(option.id, { signal }), {
        timeout: option.interactive === true ? Infinity : timeout,
        signal: controller.signal,
      });
      if (this.#connecting !== controller) return;
      const valid = validIdentity(identity);
      if (!valid) throw new ProviderError('unknown', 'The provider answered without an identity.');
      this.#set({ phase: 'ready', identity: valid });
    } catch (thrown) {
      if (this.#connecting !== controller) return;
      const error = toProviderError(thrown);
      if (error.code === 'aborted') this.#set({ phase: 'ready' });
      else this.#set({ phase: 'failed', error, pendingOption: option });
    } finally {
      if (this.#connecting === controller) this.#connecting = undefined;
    }
  }

  /** Stops a sign-in under way ("Cancel" on "Connecting to …"). */
  cancelSignIn(): void {
    this.#connecting?.abort();
  }

  /** Back to the choices after a failure, without signing in. */
  dismissError(): void {
    if (this.#snapshot.phase === 'failed') this.#set({ phase: 'ready' });
  }

  async signOut(timeout?: number): Promise<void> {
    const provider = this.provider;
    try {
      if (provider.signOut) await callWithTimeout(() => provider.signOut!(), { timeout });
    } finally {
      this.#set({ identity: null, phase: 'ready' });
    }
  }

  /** For tests: forget the subscription to the provider. */
  dispose(): void {
    this.#stopWatching?.();
    this.#listeners.clear();
  }
}

function validIdentity(value: unknown): Identity | null {
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Partial<Identity>;
  if (typeof candidate.name !== 'string' || typeof candidate.optionId !== 'string') return null;
  // The same cleaning as authors' names: no bidi override can flip "(Log Out / Change)".
  return { ...(candidate as Identity), name: cleanName(candidate.name) };
}

function sanitizeOptions(value: unknown): IdentityOption[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (option): option is IdentityOption =>
      typeof option === 'object' &&
      option !== null &&
      typeof option.id === 'string' &&
      typeof option.label === 'string' &&
      (option.kind === 'guest' || option.kind === 'oauth'),
  );
}

const stores = new WeakMap<CommentDataProvider, IdentityStore>();

/** The identity store shared by every element using `provider`. */
export function identityStoreFor(provider: CommentDataProvider): IdentityStore {
  let store = stores.get(provider);
  if (!store) stores.set(provider, (store = new IdentityStore(provider)));
  return store;
}
