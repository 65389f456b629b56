import '../login-picker/define.js';
import { CommentForm } from './comment-form.js';

export { CommentForm };

// A second copy of the package on the page must not throw.
if (!customElements.get('comment-form')) customElements.define('comment-form', CommentForm);

declare global {
  interface HTMLElementTagNameMap {
    'comment-form': CommentForm;
  }
}
