/**
 * Template types for Svelte 5 (svelte-check): `<comment-thread>`,
 * `<comment-form>`, `<login-picker>` and `<comment-count>` with their properties, dashed
 * attributes and events, as event attributes (`onthread-loaded`) and as
 * legacy directives (`on:thread-loaded`). Svelte sets a value as a property
 * when the element has one (`provider`, `threadId`) and as an attribute
 * otherwise. Load once, e.g. in `src/app.d.ts`:
 * `/// <reference types="comment-thread/svelte" />`.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { CommentThread } from '../comment-thread/comment-thread.js';
import type { CommentForm } from '../comment-form/comment-form.js';
import type { LoginPicker } from '../login-picker/login-picker.js';
import type { CommentCount } from '../comment-count/comment-count.js';
import type {
  CommentCountAttributes,
  CommentCountProperties,
  CommentFormAttributes,
  CommentFormEvents,
  CommentFormProperties,
  CommentThreadAttributes,
  CommentThreadEvents,
  CommentThreadProperties,
  EventHandlerProps,
  LoginPickerEvents,
  LoginPickerProperties,
} from './shared.js';

type ElementAttributes<Element extends EventTarget, Own> = Omit<HTMLAttributes<Element>, keyof Own> & Own;
type SvelteEvents<Map> = EventHandlerProps<Map> & EventHandlerProps<Map, 'on:'>;

export type CommentThreadSvelteAttributes = ElementAttributes<
  CommentThread,
  CommentThreadProperties & CommentThreadAttributes & SvelteEvents<CommentThreadEvents>
>;
export type CommentFormSvelteAttributes = ElementAttributes<
  CommentForm,
  CommentFormProperties & CommentFormAttributes & SvelteEvents<CommentFormEvents>
>;
export type LoginPickerSvelteAttributes = ElementAttributes<
  LoginPicker,
  LoginPickerProperties & SvelteEvents<LoginPickerEvents>
>;
export type CommentCountSvelteAttributes = ElementAttributes<CommentCount, CommentCountProperties & CommentCountAttributes>;

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'comment-thread': CommentThreadSvelteAttributes;
    'comment-form': CommentFormSvelteAttributes;
    'login-picker': LoginPickerSvelteAttributes;
    'comment-count': CommentCountSvelteAttributes;
  }
}
