import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/comment-thread/define.js';
import { comment, seed, seedOptions, storyProvider, until } from './support.js';
import { inThread, threadArgTypes, threadArgs, type ThreadArgs } from './thread-support.js';

type Story = StoryObj<ThreadArgs>;

/**
 * `<comment-thread>` as a moderator sees it: the provider says `isModerator()`, so the thread's
 * held and reported comments show in place, marked, with Approve / Spam / Delete (and Undo).
 */
const meta: Meta<ThreadArgs> = {
  title: 'comment-thread/Moderator',
  component: 'comment-thread',
  args: threadArgs,
  argTypes: threadArgTypes,
  render: (args) => {
    const provider = storyProvider(args, { comments: args.comments, identityOptions: seedOptions, threads: { [seed.thread.id]: args.threadInfo } });
    provider.moderator = true;
    const first = args.comments[0];
    if (first) {
      provider.addExternal({ ...comment('held-gus', first.id, 'Gus', 'Networking is just giving first, isn’t it? Buy my course.', 60), status: 'pending' });
      void provider.report(args.comments[1]?.id ?? first.id, 'spam');
    }
    return html`<comment-thread
      .provider=${provider}
      thread-id=${seed.thread.id}
      thread-title=${args.threadTitle}
      max-depth=${args.maxDepth}
      theme=${ifDefined(args.theme || undefined)}
      lang=${ifDefined(args.lang || undefined)}
    ></comment-thread>`;
  },
};
export default meta;

/** A guest's held reply in place under the comment it answers, and a reported comment, each marked with its actions. */
export const HeldInPlace: Story = {
  play: async ({ canvasElement }) => {
    await until(() => inThread(canvasElement, '#comment-held-gus [part~="held-mark"]'), 'the held reply, marked');
    await until(() => inThread(canvasElement, '[part~="held-mark"]:not(#comment-held-gus *)') || null, 'the reported comment, marked');
  },
};
