// The entry of `dist/comment-moderation.js`: `<comment-moderation>` for the pages that moderate.
// It builds on `dist/comment-thread.js` (which it imports, and with it Lit, the sanitiser and the
// provider registry), so a page that shows threads loads none of the moderation code.
import './bundle.js';

export { CommentModeration } from './comment-moderation/define.js';
export type { ModerationStrings } from './locale/moderation/index.js';
