// The reference server for the REST contract (docs/rest-api.md): comments, identity with a
// cookie session, a Server-Sent Events stream of changes, and the demo's static files. Fastify 5,
// one plugin per concern (./plugins), over the store in ./store (SQLite or PostgreSQL).
import Fastify from 'fastify';
import { answerErrorsInShape } from './errors.mjs';
import commentRoutes from './plugins/comments.mjs';
import crossSite from './plugins/cross-site.mjs';
import demo from './plugins/demo.mjs';
import healthRoutes from './plugins/health.mjs';
import identityRoutes, { identityOptionsFrom } from './plugins/identity.mjs';
import limits, { DEFAULT_LIMITS } from './plugins/limits.mjs';
import liveRoutes, { CATCH_UP_LIMIT, LiveHub } from './plugins/live.mjs';
import moderation from './plugins/moderation.mjs';
import { cookies, sessionsFor } from './plugins/session.mjs';
import signIn from './plugins/sign-in.mjs';
import { createScreen } from './plugins/spam.mjs';
import takingPartRoutes from './plugins/taking-part.mjs';
import notifyRoutes from './plugins/notify.mjs';
import { Notifier } from './mail/notifier.mjs';
import { publicOptions } from './auth/index.mjs';

export { STATUS_FOR_CODE, codeForStatus } from './errors.mjs';
export { SESSION_COOKIE } from './plugins/session.mjs';
export { CATCH_UP_LIMIT, visibleTo } from './plugins/live.mjs';

/** @typedef {import('../src/types.js').IdentityOption} IdentityOption */

/** Where the API lives under the server. */
export const API = '/api';

/**
 * @typedef {object} AppOptions
 * @property {import('./store/index.mjs').Store} store the opened store (`openStore` in ./store/index.mjs); closed with the server
 * @property {IdentityOption[]} [identityOptions] the seed's sign-in options (default: guest and a simulated demo account);
 *   configured `signIn` options win over them
 * @property {import('./auth/config.mjs').SignInConfig} [signIn] real sign-in (`parseSignInConfig(env)`, docs/sign-in.md)
 * @property {string | (() => string)} [publicUrl] the public origin (callback URLs); a function when it is known only once listening
 * @property {boolean} [guestComments] false: guests may not comment (GUEST_COMMENTS=off), the guest option is not offered
 * @property {boolean} [simulatedSignIn] false: the seed's and the default sign-in options (simulated: anyone signs in as
 *   whoever they pick) are not offered. Default true here (the tests' servers); from the environment, off unless
 *   SIMULATED_SIGN_IN=on
 * @property {string[]} [siteOwners] `<option id>:<subject>` identities shown with the thread-owner badge (SITE_OWNERS)
 * @property {'approve' | 'hold' | 'first'} [moderation] `hold`: guest comments wait as `pending` (seen only by their author);
 *   `first`: unless the same name and email already have an approved comment
 * @property {import('./plugins/moderation.mjs').ModerationOptions} [moderators] who moderates, retention, CLOSE_AFTER_DAYS (./plugins/moderation.mjs)
 * @property {string[]} [allowedOrigins] other origins whose pages may call the API with the reader's cookie
 *   (CORS with credentials, and writes); default none: same-origin only. `*` in the list lets any origin
 *   read without credentials (it never allows writes).
 * @property {number} [catchUpLimit] the most changes a reconnecting stream replays; past it the stream says `reload`
 * @property {string | null} [staticRoot] the project folder whose demo/ and dist/ are served
 * @property {import('./plugins/session.mjs').CookieSettings} [cookie]
 * @property {boolean} [logger]
 * @property {boolean | number | string[]} [trustProxy] behind a reverse proxy: Fastify's `trustProxy` (request.ip, request.protocol from X-Forwarded-*)
 * @property {number} [shutdownGraceMs] how long closing waits for requests in flight before it cuts them (default 5000)
 * @property {number} [reconnectMs] about how long a stream ended by closing is told to wait before it reconnects (default 1000)
 * @property {import('./plugins/limits.mjs').AbuseLimits} [limits] rate and size limits (default DEFAULT_LIMITS)
 * @property {import('./plugins/spam.mjs').ScreenOptions} [screen] link, word and spam checks of new comments
 * @property {import('./mail/notifier.mjs').MailOptions | null} [mail] email notifications (SMTP_URL…, README "Notifications"); none: no mail
 * @property {ServerPlugin[]} [plugins] more plugins, registered before the routes with the server's context
 *   (the tests' control routes: test/integration/services/rest/control.mjs)
 */

/**
 * @typedef {import('./plugins/comments.mjs').RouteContext & { identityOptions: IdentityOption[] }} ServerContext
 * @typedef {import('fastify').FastifyPluginAsync<ServerContext>} ServerPlugin
 */

/**
 * The server, not yet listening (`app.listen`).
 * @param {AppOptions} options
 */
export function createApp(options) {
  const { store } = options;
  const guestComments = options.guestComments !== false;
  const identityOptions = identityOptionsFrom({
    seeded: options.identityOptions,
    configured: options.signIn ? publicOptions(options.signIn) : [],
    guestComments,
    simulated: options.simulatedSignIn !== false,
  });

  const app = Fastify({
    logger: options.logger ?? false,
    // Thread ids may be long; our own check answers with a clear message instead of a 404.
    routerOptions: { maxParamLength: 1000 },
    bodyLimit: 256 * 1024,
    trustProxy: options.trustProxy ?? false,
    // close() lets requests in flight finish (up to shutdownGraceMs, see preClose below).
    forceCloseConnections: false,
  });
  // JSON only: any other body type is a 415.
  app.removeContentTypeParser('text/plain');
  answerErrorsInShape(app);

  const live = new LiveHub(store);
  const state = { closing: false };
  /** @type {ServerContext} */
  const context = {
    store,
    live,
    sessions: sessionsFor(app, { store, cookie: options.cookie ?? {} }),
    settings: { moderation: options.moderation ?? 'approve', guestComments, siteOwners: new Set(options.siteOwners ?? []) },
    identityOptions,
    limits: { ...(options.limits ?? DEFAULT_LIMITS) },
    screen: createScreen({ onCheckError: (error) => app.log.warn(error), ...options.screen }),
    mail: options.mail
      ? new Notifier({ store, options: options.mail, publicUrl: () => publicUrlOf(options), log: app.log })
      : null,
  };

  app.register(cookies);
  app.register(healthRoutes, { store, live, state, prefix: API });
  app.register(crossSite, { allowedOrigins: options.allowedOrigins ?? [], prefix: API });
  for (const plugin of options.plugins ?? []) app.register(plugin, context);
  app.register(limits, { ...context, api: API });
  if (options.signIn?.options.length) {
    const publicUrl = options.publicUrl ?? options.signIn.publicUrl;
    app.register(signIn, {
      config: options.signIn,
      sessions: context.sessions,
      publicUrl: typeof publicUrl === 'function' ? publicUrl : () => publicUrl ?? '',
      allowedOrigins: options.allowedOrigins ?? [],
    });
  }
  app.register(moderation, { ...context, api: API, options: options.moderators ?? {} });
  app.register(commentRoutes, { ...context, prefix: API });
  app.register(takingPartRoutes, { ...context, prefix: API });
  app.register(identityRoutes, { ...context, prefix: API });
  if (context.mail) app.register(notifyRoutes, { notifier: context.mail, secret: /** @type {import('./mail/notifier.mjs').MailOptions} */ (options.mail).secret, prefix: API });
  app.register(liveRoutes, { ...context, catchUpLimit: options.catchUpLimit ?? CATCH_UP_LIMIT, prefix: API });
  if (options.staticRoot) app.register(demo, { ...context, root: options.staticRoot, api: API });

  // Hear the other instances' changes once the server is ready.
  app.addHook('onReady', async () => {
    await live.start();
    if (context.mail) {
      live.watchers.add(() => context.mail?.kick());
      context.mail.start();
    }
  });
  // Shutting down: no new requests (Fastify answers 503), open streams told to reconnect (to
  // another instance, or this one restarted), requests in flight finish within the grace period.
  app.addHook('preClose', async () => {
    state.closing = true;
    live.endAll({ reconnectMs: options.reconnectMs ?? 1000 });
    setTimeout(() => app.server.closeAllConnections(), options.shutdownGraceMs ?? 5000).unref();
  });
  app.addHook('onClose', async () => {
    live.endAll();
    await context.mail?.stop();
    await live.stop();
    await store.close();
  });

  return { app, context };
}

/** The public origin as configured (a function when known only once listening), without a trailing slash. @param {AppOptions} options */
function publicUrlOf(options) {
  const url = options.publicUrl ?? options.signIn?.publicUrl ?? '';
  let text = typeof url === 'function' ? url() : url;
  while (text.endsWith('/')) text = text.slice(0, -1);
  return text;
}
