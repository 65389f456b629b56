/**
 * Template types for Vue 3 (vue-tsc, Volar): `<comment-thread>`,
 * `<comment-form>`, `<login-picker>` and `<comment-count>` as global components whose props are
 * the elements' properties (write them dashed or camelCase: `thread-id` is
 * checked as `threadId`) and whose events are the elements' events
 * (`@thread-loaded`, `@comment-posted`). Load once, e.g. in `src/env.d.ts`:
 * `/// <reference types="comment-thread/vue" />`. Vue itself must treat the
 * tags as custom elements: `compilerOptions.isCustomElement` in the Vue plugin.
 *
 * The shape follows the Vue guide's "Non-Vue Web Components and TypeScript".
 */
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { CommentThread } from '../comment-thread/comment-thread.js';
import type { CommentForm } from '../comment-form/comment-form.js';
import type { LoginPicker } from '../login-picker/login-picker.js';
import type { CommentCount } from '../comment-count/comment-count.js';
import type {
  CommentCountProperties,
  CommentFormEvents,
  CommentFormProperties,
  CommentThreadEvents,
  CommentThreadProperties,
  LoginPickerEvents,
  LoginPickerProperties,
} from './shared.js';

type VueEmit<Events> = EmitFn<{ [K in keyof Events]: (event: Events[K]) => void }>;

/** A custom element as Vue's type checker sees a component: `$props` and `$emit` exist only in types. */
export type VueCustomElement<Element extends HTMLElement, Properties, Events> = new () => Element & {
  /** @deprecated Template type checking only: not on the element. */
  $props: HTMLAttributes & Properties & PublicProps;
  /** @deprecated Template type checking only: not on the element. */
  $emit: VueEmit<Events>;
};

declare module 'vue' {
  interface GlobalComponents {
    'comment-thread': VueCustomElement<CommentThread, CommentThreadProperties, CommentThreadEvents>;
    'comment-form': VueCustomElement<CommentForm, CommentFormProperties, CommentFormEvents>;
    'login-picker': VueCustomElement<LoginPicker, LoginPickerProperties, LoginPickerEvents>;
    'comment-count': VueCustomElement<CommentCount, CommentCountProperties, {}>;
  }
}
