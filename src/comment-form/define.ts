import '../login-picker/define.js';
import { rebuildConversations } from '../core/tree-update.js';
import { useConversationRebuild } from '../model/thread-data.js';
import { CommentForm } from './comment-form.js';

export { CommentForm };
// The picker comes with the form (the bundle's form chunk hands both out).
export { LoginPicker } from '../login-picker/define.js';

// A thread builds only the conversation a post or an edit touched again, not its whole tree, from the
// moment its form's code is in (before, the whole tree: the same tree, slower in a long thread).
useConversationRebuild(rebuildConversations);

// A second copy of the package on the page must not throw.
if (!customElements.get('comment-form')) customElements.define('comment-form', CommentForm);

declare global {
  interface HTMLElementTagNameMap {
    'comment-form': CommentForm;
  }
}
