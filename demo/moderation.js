// The moderators' demo page: <login-picker> to sign in as a moderator (npm start: the local test
// account "moderator"), and <comment-moderation> on the same RestProvider, which reloads its
// queue when the identity changes.
import '../dist/comment-thread.js';
import '../dist/comment-moderation.js';
import { RestProvider } from '../dist/comment-thread-providers.js';

const provider = new RestProvider({ endpoint: new URL('/api', location.href).href });
const picker = document.getElementById('sign-in');
const queue = document.getElementById('queue');
picker.provider = provider;
queue.provider = provider;
provider.onIdentityChange(() => queue.reload());
