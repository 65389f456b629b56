import { ContextConsumer } from '@lit/context';
import { isServer, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { providerContext } from '../context.js';
import { providerRegistry } from '../providers/registry.js';
import type { CommentDataProvider } from '../types.js';

/** What an element exposes for its provider to be resolved. */
export interface ProviderHost extends ReactiveControllerHost, HTMLElement {
  /** The provider object set as a property: it wins. */
  provider?: CommentDataProvider;
  /** The `provider` attribute: the name of a registered factory. */
  providerName?: string;
  endpoint?: string;
}

/**
 * Resolves an element's provider: the `provider` property, else the nearest
 * ancestor providing one through `@lit/context`, else the factory named by the
 * `provider` attribute. Asks the host to update when the answer changes.
 */
export class ProviderController implements ReactiveController {
  readonly #host: ProviderHost;
  readonly #consumer: ContextConsumer<typeof providerContext, ProviderHost>;
  #resolved: CommentDataProvider | undefined;

  constructor(host: ProviderHost) {
    this.#host = host;
    this.#consumer = new ContextConsumer(host, { context: providerContext, subscribe: true });
    host.addController(this);
  }

  /** The provider in force now, if any. */
  get value(): CommentDataProvider | undefined {
    const host = this.#host;
    if (host.provider && typeof host.provider === 'object') return host.provider;
    // A server renders preloaded pages: it builds no provider from attributes.
    if (isServer) return undefined;
    if (this.#consumer.value) return this.#consumer.value;
    // Frameworks pass provider="rest" to the property: a string names a factory, as the attribute does.
    const name = typeof host.provider === 'string' ? (host.provider as string) : host.providerName;
    if (name) return providerRegistry.get(name, { endpoint: host.endpoint, element: host });
    return undefined;
  }

  /** True when the provider changed since the last call (checked once per update). */
  changed(): boolean {
    const current = this.value;
    if (current === this.#resolved) return false;
    this.#resolved = current;
    return true;
  }

  hostConnected(): void {}
}
