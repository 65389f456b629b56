// The one table from HTTP status to the contract's error code (docs/rest-api.md, "Errors"), and
// the one error shape every answer of the API uses.

/** @typedef {import('./validate.mjs').Problem} Problem */

/**
 * The HTTP status the server answers for each error code of the contract. A client that gets a
 * status without a JSON body maps it back with `codeForStatus`.
 */
export const STATUS_FOR_CODE = /** @type {Readonly<Record<string, number>>} */ (
  Object.freeze({
    validation: 400,
    unauthorized: 401,
    forbidden: 403,
    closed: 403,
    not_found: 404,
    conflict: 409,
    rate_limited: 429,
    unknown: 500,
    network: 503,
    timeout: 504,
  })
);

/** Statuses the server never sends for a code but a gateway may: what each means. */
const OTHER_STATUSES = /** @type {Readonly<Record<number, string>>} */ (
  Object.freeze({ 408: 'timeout', 410: 'not_found', 413: 'validation', 415: 'validation', 422: 'validation', 502: 'network' })
);

/**
 * The contract's code for an HTTP status (docs/rest-api.md, "Errors"): the table above read
 * backwards (403 is `forbidden`), then OTHER_STATUSES; any other status is `unknown`. The client
 * (`codeForStatus` in src/providers/http-errors.ts, used by RestProvider and WordPressProvider) maps a
 * status without a code in the body the same way; test/status-codes.test.ts checks every status.
 * @param {number} status
 */
export function codeForStatus(status) {
  for (const [code, value] of Object.entries(STATUS_FOR_CODE)) if (value === status) return code;
  return OTHER_STATUSES[status] ?? 'unknown';
}

/**
 * Sends a problem in the one error shape: `{ error: { code, message, fieldErrors?, retryAfter? } }`.
 * @param {import('fastify').FastifyReply} reply
 * @param {Problem & { retryAfter?: number }} problem
 */
export function fail(reply, problem) {
  if (problem.retryAfter !== undefined) reply.header('retry-after', String(problem.retryAfter));
  return reply.code(problem.status).send({
    error: {
      code: problem.code,
      message: problem.message,
      ...(problem.fieldErrors ? { fieldErrors: problem.fieldErrors } : {}),
      ...(problem.retryAfter !== undefined ? { retryAfter: problem.retryAfter } : {}),
    },
  });
}

/** Fastify's own errors, in words a reader of the logs understands. */
const MESSAGES = /** @type {Record<string, string>} */ ({
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty; send a JSON object.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the request body as application/json.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large.',
});

/**
 * Every thrown error and every unknown path answers in the error shape.
 * @param {import('fastify').FastifyInstance} app
 */
export function answerErrorsInShape(app) {
  app.setErrorHandler((error, _request, reply) => {
    const err = /** @type {{ statusCode?: number, code?: string, message?: string }} */ (error);
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) app.log.error(error);
    const message = (err.code && MESSAGES[err.code]) || (status >= 500 ? 'The server failed.' : err.message || 'Bad request.');
    return fail(reply, { status, code: codeForStatus(status), message });
  });
  app.setNotFoundHandler((request, reply) =>
    fail(reply, { status: 404, code: 'not_found', message: `Nothing at ${request.method} ${request.url.split('?')[0]}.` }),
  );
}
