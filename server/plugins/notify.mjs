// Email notifications' routes and the comment route's part in them (README "Notifications"):
//   GET  /mail/unsubscribe?token=…  a page that asks to confirm, with one button (no sign-in);
//   POST /mail/unsubscribe?token=…  unsubscribes the address the signed token names: the page's
//        button, and RFC 8058's one-click POST (`List-Unsubscribe=One-Click`) from mail clients.
// A token not signed with SECRET (forged, altered, cut) is refused with 400 and changes nothing.
import { fail } from '../errors.mjs';
import { escapeHtml } from '../mail/message.mjs';
import { isAddress } from '../mail/notifier.mjs';
import { verifyUnsubscribeToken } from '../mail/token.mjs';

/** @typedef {import('../validate.mjs').Problem} Problem */

/** @type {Problem} */
const BAD_TOKEN = { status: 400, code: 'validation', message: 'This unsubscribe link is not valid: it was changed or cut. Use the link from the email as it is.' };

/**
 * What a new comment's `notify` asks: null (no mail wanted, or none offered), the address to tell
 * of replies, or a problem (`notify` not a boolean; asked without an address to send to).
 * @param {unknown} body the POST body @param {boolean} offered whether mail is configured
 * @param {{ email?: string, subject?: string, optionId: string } | null} identity the signed-in reader
 * @param {{ email?: string } | null} guest the checked guest details
 * @returns {{ value: string | null } | { problem: Problem }}
 */
export function checkNotify(body, offered, identity, guest) {
  const notify = typeof body === 'object' && body !== null ? /** @type {Record<string, unknown>} */ (body).notify : undefined;
  if (notify === undefined || notify === false) return { value: null };
  if (notify !== true) return { problem: { status: 400, code: 'validation', message: '"notify" must be true or false.' } };
  if (!offered) return { value: null };
  const email = identity ? identity.email : guest?.email;
  if (email && isAddress(email)) return { value: email };
  const message = identity
    ? 'Your sign-in gives no verified email address to tell you of replies: post without asking to be notified.'
    : 'An email address is needed to be told of replies.';
  return { problem: { status: 422, code: 'validation', message, ...(identity ? {} : { fieldErrors: { email: message } }) } };
}

/**
 * The page the comment was posted from (the Referer, http(s) only): the mail's link when the
 * thread keeps no page address. Only the subscriber's own mail uses it.
 * @param {import('fastify').FastifyRequest} request @returns {string | null}
 */
export function pageOf(request) {
  const referer = request.headers.referer;
  if (typeof referer !== 'string' || referer.length > 2000) return null;
  try {
    const url = new URL(referer);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** @param {string} title @param {string} inner */
function page(title, inner) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1rem}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>${inner}</main></body></html>`;
}

/**
 * @param {import('fastify').FastifyInstance} app
 * @param {{ notifier: import('../mail/notifier.mjs').Notifier, secret: string }} options
 */
export default async function notifyRoutes(app, { notifier, secret }) {
  // RFC 8058's one-click POST is a form (`List-Unsubscribe=One-Click`); its body says nothing
  // the token does not: read and ignored.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) => done(null, body));
  // No page of this server should frame or cache these.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  });

  /** @param {import('fastify').FastifyRequest} request */
  const tokenOf = (request) => /** @type {{ token?: unknown }} */ (request.query).token;

  app.get('/mail/unsubscribe', async (request, reply) => {
    const email = verifyUnsubscribeToken(secret, tokenOf(request));
    if (!email) return fail(reply, BAD_TOKEN);
    // The form posts to this same address (token in the query), so the button needs no script.
    const action = `?token=${encodeURIComponent(String(tokenOf(request)))}`;
    return reply.type('text/html; charset=utf-8').send(
      page(
        'Unsubscribe from comment emails',
        `<p>Stop all emails about comments to <strong>${escapeHtml(email)}</strong>?</p>
<form method="post" action="${escapeHtml(action)}"><button type="submit" name="List-Unsubscribe" value="One-Click">Unsubscribe</button></form>`,
      ),
    );
  });

  app.post('/mail/unsubscribe', async (request, reply) => {
    const email = verifyUnsubscribeToken(secret, tokenOf(request));
    if (!email) return fail(reply, BAD_TOKEN);
    await notifier.outbox.unsubscribe(email);
    return reply
      .type('text/html; charset=utf-8')
      .send(page('Unsubscribed', `<p>No more emails about comments will be sent to <strong>${escapeHtml(email)}</strong>. Asking to be notified when you post again subscribes you again.</p>`));
  });
}
