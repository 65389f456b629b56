import { CommentModeration } from './comment-moderation.js';

export { CommentModeration };

// A second copy of the package on the page must not throw.
if (!customElements.get('comment-moderation')) customElements.define('comment-moderation', CommentModeration);

declare global {
  interface HTMLElementTagNameMap {
    'comment-moderation': CommentModeration;
  }
}
