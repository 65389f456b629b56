// The entry of `dist/comment-moderation.js`: `<comment-moderation>` for the pages that moderate,
// a bundle of its own (see rollup.config.mjs), so a page that shows threads loads none of it.
// The shipped `provider="memory|rest|wordpress"` names, as in the thread's bundle.
import './providers/defaults.js';
// Translations fetched as the thread's bundle does (the moderation tables are in this bundle).
import './locale/bundled-loader.js';

export { CommentModeration } from './comment-moderation/define.js';
export { AuthorBanEvent, ModerationActionEvent } from './comment-moderation/events.js';
export type { ModerationStrings } from './locale/moderation/index.js';
