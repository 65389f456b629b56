import '../login-picker/define.js';
import { CommentForm } from './comment-form.js';

export { CommentForm };
// The picker comes with the form (the bundle's form chunk hands both out).
export { LoginPicker } from '../login-picker/define.js';

// A second copy of the package on the page must not throw.
if (!customElements.get('comment-form')) customElements.define('comment-form', CommentForm);

declare global {
  interface HTMLElementTagNameMap {
    'comment-form': CommentForm;
  }
}
