/**
 * `comment-thread`: registers `<comment-thread>`, `<comment-form>`,
 * `<login-picker>`, `<comment-count>` and `<comment-moderation>`, and exports their classes, the providers, the events and
 * the data-provider contract's types: everything the script-tag bundle exports, plus the provider
 * classes (which that bundle leaves to `dist/comment-thread-providers.js`).
 */
export * from './bundle.js';
export * from './providers/index.js';
// Not in the script-tag bundle: a page that moderates loads dist/comment-moderation.js.
export { CommentModeration } from './comment-moderation/define.js';
export { AuthorBanEvent, ModerationActionEvent } from './comment-moderation/events.js';
export type { ModerationStrings } from './locale/moderation/index.js';
