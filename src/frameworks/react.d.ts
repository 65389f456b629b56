/**
 * JSX types for React 19: `<comment-thread>`, `<comment-form>`,
 * `<login-picker>` and `<comment-count>` with their properties, dashed attributes and events.
 *
 * React 19 sets a prop as a property when the element has one (`provider`,
 * `threadId`…) and as an attribute otherwise (`thread-id`…), and turns
 * `on` + the exact event name (`onthread-loaded`, `oncomment-posted`) into an
 * event listener. Load these types once, e.g. in `src/vite-env.d.ts`:
 * `/// <reference types="comment-thread/react" />`.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
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

type ElementProps<Element, Own> = Omit<DetailedHTMLProps<HTMLAttributes<Element>, Element>, keyof Own> & Own;

export type CommentThreadJSXProps = ElementProps<
  CommentThread,
  CommentThreadProperties & CommentThreadAttributes & EventHandlerProps<CommentThreadEvents>
>;
export type CommentFormJSXProps = ElementProps<
  CommentForm,
  CommentFormProperties & CommentFormAttributes & EventHandlerProps<CommentFormEvents>
>;
export type LoginPickerJSXProps = ElementProps<LoginPicker, LoginPickerProperties & EventHandlerProps<LoginPickerEvents>>;
export type CommentCountJSXProps = ElementProps<CommentCount, CommentCountProperties & CommentCountAttributes>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'comment-thread': CommentThreadJSXProps;
      'comment-form': CommentFormJSXProps;
      'login-picker': LoginPickerJSXProps;
      'comment-count': CommentCountJSXProps;
    }
  }
}
