import { CommentCount } from './comment-count.js';

export { CommentCount };

// A second copy of the package on the page must not throw.
if (!customElements.get('comment-count')) customElements.define('comment-count', CommentCount);

declare global {
  interface HTMLElementTagNameMap {
    'comment-count': CommentCount;
  }
}
