import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import manifest from '../custom-elements.json';
import '../src/comment-count/define.js';
import type { CommentRecord } from '../src/types.js';
import { documentedApi, manyComments, providerArgTypes, providerArgs, seed, storyProvider, until, type ProviderArgs } from './support.js';

interface CountArgs extends ProviderArgs {
  comments: CommentRecord[];
}

const countArgTypes = { ...providerArgTypes, comments: { control: false as const, table: { disable: true } } };

/**
 * "5 thoughts" for index pages: one `listComments` call for the total, without
 * the thread's code. While loading, or when the provider fails, it shows nothing.
 */
const meta: Meta<CountArgs> = {
  title: 'comment-count/States',
  component: 'comment-count',
  render: (args) => html`<p>
    <a href="#comments">
      <comment-count
        .provider=${storyProvider(args, { comments: args.comments })}
        thread-id=${seed.thread.id}
        lang=${ifDefined(args.lang || undefined)}
      ></comment-count>
    </a>
  </p>`,
  args: { ...providerArgs, comments: seed.comments },
  argTypes: { ...documentedApi(manifest, 'comment-count', countArgTypes), ...countArgTypes },
  play: async ({ canvasElement }) => {
    await until(() => canvasElement.querySelector('comment-count')?.shadowRoot?.querySelector('[part~="count"]'), 'the count');
  },
};
export default meta;

type Story = StoryObj<CountArgs>;

/** The seed thread: "5 thoughts". */
export const SeedThread: Story = {};
export const NoComments: Story = { args: { comments: [] } };
export const OneComment: Story = { args: { comments: seed.comments.slice(0, 1) } };
export const ThousandComments: Story = { args: { comments: manyComments(1000) } };
/** Arabic: "١١ فكرةً" — the `many` form. */
export const Arabic: Story = { args: { comments: manyComments(11), lang: 'ar' } };
