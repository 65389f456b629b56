import type { CommentDataProvider } from '../types.js';

/** What a declarative element tells a provider factory. */
export interface ProviderConfig {
  /** The element's `endpoint` attribute: a base URL, a JSON file… as the factory reads it. */
  endpoint?: string;
  /** The element asking, for any further attributes a factory reads (`data-*`, say). */
  element?: Element;
}

/**
 * Builds a provider for a declarative element. `cacheKey`, when a factory has it, names what
 * besides the endpoint tells its providers apart (an element's credentials, say): elements whose
 * keys differ get providers of their own, never one built from another element's attributes.
 */
export type ProviderFactory = ((config: ProviderConfig) => CommentDataProvider) & {
  cacheKey?: (config: ProviderConfig) => string;
};

/**
 * Named provider factories for the declarative `provider="…"` attribute. The
 * same name and endpoint give the same provider, so every element that names
 * them shares one identity and one connection.
 */
export class ProviderRegistry {
  readonly #factories = new Map<string, ProviderFactory>();
  readonly #instances = new Map<string, CommentDataProvider>();

  /** Registers (or replaces) a factory under `name`. */
  register(name: string, factory: ProviderFactory): void {
    this.#factories.set(name, factory);
    for (const key of this.#instances.keys()) {
      if (key.startsWith(`${name}\n`)) this.#instances.delete(key);
    }
  }

  has(name: string): boolean {
    return this.#factories.has(name);
  }

  /**
   * The shared provider for `name`, `config.endpoint` (and the factory's `cacheKey`), or
   * `undefined` for an unknown name.
   */
  get(name: string, config: ProviderConfig = {}): CommentDataProvider | undefined {
    const factory = this.#factories.get(name);
    if (!factory) return undefined;
    const key = `${name}\n${config.endpoint ?? ''}\n${factory.cacheKey?.(config) ?? ''}`;
    const existing = this.#instances.get(key);
    if (existing) return existing;
    const provider = factory(config);
    this.#instances.set(key, provider);
    return provider;
  }
}

const REGISTRY_KEY = Symbol.for('comment-thread/provider-registry');

/**
 * The page's registry, kept on `globalThis` under a global symbol so that a
 * second copy of the package registers into, and reads from, the same one.
 */
export const providerRegistry: ProviderRegistry = ((globalThis as Record<symbol, unknown>)[REGISTRY_KEY] ??=
  new ProviderRegistry()) as ProviderRegistry;

/** Registers a factory for `provider="name"`. */
export function registerProvider(name: string, factory: ProviderFactory): void {
  providerRegistry.register(name, factory);
}
