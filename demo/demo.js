// The demo's own script: the thread talks to the reference server's REST API
// (server/index.mjs, at /api beside this page) through RestProvider, so every
// comment is stored in the server's SQLite file and reaches every open window
// live over Server-Sent Events. Plus the colour-scheme switch.
import '../dist/comment-thread.js';
import { RestProvider } from '../dist/comment-thread-providers.js';

const provider = new RestProvider({ endpoint: new URL('/api', location.href).href });
const thread = document.getElementById('comments');
thread.provider = provider;

const scheme = document.getElementById('scheme');
scheme.addEventListener('change', () => {
  if (scheme.value === 'light dark') delete document.documentElement.dataset.scheme;
  else document.documentElement.dataset.scheme = scheme.value;
});

// Expose it for playing in the console.
window.demoProvider = provider;
