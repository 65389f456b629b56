import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import manifest from '../custom-elements.json';
import '../src/comment-thread/define.js';
import { renderThread, showsComments, threadArgTypes, threadArgs, type ThreadArgs } from './thread-support.js';
import { documentedApi } from './support.js';

/**
 * The seed thread in each bundled language (the preview registers them all
 * through `src/locale/all.ts`). The language is the element's `lang`, or the
 * nearest ancestor's.
 */
const meta: Meta<ThreadArgs> = {
  title: 'comment-thread/Languages',
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

/** Arabic, right to left: replies indent from the right, the plural header has all six forms. */
export const RightToLeftArabic: Story = {
  name: 'Right to left (Arabic)',
  args: { lang: 'ar', threadTitle: 'خرافة التواصل' },
  decorators: [(story) => html`<div lang="ar" dir="rtl">${story()}</div>`],
};

/** Arabic in the dark theme. */
export const ArabicDark: Story = {
  name: 'Arabic, dark',
  args: { lang: 'ar', theme: 'dark', threadTitle: 'خرافة التواصل' },
  decorators: [
    (story) => html`<div lang="ar" dir="rtl" style="background: #010409; color-scheme: dark; padding: 1.5rem">${story()}</div>`,
  ],
};

export const German: Story = { args: { lang: 'de' } };
export const French: Story = { args: { lang: 'fr' } };
export const Spanish: Story = { args: { lang: 'es' } };
export const Japanese: Story = { args: { lang: 'ja' } };

/** The language comes from the nearest ancestor's `lang` when the element has none. */
export const FromTheAncestor: Story = {
  name: 'Language from an ancestor (German)',
  args: { lang: '' },
  decorators: [(story) => html`<div lang="de">${story()}</div>`],
};
