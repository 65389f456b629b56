import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { identityStoreFor, type IdentitySnapshot, type IdentityStore } from '../core/identity-store.js';
import type { CommentDataProvider } from '../types.js';

/**
 * Keeps an element in step with the reader's identity for its provider: the
 * store is shared by every element using that provider.
 */
export class IdentityController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #onChange?: (snapshot: IdentitySnapshot, previous: IdentitySnapshot | undefined) => void;
  #store?: IdentityStore;
  #unsubscribe?: () => void;
  snapshot?: IdentitySnapshot;

  constructor(
    host: ReactiveControllerHost,
    onChange?: (snapshot: IdentitySnapshot, previous: IdentitySnapshot | undefined) => void,
  ) {
    this.#host = host;
    this.#onChange = onChange;
    host.addController(this);
  }

  get store(): IdentityStore | undefined {
    return this.#store;
  }

  /** Follows `provider`'s identity (call whenever the provider may have changed). */
  connect(provider: CommentDataProvider | undefined, timeout?: number): void {
    const store = provider ? identityStoreFor(provider) : undefined;
    if (store === this.#store && this.#unsubscribe) return;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#store = store;
    this.snapshot = undefined;
    if (!store) return;
    this.#unsubscribe = store.subscribe((snapshot) => {
      const previous = this.snapshot;
      this.snapshot = snapshot;
      this.#onChange?.(snapshot, previous);
      this.#host.requestUpdate();
    }, timeout);
  }

  hostDisconnected(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }
}
