// The demo's own script: the thread talks to the reference server's REST API
// (server/index.mjs, at /api beside this page) through RestProvider, so every
// comment is stored in the server's SQLite file and reaches every open window
// live over Server-Sent Events. Plus the colour-scheme switch.
//
// The server renders the thread into the page (server/plugins/demo.mjs) with provider="rest" and
// the API's endpoint; the bundle for server-rendered pages adopts that markup (Lit hydration)
// instead of rendering it again. Served without server rendering, the attributes are set here.
import '../dist/comment-thread-hydrate.js';

const thread = document.getElementById('comments');
if (!thread.hasAttribute('provider')) {
  thread.setAttribute('endpoint', new URL('/api', location.href).href);
  thread.setAttribute('provider', 'rest');
}
const provider = thread.resolvedProvider;

const scheme = document.getElementById('scheme');
scheme.addEventListener('change', () => {
  if (scheme.value === 'light dark') delete document.documentElement.dataset.scheme;
  else document.documentElement.dataset.scheme = scheme.value;
});

// Expose it for playing in the console.
window.demoProvider = provider;
