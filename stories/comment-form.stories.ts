import type { ArgTypes, Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import manifest from '../custom-elements.json';
import '../src/comment-form/define.js';
import {
  documentedApi,
  fillGuestForm,
  pierce,
  providerArgTypes,
  providerArgs,
  seed,
  seedOptions,
  storyProvider,
  until,
  type ProviderArgs,
} from './support.js';

interface FormArgs extends ProviderArgs {
  parentId: string;
  replyToName: string;
  requiredFields: string;
  timeout: number;
  withSignIn: boolean;
  signedIn: boolean;
}

const formArgTypes: Partial<ArgTypes<FormArgs>> = {
  ...providerArgTypes,
  parentId: { control: 'text', table: { category: 'comment-form' } },
  replyToName: { control: 'text', table: { category: 'comment-form' } },
  requiredFields: { control: 'text', table: { category: 'comment-form' } },
  timeout: { control: { type: 'number', min: 1000, step: 1000 }, table: { category: 'comment-form' } },
  withSignIn: { control: 'boolean', table: { category: 'InMemoryProvider' } },
  signedIn: { control: 'boolean', table: { category: 'InMemoryProvider' } },
};

const meta: Meta<FormArgs> = {
  title: 'comment-form/States',
  component: 'comment-form',
  render: (args) => html`<comment-form
    .provider=${storyProvider(args, {
      comments: seed.comments,
      identityOptions: args.withSignIn ? seedOptions : [],
      identity: args.signedIn ? { optionId: 'twitter', name: 'Ada Lovelace' } : null,
    })}
    thread-id=${seed.thread.id}
    parent-id=${ifDefined(args.parentId || undefined)}
    reply-to-name=${ifDefined(args.replyToName || undefined)}
    required-fields=${args.requiredFields}
    timeout=${args.timeout}
    theme=${ifDefined(args.theme || undefined)}
    lang=${ifDefined(args.lang || undefined)}
  ></comment-form>`,
  args: {
    ...providerArgs,
    parentId: '',
    replyToName: '',
    requiredFields: 'name email',
    timeout: 15000,
    withSignIn: true,
    signedIn: false,
  },
  argTypes: { ...documentedApi(manifest, 'comment-form', formArgTypes), ...formArgTypes },
  beforeEach: () => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('comment-thread:')) localStorage.removeItem(key);
  },
};
export default meta;

type Story = StoryObj<FormArgs>;
type Canvas = { canvasElement: HTMLElement };

const form = (canvas: HTMLElement) => canvas.querySelector('comment-form')!;
const inForm = (canvas: HTMLElement, selector: string) => form(canvas).shadowRoot?.querySelector(selector) ?? null;
const ready = async ({ canvasElement }: Canvas) => {
  await until(() => pierce(form(canvasElement), 'login-picker', '[part~="option"]'), 'the sign-in options');
};

/** A guest: "Leave a Reply", the four sign-in buttons, Name, Email, Website, the comment box. */
export const Guest: Story = { play: ready };

/** A guest on a provider that offers no sign-in: just the details fields. */
export const GuestOnly: Story = {
  args: { withSignIn: false },
  play: async ({ canvasElement }) => {
    await until(() => inForm(canvasElement, 'input[name="name"]'), 'the guest fields');
  },
};

/** The reader is signed in: their name and avatar, "(Log Out / Change)", no guest fields. */
export const SignedIn: Story = {
  args: { signedIn: true },
  play: async ({ canvasElement }) => {
    await until(() => pierce(form(canvasElement), 'login-picker', '[part~="identity"]'), 'the signed-in reader');
  },
};

/** Answering a comment: "Leave a Reply to Bret" with "Cancel reply". */
export const Reply: Story = {
  args: { parentId: 'c1', replyToName: 'Bret' },
  play: async ({ canvasElement }) => {
    await until(() => inForm(canvasElement, '[part~="cancel-reply"]'), 'Cancel reply');
  },
};

/** Post Comment with nothing filled in: inline messages tied to each field, focus on the first. */
export const ValidationErrors: Story = {
  play: async (context) => {
    await ready(context);
    inForm(context.canvasElement, '[part~="submit"]')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    await until(() => inForm(context.canvasElement, '#body-error'), 'the field errors');
  },
};

/** The server refused fields: its messages are shown under the fields, the text is kept. */
export const ServerFieldErrors: Story = {
  args: { postFault: 'validation' },
  play: async (context) => {
    await ready(context);
    await fillGuestForm(form(context.canvasElement), 'A thought.');
    await until(() => inForm(context.canvasElement, '[part~="field-error"]'), 'the server’s field errors');
  },
};

/** Posting: read-only, the button aria-disabled (focus stays where it was), "Posting your comment…" (the provider never answers here). */
export const Posting: Story = {
  args: { postFault: 'hang', timeout: 3_600_000 },
  play: async (context) => {
    await ready(context);
    await fillGuestForm(form(context.canvasElement), 'A thought.');
    await until(() => inForm(context.canvasElement, 'form[aria-busy="true"]'), 'posting');
  },
};

/** Posted: "Your comment was posted." and an empty box for the next one. */
export const Posted: Story = {
  play: async (context) => {
    await ready(context);
    await fillGuestForm(form(context.canvasElement), 'A thought.');
    await until(() => inForm(context.canvasElement, 'form[aria-busy="false"]') && !inForm(context.canvasElement, 'textarea')?.matches('[readonly]') && (inForm(context.canvasElement, '[part~="status"]')?.textContent ?? '').trim(), 'the posted message');
  },
};

/** Held for moderation: "Your comment was posted and is awaiting moderation." */
export const PostedPending: Story = {
  args: { moderation: 'hold' },
  play: Posted.play,
};

/** Posting failed: why, Retry, and "Your text is kept". */
export const PostFailed: Story = {
  args: { postFault: 'network' },
  play: async (context) => {
    await ready(context);
    await fillGuestForm(form(context.canvasElement), 'A thought.');
    await until(() => inForm(context.canvasElement, '[part~="error"]'), 'the post error');
  },
};

/** Too many attempts: the provider asked to wait 30 seconds. */
export const RateLimited: Story = {
  args: { postFault: 'rate_limited' },
  play: PostFailed.play,
};
