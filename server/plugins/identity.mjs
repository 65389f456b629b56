// Identity over the cookie session: the sign-in options, who is signed in, a simulated OAuth
// sign-in and sign-out.
import { fail } from '../errors.mjs';
import { checkSignIn, invalid } from '../validate.mjs';

/** @typedef {import('../../src/types.js').IdentityOption} IdentityOption */

/** What the demo offers when the seed names no options. */
export const DEFAULT_IDENTITY_OPTIONS = /** @type {IdentityOption[]} */ ([
  { id: 'guest', label: 'Guest', kind: 'guest' },
  { id: 'demo', label: 'Demo account', kind: 'oauth' },
]);

/**
 * @param {import('fastify').FastifyInstance} app
 * @param {import('./comments.mjs').RouteContext & { identityOptions: IdentityOption[] }} context
 */
export default async function identityRoutes(app, { store, sessions, identityOptions }) {
  app.get('/identity/options', async () => identityOptions);

  app.get('/identity', async (request) => ({ identity: (await sessions.of(request))?.identity ?? null }));

  app.post('/identity/sign-in', async (request, reply) => {
    const optionId = checkSignIn(request.body);
    if ('problem' in optionId) return fail(reply, optionId.problem);
    const option = identityOptions.find((candidate) => candidate.id === optionId.value);
    if (!option) return fail(reply, { status: 404, code: 'not_found', message: `There is no sign-in option "${optionId.value}".` });
    if (option.kind !== 'oauth') {
      return fail(reply, invalid(`"${option.label}" is not a sign-in: guests send their details with each comment.`));
    }
    const session = await sessions.ensure(request, reply);
    // A simulated OAuth round trip: the reference server trusts the choice.
    /** @type {import('../../src/types.js').Identity} */
    const identity = { optionId: option.id, name: `${option.label} reader` };
    await store.setIdentity(session.id, identity);
    return identity;
  });

  app.post('/identity/sign-out', async (request, reply) => {
    const session = await sessions.of(request);
    if (session) await store.setIdentity(session.id, null);
    return reply.code(204).send();
  });
}
