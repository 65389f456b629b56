// The conformance kit judged: it passes a correct provider, fails each
// deliberately broken one on the rule it breaks (with a message naming that
// rule), and registers no test for an optional member a provider lacks.
import { expect } from '@open-wc/testing';
import {
  CONFORMANCE_CHECKS,
  ConformanceError,
  formatConformanceReport,
  runProviderConformance,
  type ConformanceOptions,
  type ConformanceReport,
} from '../src/testing/conformance.js';
import type { CommentDataProvider } from '../src/types.js';
import { BROKEN_PROVIDERS, delegate, memoryBackend } from './conformance-broken-providers.js';

interface KitRun {
  report: ConformanceReport;
  /** Every registered test's title, as the framework would show it. */
  titles: string[];
  describes: string[];
  /** The checks that failed, by id, with what they threw. */
  failures: Map<string, unknown>;
}

/** Runs the kit with a describe/it of our own: registers, then runs every test it registered. */
async function runKit(options: Partial<ConformanceOptions> & Pick<ConformanceOptions, 'createProvider'>): Promise<KitRun> {
  const tests: { title: string; body: () => Promise<void> | void }[] = [];
  const describes: string[] = [];
  let reported: ConformanceReport | undefined;
  const report = await runProviderConformance({
    name: 'kit under test',
    liveTimeout: 400,
    ...options,
    describe: (name, body) => {
      describes.push(name);
      body();
    },
    it: (title, body) => tests.push({ title, body }),
    report: (done) => (reported = done),
  });
  expect(reported, 'the report hook hears the same report').to.equal(report);
  const failures = new Map<string, unknown>();
  for (const test of tests) {
    try {
      await test.body();
    } catch (thrown) {
      failures.set(test.title.includes(':') ? test.title.slice(0, test.title.indexOf(':')) : test.title, thrown);
    }
  }
  return { report, titles: tests.map((test) => test.title), describes, failures };
}

function failureText(failures: Map<string, unknown>): string {
  return [...failures].map(([id, error]) => `${id} → ${(error as Error)?.message}`).join('\n');
}

describe('conformance kit: a correct provider passes', () => {
  it('InMemoryProvider with every hook: all checks registered, none fails', async () => {
    const run = await runKit(memoryBackend());
    expect(failureText(run.failures)).to.equal('');
    expect(run.report.registered).to.have.members([...CONFORMANCE_CHECKS]);
    expect(run.report.notApplicable).to.deep.equal([]);
    expect(run.titles.map((title) => title.split(':')[0])).to.deep.equal(run.report.registered);
    expect(run.describes).to.deep.equal(['kit under test']);
  });

  it('an asynchronous createProvider registers the checks once it settles', async () => {
    const backend = memoryBackend();
    const run = await runKit({ ...backend, createProvider: async () => backend.createProvider() });
    expect(failureText(run.failures)).to.equal('');
    expect(run.report.registered).to.have.members([...CONFORMANCE_CHECKS]);
  });
});

describe('conformance kit: checks that do not apply are not registered', () => {
  it('a provider with listComments and postComment only: optional checks are absent, reported as not applicable', async () => {
    const backend = memoryBackend((inner) =>
      delegate(inner, {
        updateComment: undefined,
        deleteComment: undefined,
        react: undefined,
        report: undefined,
        identityOptions: undefined,
        signIn: undefined,
        signOut: undefined,
        currentIdentity: undefined,
        onIdentityChange: undefined,
        threadInfo: undefined,
        subscribe: undefined,
        isModerator: undefined,
        listModerationQueue: undefined,
        moderateComment: undefined,
        banAuthor: undefined,
        unbanAuthor: undefined,
        updateThreadSettings: undefined,
        subscribeModeration: undefined,
        listModerationLog: undefined,
      }),
    );
    const run = await runKit({ createProvider: backend.createProvider });
    expect(failureText(run.failures)).to.equal('');
    const absent = [
      'thread-info',
      'subscribe',
      'edit',
      'delete',
      'react',
      'report',
      'identity',
      'held',
      'closed',
      'moderation-forbidden',
      'moderation-approve',
      'moderation-remove',
      'moderation-queue',
      'moderation-private',
      'moderation-ban',
      'moderation-log',
      'thread-settings',
    ];
    expect(run.report.notApplicable.map((entry) => entry.check)).to.have.members(absent);
    for (const id of absent) expect(run.titles.some((title) => title.startsWith(`${id}:`)), `no test registered for ${id}`).to.equal(false);
    expect(run.titles).to.have.length(CONFORMANCE_CHECKS.length - absent.length);
    expect(run.report.notApplicable.find((entry) => entry.check === 'subscribe')?.reason).to.equal('the provider has no subscribe');
    expect(run.report.notApplicable.find((entry) => entry.check === 'held')?.reason).to.equal('no seed hook in the options');
    const line = formatConformanceReport(run.report);
    expect(line).to.contain('not applicable: ');
    expect(line).to.contain('edit (the provider has no updateComment)');
  });

  it('a provider with moderation members but no moderator hook: only the refusal check is registered', async () => {
    const { moderator: _moderator, ...backend } = memoryBackend();
    const run = await runKit(backend);
    expect(failureText(run.failures)).to.equal('');
    expect(run.report.registered).to.include('moderation-forbidden');
    const needsHook = ['moderation-approve', 'moderation-remove', 'moderation-queue', 'moderation-private', 'moderation-ban', 'moderation-log', 'thread-settings'];
    expect(run.report.notApplicable.map((entry) => entry.check)).to.have.members(needsHook);
    expect(run.report.notApplicable.find((entry) => entry.check === 'moderation-ban')?.reason).to.equal('no moderator hook in the options');
  });

  it('excluded checks are not registered and the report says so', async () => {
    const run = await runKit({ ...memoryBackend(), exclude: ['subscribe', 'paging'] });
    expect(run.report.excluded).to.deep.equal(['paging', 'subscribe']);
    expect(run.titles.some((title) => title.startsWith('subscribe:') || title.startsWith('paging:'))).to.equal(false);
    expect(formatConformanceReport(run.report)).to.contain('excluded: paging, subscribe');
  });
});

describe('conformance kit: each broken provider fails on the rule it breaks', () => {
  it('every check of the kit is failed by at least one broken provider', () => {
    const covered = new Set(BROKEN_PROVIDERS.flatMap((broken) => broken.fails));
    expect(CONFORMANCE_CHECKS.filter((id) => !covered.has(id))).to.deep.equal([]);
  });

  for (const broken of BROKEN_PROVIDERS) {
    it(`${broken.fails[0]}: a provider that ${broken.name}`, async () => {
      const run = await runKit(memoryBackend(broken.make, broken.moderator));
      // The broken rule fails, and nothing else than what it breaks.
      expect([...run.failures.keys()], failureText(run.failures)).to.have.members(broken.fails);
      for (const id of broken.fails) {
        const error = run.failures.get(id) as ConformanceError;
        expect(error, `${id} throws a ConformanceError`).to.be.instanceOf(ConformanceError);
        expect(error.rule).to.equal(id);
        expect(error.message.startsWith(`${id}: `), error.message).to.equal(true);
      }
      expect((run.failures.get(broken.fails[0]) as Error).message).to.contain(broken.says);
    });
  }

  it('a provider that throws where it should answer fails with the rule named and the error shown', async () => {
    const backend = memoryBackend((inner) =>
      delegate(inner, {
        listComments: () => {
          throw new TypeError('cannot read properties of undefined');
        },
      }),
    );
    const run = await runKit({ createProvider: backend.createProvider, exclude: ['held', 'closed'] });
    const error = run.failures.get('empty-thread') as ConformanceError;
    expect(error).to.be.instanceOf(ConformanceError);
    expect(error.message).to.equal('empty-thread: the provider threw where the contract expects an answer: TypeError: cannot read properties of undefined');
  });
});

describe('conformance kit: registration', () => {
  for (const [how, createProvider] of [
    ['throws', (): CommentDataProvider => {
      throw new TypeError("Cannot read properties of undefined (reading 'restUrl')");
    }],
    ['rejects', (): Promise<CommentDataProvider> => Promise.reject(new Error('backend not up yet'))],
  ] as const) {
    it(`a createProvider that ${how} while registering gives one failing test that says why`, async () => {
      const run = await runKit({ createProvider });
      expect(run.titles).to.deep.equal(['createProvider works while the checks are registered']);
      expect(run.report.registered).to.deep.equal([]);
      const error = run.failures.get('createProvider works while the checks are registered') as ConformanceError;
      expect(error).to.be.instanceOf(ConformanceError);
      expect(error.message).to.match(/^createProvider: createProvider threw while the kit registered its checks/);
      expect(error.message).to.contain(how === 'throws' ? "reading 'restUrl'" : 'backend not up yet');
    });
  }

  it('uses the global describe/it when none are passed', async () => {
    const globals = globalThis as unknown as { describe: unknown; it: unknown };
    const saved = { describe: globals.describe, it: globals.it };
    const titles: string[] = [];
    globals.describe = (_name: string, body: () => void) => body();
    globals.it = (title: string) => titles.push(title);
    try {
      await runProviderConformance({ createProvider: (): CommentDataProvider => memoryBackend().createProvider(), report: () => {} });
    } finally {
      Object.assign(globals, saved);
    }
    expect(titles.length).to.be.greaterThan(10);
  });
});
