// Identity: the sign-in options, who is signed in, sign-out, and the simulated sign-in of the
// demo's own options. Real sign-in (OpenID Connect / OAuth 2.0) is ./sign-in.mjs: its options
// are listed here with `flow: 'redirect'`, and naming one to POST /identity/sign-in signs nobody in.
import { fail } from '../errors.mjs';
import { checkSignIn, invalid } from '../validate.mjs';
import { publicIdentity } from './session.mjs';

/** @typedef {import('../../src/types.js').IdentityOption} IdentityOption */

/** What the demo offers when the seed names no options and none is configured. */
export const DEFAULT_IDENTITY_OPTIONS = /** @type {IdentityOption[]} */ ([
  { id: 'guest', label: 'Guest', kind: 'guest' },
  { id: 'demo', label: 'Demo account', kind: 'oauth' },
]);

/**
 * The options the server offers: the configured sign-in options (they win over the seed's),
 * after the seed's guest option (or the default one); without configured options, the seed's
 * or the defaults. `guestComments: false` (GUEST_COMMENTS=off) leaves the guest option out;
 * `simulated: false` leaves out the seed's and the defaults' sign-ins, which sign anyone in as
 * whoever they pick (a server started from the environment offers them only with
 * SIMULATED_SIGN_IN=on).
 * @param {{ seeded?: IdentityOption[], configured?: (IdentityOption & { flow?: string })[], guestComments?: boolean, simulated?: boolean }} sources
 * @returns {(IdentityOption & { flow?: string })[]}
 */
export function identityOptionsFrom({ seeded, configured = [], guestComments = true, simulated = true }) {
  const base = seeded?.length ? seeded : DEFAULT_IDENTITY_OPTIONS;
  const guest = base.filter((option) => option.kind === 'guest').slice(0, 1);
  const options = configured.length ? [...guest, ...configured] : simulated ? base : guest;
  return guestComments ? options : options.filter((option) => option.kind !== 'guest');
}

/**
 * @param {import('fastify').FastifyInstance} app
 * @param {import('./comments.mjs').RouteContext & { identityOptions: (IdentityOption & { flow?: string })[] }} context
 */
export default async function identityRoutes(app, { sessions, identityOptions }) {
  app.get('/identity/options', async () => identityOptions);

  app.get('/identity', async (request) => ({ identity: publicIdentity((await sessions.of(request))?.identity ?? null) }));

  app.post('/identity/sign-in', async (request, reply) => {
    const optionId = checkSignIn(request.body);
    if ('problem' in optionId) return fail(reply, optionId.problem);
    const option = identityOptions.find((candidate) => candidate.id === optionId.value);
    if (!option) return fail(reply, { status: 404, code: 'not_found', message: `There is no sign-in option "${optionId.value}".` });
    if (option.kind !== 'oauth') {
      return fail(reply, invalid(`"${option.label}" is not a sign-in: guests send their details with each comment.`));
    }
    if (option.flow === 'redirect') {
      // A real provider: only its round trip (GET /auth/{id}/start … /callback) signs anyone in.
      return fail(reply, invalid(`"${option.label}" signs in at its provider: open /api/auth/${option.id}/start in the browser.`));
    }
    // The demo's simulated sign-in (no provider configured): the server trusts the choice, and
    // the identity has no subject, so what the reader writes stays theirs by their author token.
    /** @type {import('../../src/types.js').Identity} */
    const identity = { optionId: option.id, name: `${option.label} reader` };
    await sessions.begin(request, reply, identity);
    return identity;
  });

  app.post('/identity/sign-out', async (request, reply) => {
    await sessions.end(request, reply);
    return reply.code(204).send();
  });
}
