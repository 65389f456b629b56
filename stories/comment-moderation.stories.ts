import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import manifest from '../custom-elements.json';
import '../src/comment-moderation/define.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import { moderatedSite, reportR1 } from '../test/comment-moderation/support.js';
import { documentedApi, until } from './support.js';

type State = 'queue' | 'empty' | 'loading' | 'error' | 'forbidden' | 'spam' | 'none';

interface ModerationArgs {
  state: State;
  threadId: string;
  lang: string;
  theme: '' | 'light' | 'dark' | 'auto';
}

/** A moderated site in memory, in the state the story shows. */
function providerFor(state: State): InMemoryProvider | undefined {
  if (state === 'none') return undefined;
  if (state === 'empty') return new InMemoryProvider({ moderator: true });
  if (state === 'loading') {
    const provider = moderatedSite();
    provider.hangNext('listModerationQueue');
    return provider;
  }
  const provider = moderatedSite({ moderator: state !== 'forbidden' });
  void reportR1(provider);
  if (state === 'error') provider.failNext('listModerationQueue', 1, 'network');
  if (state === 'spam') void provider.moderateComment('h2', 'spam');
  return provider;
}

/** What each state's story waits for before it counts as shown. */
const SHOWN: Record<State, string> = {
  queue: '[part~="item"]',
  empty: '[part~="status"]',
  loading: '[part~="status"][role="status"]',
  error: '[role="alert"]',
  forbidden: '[part~="status"]',
  spam: '[part~="item"]',
  none: '[part~="status"]',
};

const ownArgTypes = {
  state: { control: 'select' as const, options: ['queue', 'empty', 'loading', 'error', 'forbidden', 'spam', 'none'] },
  threadId: { control: 'text' as const },
  lang: { control: 'select' as const, options: ['', 'en', 'de', 'es', 'fr', 'ja', 'ar'] },
  theme: { control: 'select' as const, options: ['', 'light', 'dark', 'auto'] },
};

/**
 * The moderation queue: held and reported comments, newest first, each with its thread, the
 * comment it answers, the author's details and the reports. Approve, Spam, Delete and Ban author,
 * one or several at once, with Undo. Shortcuts: j/k move, x selects, a approves, s marks spam,
 * d deletes, b bans the author, u undoes.
 */
const meta: Meta<ModerationArgs> = {
  title: 'comment-moderation/States',
  component: 'comment-moderation',
  render: (args) => html`<comment-moderation
    .provider=${providerFor(args.state)}
    .threadId=${args.threadId || undefined}
    .view=${args.state === 'spam' ? 'spam' : 'review'}
    lang=${ifDefined(args.lang || undefined)}
    theme=${ifDefined(args.theme || undefined)}
  ></comment-moderation>`,
  args: { state: 'queue', threadId: '', lang: '', theme: '' },
  argTypes: { ...documentedApi(manifest, 'comment-moderation', ownArgTypes), ...ownArgTypes },
  play: async ({ canvasElement, args }) => {
    await until(() => canvasElement.querySelector('comment-moderation')?.shadowRoot?.querySelector(SHOWN[args.state]), `the ${args.state} state`);
  },
};
export default meta;

type Story = StoryObj<ModerationArgs>;

/** The site's queue: two held comments and one reported. */
export const Queue: Story = {};
/** One thread's queue, with the thread's settings. */
export const OneThread: Story = { args: { threadId: 'post-1' } };
/** Nothing to review. */
export const Empty: Story = { args: { state: 'empty' } };
/** While the queue loads. */
export const Loading: Story = { args: { state: 'loading' } };
/** The queue could not be loaded: the reason and Retry. */
export const LoadError: Story = { args: { state: 'error' } };
/** A reader who does not moderate. */
export const Forbidden: Story = { args: { state: 'forbidden' } };
/** The spam view. */
export const Spam: Story = { args: { state: 'spam' } };
/** No provider connected. */
export const NoProvider: Story = { args: { state: 'none' } };
/** German, dark theme. */
export const GermanDark: Story = { args: { lang: 'de', theme: 'dark' } };
/** Arabic, right to left. */
export const Arabic: Story = { args: { lang: 'ar' } };
/** Japanese, one thread. */
export const Japanese: Story = { args: { lang: 'ja', threadId: 'post-2' } };
