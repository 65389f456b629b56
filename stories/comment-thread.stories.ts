import type { Meta, StoryObj } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
import '../src/comment-thread/define.js';
import { deepChain, fillGuestForm, manyComments, pierce, until } from './support.js';
import {
  countComments,
  inThread,
  renderThread,
  showsComments,
  threadArgTypes,
  threadArgs,
  threadForm,
  type ThreadArgs,
} from './thread-support.js';
import { documentedApi } from './support.js';

type Story = StoryObj<ThreadArgs>;

/** Fills the thread's form as a guest and posts it. */
async function postAsGuest(canvas: HTMLElement, body: string): Promise<HTMLElement> {
  await until(() => countComments(canvas) > 0, 'the seed thread');
  const formElement = await until(() => threadForm(canvas), 'the comment form');
  await fillGuestForm(formElement, body);
  return formElement;
}

const meta: Meta<ThreadArgs> = {
  title: 'comment-thread/States',
  component: 'comment-thread',
  render: renderThread,
  args: threadArgs,
  argTypes: { ...documentedApi(manifest, 'comment-thread', threadArgTypes), ...threadArgTypes },
  // Drafts and saved guest details live in localStorage: each story starts clean.
  beforeEach: () => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('comment-thread:')) localStorage.removeItem(key);
  },
};
export default meta;

/** The seed blog post: "5 thoughts on “The Myth of Networking”", nested three deep, Julian's reply to Liz kept at depth 3. */
export const SeedThread: Story = { play: showsComments(5) };

/** While the first page loads: `aria-busy` and a skeleton. The provider never answers here. */
export const Loading: Story = {
  args: { listFault: 'hang', timeout: 3_600_000 },
  play: async ({ canvasElement }) => {
    await until(() => inThread(canvasElement, '[part~="loading"]'), 'the loading skeleton');
  },
};

/** No comments yet: the header says so and the form invites the first one. */
export const Empty: Story = {
  args: { comments: [] },
  play: async ({ canvasElement }) => {
    await until(() => inThread(canvasElement, '[part~="form"] comment-form'), 'the form after an empty thread');
  },
};

/** The provider failed: "Couldn’t load comments" with the reason and Retry. */
export const LoadError: Story = {
  args: { listFault: 'network' },
  play: async ({ canvasElement }) => {
    await until(() => inThread(canvasElement, '[part~="retry"]'), 'Retry');
  },
};

/** A provider that never answers: the element's timeout turns it into an error with Retry. */
export const TimedOut: Story = {
  args: { listFault: 'hang', timeout: 1500, latency: 0 },
  play: async ({ canvasElement }) => {
    await until(() => inThread(canvasElement, '[part~="retry"]'), 'Retry after the timeout');
  },
};

/** Nine levels of replies, each answering the last: past `max-depth` (5) they stay at level 5, marked "In reply to …". */
export const DeepNesting: Story = {
  args: { comments: deepChain(9), maxDepth: 5, threadTitle: 'A long conversation' },
  play: showsComments(9),
};

/** 1,000 comments in one page. */
export const ThousandComments: Story = {
  args: { comments: manyComments(1000), pageSize: 1000, latency: 0, threadTitle: 'A busy thread' },
  play: showsComments(1000),
};

/** 1,000 comments, 50 at a time: "Load more comments". */
export const Paged: Story = {
  args: { comments: manyComments(1000), pageSize: 50, latency: 0, threadTitle: 'A busy thread' },
  play: async ({ canvasElement }) => {
    await until(() => inThread(canvasElement, '[part~="load-more"]'), 'Load more comments');
  },
};

/** Newest first (top-level comments only; replies still read oldest first). */
export const NewestFirst: Story = { args: { order: 'newest' }, play: showsComments(5) };

/** "Reply" moved the form under Bret's comment: "Leave a Reply to Bret" with "Cancel reply". */
export const Replying: Story = {
  play: async ({ canvasElement }) => {
    await until(() => countComments(canvasElement) === 5, 'the seed thread');
    inThread<HTMLButtonElement>(canvasElement, '#comment-c1 [part~="reply-button"]')!.click();
    await until(() => inThread(canvasElement, '[part~="reply-form"] comment-form'), 'the reply form under Bret');
  },
};

/** Posting: the form is read-only (focus stays) and says so while the provider works (it never answers here). */
export const Posting: Story = {
  args: { postFault: 'hang', timeout: 3_600_000 },
  play: async ({ canvasElement }) => {
    const formElement = await postAsGuest(canvasElement, 'Giving first is the whole point.');
    await until(() => formElement.shadowRoot?.querySelector('form[aria-busy="true"]'), 'posting');
  },
};

/** Posted: the comment appears in the thread at once, focused and announced. */
export const Posted: Story = {
  play: async ({ canvasElement }) => {
    await postAsGuest(canvasElement, 'Giving first is the whole point.');
    await until(() => countComments(canvasElement) === 6, 'the new comment in the thread');
  },
};

/** Held for moderation: the reader's own comment shows "Your comment is awaiting moderation." */
export const PostedPending: Story = {
  args: { moderation: 'hold' },
  play: async ({ canvasElement }) => {
    await postAsGuest(canvasElement, 'Giving first is the whole point.');
    await until(() => inThread(canvasElement, '[part~="moderation"]'), 'the moderation notice');
  },
};

/** Posting failed: the reason, Retry, and the text kept. */
export const PostFailed: Story = {
  args: { postFault: 'network' },
  play: async ({ canvasElement }) => {
    const formElement = await postAsGuest(canvasElement, 'Giving first is the whole point.');
    await until(() => formElement.shadowRoot?.querySelector('[part~="error"]'), 'the post error');
  },
};

/** The reader is signed in with Twitter: no guest fields. */
export const SignedIn: Story = {
  args: { signedIn: true },
  play: async ({ canvasElement }) => {
    const formElement = await until(() => threadForm(canvasElement), 'the form');
    await until(() => pierce(formElement, 'login-picker', '[part~="identity"]'), 'the signed-in reader');
  },
};

/** Comments are closed: the comments stay, the form is gone. */
export const Closed: Story = {
  args: { threadInfo: { closed: true } },
  play: async ({ canvasElement }) => {
    await until(() => inThread(canvasElement, '[part~="closed"]'), '"Comments are closed."');
  },
};
