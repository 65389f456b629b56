/**
 * What the framework typings share: the properties, attributes and events of
 * the three elements, derived from the element classes and the package's event
 * map so that they follow the elements as they change.
 */
import type { CommentThread } from '../comment-thread/comment-thread.js';
import type { CommentForm } from '../comment-form/comment-form.js';
import type { LoginPicker } from '../login-picker/login-picker.js';
import type { CommentCount } from '../comment-count/comment-count.js';

/** Properties a template may set on `<comment-thread>`. */
export type CommentThreadProperties = Partial<
  Pick<
    CommentThread,
    | 'provider'
    | 'providerName'
    | 'endpoint'
    | 'threadId'
    | 'threadTitle'
    | 'maxDepth'
    | 'pageSize'
    | 'order'
    | 'allowImages'
    | 'timeout'
    | 'theme'
    | 'strings'
  >
>;
/** Properties a template may set on `<comment-form>`. */
export type CommentFormProperties = Partial<
  Pick<
    CommentForm,
    | 'provider'
    | 'providerName'
    | 'endpoint'
    | 'threadId'
    | 'parentId'
    | 'replyToName'
    | 'requiredFields'
    | 'timeout'
    | 'theme'
    | 'strings'
  >
>;
/** Properties a template may set on `<login-picker>`. */
export type LoginPickerProperties = Partial<
  Pick<LoginPicker, 'provider' | 'providerName' | 'endpoint' | 'timeout' | 'theme' | 'strings'>
>;

/** Properties a template may set on `<comment-count>`. */
export type CommentCountProperties = Partial<
  Pick<CommentCount, 'provider' | 'providerName' | 'endpoint' | 'threadId' | 'timeout' | 'strings'>
>;

/**
 * The dashed attribute names, for templates that write attributes as they are
 * (JSX, Svelte). They are what server rendering puts in HTML. `provider` is
 * not among them: in every framework a `provider` binding reaches the
 * property, which takes an object; name a registered factory with
 * `providerName` instead.
 */
export interface CommentThreadAttributes {
  'thread-id'?: CommentThread['threadId'];
  'thread-title'?: CommentThread['threadTitle'];
  'max-depth'?: CommentThread['maxDepth'];
  'page-size'?: CommentThread['pageSize'];
  'allow-images'?: CommentThread['allowImages'];
}
export interface CommentCountAttributes {
  'thread-id'?: CommentCount['threadId'];
}
export interface CommentFormAttributes {
  'thread-id'?: CommentForm['threadId'];
  'parent-id'?: CommentForm['parentId'];
  'reply-to-name'?: CommentForm['replyToName'];
  'required-fields'?: CommentForm['requiredFields'];
}

type Events<Name extends string> = { [K in Extract<keyof GlobalEventHandlersEventMap, Name>]: GlobalEventHandlersEventMap[K] };

/**
 * The events each element fires or lets bubble out of its shadow root (they
 * all bubble and are composed: the thread hears those of the form and picker
 * it contains).
 */
export type LoginPickerEvents = Events<'identity-change'>;
export type CommentFormEvents = Events<
  'reply-cancel' | 'comment-posted' | 'comment-post-failed' | 'comment-updated' | 'edit-cancel' | 'identity-change'
>;
export type CommentThreadEvents = Events<
  | 'thread-loaded'
  | 'thread-error'
  | 'reply-start'
  | 'reply-cancel'
  | 'comment-posted'
  | 'comment-post-failed'
  | 'comment-updated'
  | 'edit-cancel'
  | 'comment-deleted'
  | 'reaction-change'
  | 'comment-reported'
  | 'identity-change'
>;

/** `{ 'thread-loaded': ThreadLoadedEvent }` → `{ 'onthread-loaded'?: (event: ThreadLoadedEvent) => void }`. */
export type EventHandlerProps<Map, Prefix extends string = 'on'> = {
  [K in keyof Map as `${Prefix}${K & string}`]?: (event: Map[K]) => void;
};
