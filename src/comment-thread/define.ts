import { CommentThread } from './comment-thread.js';

export { CommentThread };

// A second copy of the package on the page must not throw.
if (!customElements.get('comment-thread')) customElements.define('comment-thread', CommentThread);

declare global {
  interface HTMLElementTagNameMap {
    'comment-thread': CommentThread;
  }
}
