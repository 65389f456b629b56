import type { ArgTypes } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/comment-thread/define.js';
import type { CommentRecord, ThreadInfo } from '../src/types.js';
import { providerArgTypes, providerArgs, seed, seedOptions, storyProvider, until, type ProviderArgs } from './support.js';

export interface ThreadArgs extends ProviderArgs {
  threadTitle: string;
  maxDepth: number;
  pageSize: number;
  order: 'oldest' | 'newest';
  timeout: number;
  comments: CommentRecord[];
  threadInfo: ThreadInfo;
  signedIn: boolean;
}

/** Renders `<comment-thread>` on a fresh `InMemoryProvider` built from the story's controls. */
export const renderThread = (args: ThreadArgs) => html`<comment-thread
  .provider=${storyProvider(args, {
    comments: args.comments,
    identityOptions: seedOptions,
    threads: { [seed.thread.id]: args.threadInfo },
    identity: args.signedIn ? { optionId: 'twitter', name: 'Ada Lovelace' } : null,
  })}
  thread-id=${seed.thread.id}
  thread-title=${args.threadTitle}
  max-depth=${args.maxDepth}
  page-size=${args.pageSize}
  order=${args.order}
  timeout=${args.timeout}
  theme=${ifDefined(args.theme || undefined)}
  lang=${ifDefined(args.lang || undefined)}
></comment-thread>`;

export const threadArgs: ThreadArgs = {
  ...providerArgs,
  threadTitle: seed.thread.title,
  maxDepth: seed.maxDepth,
  pageSize: 50,
  order: 'oldest',
  timeout: 15000,
  comments: seed.comments,
  threadInfo: {},
  signedIn: false,
};

export const threadArgTypes: Partial<ArgTypes<ThreadArgs>> = {
  ...providerArgTypes,
  threadTitle: { control: 'text', table: { category: 'comment-thread' } },
  maxDepth: { control: { type: 'number', min: 1, max: 10 }, table: { category: 'comment-thread' } },
  pageSize: { control: { type: 'number', min: 1, max: 1000 }, table: { category: 'comment-thread' } },
  order: { control: 'inline-radio', options: ['oldest', 'newest'], table: { category: 'comment-thread' } },
  timeout: { control: { type: 'number', min: 1000, step: 1000 }, table: { category: 'comment-thread' } },
  signedIn: { control: 'boolean', table: { category: 'InMemoryProvider' } },
  comments: { control: false, table: { disable: true } },
  threadInfo: { control: 'object', table: { category: 'InMemoryProvider' } },
};

export const THREAD_CONTROLS = Object.keys(threadArgTypes).filter((key) => key !== 'comments');

export const thread = (canvas: HTMLElement) => canvas.querySelector('comment-thread')!;
export const inThread = <T extends Element = HTMLElement>(canvas: HTMLElement, selector: string) =>
  thread(canvas).shadowRoot?.querySelector<T>(selector) ?? null;
export const countComments = (canvas: HTMLElement) => thread(canvas).shadowRoot?.querySelectorAll('article[part~="comment"]').length ?? 0;
export const threadForm = (canvas: HTMLElement) => inThread(canvas, 'comment-form');

/** Waits for the thread to show `count` comments. */
export const showsComments = (count: number) => async ({ canvasElement }: { canvasElement: HTMLElement }) => {
  await until(() => countComments(canvasElement) === count, `${count} comments shown`, 60_000);
};

