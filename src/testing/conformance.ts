/**
 * The provider conformance kit: the data-provider contract as a set of
 * `describe`/`it` checks, for anyone writing a provider for their own backend.
 *
 * ```ts
 * import { runProviderConformance } from 'comment-thread/testing';
 * await runProviderConformance({
 *   name: 'MyBackendProvider',
 *   createProvider: () => new MyBackendProvider('https://api.example.com'),
 *   seed: (threadId, records) => myBackend.insert(threadId, records),   // optional
 * });
 * ```
 *
 * It runs under any test framework with mocha-style globals (mocha,
 * web-test-runner, Jest) or the `describe`/`it` you pass (Vitest, `node:test`).
 * Every check uses a thread of its own, so a shared backend needs no reset.
 * A failed check throws a {@link ConformanceError} whose message starts with
 * the check's id. Checks of optional members (`subscribe`, identity,
 * `threadInfo`, edit, delete, react, report, moderation) and of hooks (`seed`,
 * `closeThread`, `moderator`) the provider lacks are not registered at all:
 * the report lists them as not applicable.
 */
import type { CommentDataProvider, CommentDraft, CommentRecord, GuestDetails } from '../types.js';
import { CORE_CHECKS } from './checks.js';
import { MODERATION_CHECKS } from './moderation-checks.js';
import { OPTIONAL_CHECKS } from './optional-checks.js';
import { ConformanceError, named, unique, conversation, type CheckContext, type CheckDefinition } from './support.js';

export { ConformanceError } from './support.js';

/** The checks by id; pass ids in `exclude` to leave some out on purpose. */
export const CONFORMANCE_CHECKS = [
  'empty-thread',
  'paging',
  'order',
  'record-shape',
  'held',
  'post',
  'reply',
  'idempotency',
  'validation',
  'abort',
  'error-codes',
  'closed',
  'thread-info',
  'subscribe',
  'edit',
  'delete',
  'react',
  'report',
  'identity',
  'moderation-forbidden',
  'moderation-approve',
  'moderation-remove',
  'moderation-queue',
  'moderation-private',
  'moderation-ban',
  'moderation-log',
  'thread-settings',
] as const;

export type ConformanceCheck = (typeof CONFORMANCE_CHECKS)[number];

type TestBody = () => Promise<void> | void;

/** What the kit registered for one provider, and what it left out and why. */
export interface ConformanceReport {
  /** The outer `describe`'s name. */
  name: string;
  /** The checks registered as tests, in order. */
  registered: ConformanceCheck[];
  /** Checks not registered because the provider lacks the member (or the options the hook) they need. */
  notApplicable: { check: ConformanceCheck; reason: string }[];
  /** Checks left out through `exclude`. */
  excluded: ConformanceCheck[];
}

export interface ConformanceOptions {
  /** Shown in the outer `describe`. Default "provider conformance". */
  name?: string;
  /**
   * A provider to check; called once per check, and once while registering
   * to see which optional members it has. When it answers a promise, the
   * checks are registered once it settles: `await` the kit at the top level
   * of your test module.
   */
  createProvider: () => CommentDataProvider | Promise<CommentDataProvider>;
  /**
   * Stores `records` in the backend exactly as given (ids, parents, times,
   * status). Without it the kit creates its data with `postComment`, which
   * a backend that holds guest comments for moderation cannot list; the
   * `held` check needs it.
   */
  seed?: (threadId: string, records: CommentRecord[]) => Promise<void>;
  /** Closes a thread for new comments: turns on the `closed` check. */
  closeThread?: (threadId: string) => Promise<void>;
  /**
   * A provider on the same backend as `reader` whose current reader moderates (signed in as a
   * moderator, or holding a moderation token); `reader` itself must not moderate. Turns on the
   * moderation checks (with `seed` for those that need held comments).
   */
  moderator?: (reader: CommentDataProvider) => CommentDataProvider | Promise<CommentDataProvider>;
  /** A fresh thread id (or a new post on backends whose threads must exist). Default `conformance-<random>`. */
  newThreadId?: () => string | Promise<string>;
  /** Who posts, as a guest. Default `{ name: 'Conformance Guest', email: 'guest@example.com' }`. */
  guest?: GuestDetails;
  /**
   * True when two providers from `createProvider` talk to the same backend:
   * the `subscribe` check then posts through one and listens on the other,
   * as two readers would.
   */
  sharedBackend?: boolean;
  /** Milliseconds a live update may take to arrive. Default 5000. */
  liveTimeout?: number;
  /** Checks left out on purpose (say why in your test file). */
  exclude?: ConformanceCheck[];
  /** The test functions; default the global `describe` and `it`. */
  describe?: (name: string, body: () => void) => void;
  it?: (name: string, body: TestBody) => void;
  /** Receives the report once the checks are registered. Default: one `console.info` line. */
  report?: (report: ConformanceReport) => void;
}

const DEFINITIONS: readonly CheckDefinition[] = [...CORE_CHECKS, ...OPTIONAL_CHECKS, ...MODERATION_CHECKS];

/** The report as one line, as the kit logs it. */
export function formatConformanceReport(report: ConformanceReport): string {
  const parts = [`${report.name}: ${report.registered.length} checks registered`];
  if (report.notApplicable.length) {
    parts.push(`not applicable: ${report.notApplicable.map(({ check, reason }) => `${check} (${reason})`).join(', ')}`);
  }
  if (report.excluded.length) parts.push(`excluded: ${report.excluded.join(', ')}`);
  return parts.join('; ');
}

/** Why a check does not apply to `provider`, or null when it does. */
function notApplicable(definition: CheckDefinition, provider: CommentDataProvider, options: ConformanceOptions): string | null {
  const needs = definition.needs;
  if (!needs) return null;
  if ('member' in needs) {
    // A member that is present but no method is registered, so the check fails on it.
    const value = (provider as unknown as Record<string, unknown>)[needs.member];
    if (value === undefined) return `the provider has no ${needs.member}`;
    const missing = (needs.hooks ?? []).filter((hook) => !options[hook]);
    return missing.length ? `no ${missing.join(' or ')} hook in the options` : null;
  }
  return options[needs.hook] ? null : `no ${needs.hook} hook in the options`;
}

/**
 * Registers the contract's checks as `describe`/`it` blocks and answers the
 * report. Registration is synchronous when `createProvider` answers a
 * provider; when it answers a promise, `await` this call.
 */
export function runProviderConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const globals = globalThis as unknown as { describe?: ConformanceOptions['describe']; it?: ConformanceOptions['it'] };
  const describe = options.describe ?? globals.describe;
  const it = options.it ?? globals.it;
  if (!describe || !it) throw new Error('runProviderConformance needs describe() and it(): run it under a test framework or pass them.');
  let probe: CommentDataProvider | Promise<CommentDataProvider>;
  try {
    probe = options.createProvider();
  } catch (thrown) {
    return Promise.resolve(unusable(options, thrown, describe, it));
  }
  if (probe && typeof (probe as Promise<CommentDataProvider>).then === 'function') {
    return (probe as Promise<CommentDataProvider>).then(
      (provider) => register(options, provider, describe, it),
      (thrown: unknown) => unusable(options, thrown, describe, it),
    );
  }
  return Promise.resolve(register(options, probe as CommentDataProvider, describe, it));
}

/**
 * `createProvider` failed while the kit looked at the provider's members: one
 * failing test says so (a silent run of no checks would pass).
 */
function unusable(
  options: ConformanceOptions,
  thrown: unknown,
  describe: NonNullable<ConformanceOptions['describe']>,
  it: NonNullable<ConformanceOptions['it']>,
): ConformanceReport {
  const report: ConformanceReport = { name: options.name ?? 'provider conformance', registered: [], notApplicable: [], excluded: [] };
  describe(report.name, () => {
    it('createProvider works while the checks are registered', () => {
      throw named(
        'createProvider',
        new ConformanceError(
          `createProvider threw while the kit registered its checks (it is called once then, to see which optional members the provider has): ${thrown instanceof Error ? thrown.message : String(thrown)}. Make it work at registration, e.g. by awaiting what it needs at the top level of the test module`,
        ),
      );
    });
  });
  (options.report ?? ((done: ConformanceReport) => console.info(formatConformanceReport(done))))(report);
  return report;
}

function register(
  options: ConformanceOptions,
  provider: CommentDataProvider,
  describe: NonNullable<ConformanceOptions['describe']>,
  it: NonNullable<ConformanceOptions['it']>,
): ConformanceReport {
  const guest = options.guest ?? { name: 'Conformance Guest', email: 'guest@example.com' };
  const excluded = new Set(options.exclude ?? []);
  const newThread = async () => (options.newThreadId ? await options.newThreadId() : unique('conformance'));
  const draft = (threadId: string, text: string, parentId: string | null = null): CommentDraft => ({
    threadId,
    parentId,
    body: text,
    idempotencyKey: unique('key'),
    guest: { ...guest },
  });

  /** A thread holding the seeded conversation, by the hook or by posting it. Returns what the backend stored. */
  async function threadWithConversation(target: CommentDataProvider) {
    const threadId = await newThread();
    const planned = conversation(threadId);
    if (options.seed) {
      await options.seed(threadId, planned);
      return { threadId, records: planned, seeded: true };
    }
    const ids = new Map<string, string>();
    const stored: CommentRecord[] = [];
    for (const record of planned) {
      const parentId = record.parentId ? ids.get(record.parentId)! : null;
      const created = await target.postComment(draft(threadId, record.body, parentId));
      ids.set(record.id, created.id);
      stored.push(created);
      // Distinct creation times, so the order checks mean something.
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    return { threadId, records: stored, seeded: false };
  }

  const context: CheckContext = {
    createProvider: async () => options.createProvider(),
    newThread,
    draft,
    threadWithConversation,
    guest,
    liveTimeout: options.liveTimeout ?? 5000,
    sharedBackend: options.sharedBackend ?? false,
    seed: options.seed,
    closeThread: options.closeThread,
    ...(options.moderator ? { moderator: async (reader: CommentDataProvider) => options.moderator!(reader) } : {}),
  };

  const report: ConformanceReport = { name: options.name ?? 'provider conformance', registered: [], notApplicable: [], excluded: [] };
  const applicable: CheckDefinition[] = [];
  for (const definition of DEFINITIONS) {
    const id = definition.id as ConformanceCheck;
    const reason = notApplicable(definition, provider, options);
    if (excluded.has(id)) report.excluded.push(id);
    else if (reason) report.notApplicable.push({ check: id, reason });
    else {
      report.registered.push(id);
      applicable.push(definition);
    }
  }

  describe(report.name, () => {
    for (const definition of applicable) {
      it(`${definition.id}: ${definition.title}`, async () => {
        try {
          await definition.run(context);
        } catch (thrown) {
          throw named(definition.id, thrown);
        }
      });
    }
  });
  (options.report ?? ((done: ConformanceReport) => console.info(formatConformanceReport(done))))(report);
  return report;
}
