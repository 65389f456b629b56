import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import manifest from '../custom-elements.json';
import '../src/comment-thread/define.js';
import { renderThread, showsComments, threadArgTypes, threadArgs, type ThreadArgs } from './thread-support.js';
import { documentedApi } from './support.js';

/**
 * The seed thread themed. With no `theme` the elements inherit the page's font
 * and colours; `light` and `dark` paint their own palette; `auto` follows the
 * page's `color-scheme` (and through it `prefers-color-scheme`); and any page
 * can restyle them through `--comment-thread-*` custom properties and `::part`s.
 */
const meta: Meta<ThreadArgs> = {
  title: 'comment-thread/Theming',
  component: 'comment-thread',
  render: renderThread,
  args: threadArgs,
  argTypes: { ...documentedApi(manifest, 'comment-thread', threadArgTypes), ...threadArgTypes },
  play: showsComments(5),
  beforeEach: () => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('comment-thread:')) localStorage.removeItem(key);
  },
};
export default meta;

type Story = StoryObj<ThreadArgs>;

/** No theme on a sepia, serif page: the thread takes the page's font and text colour. */
export const InheritsThePage: Story = {
  decorators: [
    (story) => html`<div
      style="background: #f6efe0; color: #3b2f22; font: 17px/1.6 Georgia, 'Times New Roman', serif; padding: 1.5rem"
    >
      ${story()}
    </div>`,
  ],
};

/** `theme="light"`. */
export const Light: Story = { args: { theme: 'light' } };

/** `theme="dark"`, on a dark page. */
export const Dark: Story = {
  args: { theme: 'dark' },
  decorators: [
    (story) => html`<div style="background: #010409; color-scheme: dark; padding: 1.5rem">${story()}</div>`,
  ],
};

/** `theme="auto"` on a page that declares `color-scheme: light dark`: the reader's preference decides. */
export const Auto: Story = {
  args: { theme: 'auto' },
  decorators: [(story) => html`<div style="color-scheme: light dark; padding: 1.5rem">${story()}</div>`],
};

/**
 * A site's own look through the public tokens and parts: a warm palette, a
 * card per comment, round buttons, larger avatars.
 */
export const CustomTheme: Story = {
  decorators: [
    (story) => html`<style>
        .warm-theme {
          background: #fffaf3;
          color: #2b2118;
          font: 16px/1.55 'Trebuchet MS', system-ui, sans-serif;
          padding: 1.5rem;
          --comment-thread-accent-color: #9a3412;
          --comment-thread-on-accent-color: #ffffff;
          --comment-thread-muted-color: #6b5544;
          --comment-thread-border-color: #a08672;
          --comment-thread-surface-color: #f3e6d6;
          --comment-thread-focus-color: #9a3412;
          --comment-thread-highlight-color: #fde7c8;
          --comment-thread-radius: 1rem;
          --comment-thread-avatar-size: 3rem;
          --comment-thread-indent: 2rem;
          --comment-thread-spacing: 1.25rem;
        }
        .warm-theme comment-thread::part(title) {
          font-family: Georgia, serif;
          letter-spacing: 0.01em;
        }
        .warm-theme comment-thread::part(comment) {
          background: #ffffff;
          border: 1px solid #ead8c4;
          border-radius: 1rem;
          padding: 1rem;
          margin-block-end: 0.75rem;
        }
        .warm-theme comment-thread::part(badge) {
          background: #9a3412;
          color: #ffffff;
          border-color: #9a3412;
        }
      </style>
      <div class="warm-theme">${story()}</div>`,
  ],
};
