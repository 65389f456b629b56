// Input checks for the reference server: pure functions, each answering either
// a clean value or the contract's error ({ code, message, fieldErrors? }).

export const LIMITS = Object.freeze({
  threadId: 200,
  pageSizeMax: 100,
  pageSizeDefault: 50,
  body: 20_000,
  name: 100,
  email: 254,
  url: 2_000,
  idempotencyKey: 200,
  commentId: 200,
});

/** @typedef {{ code: string, message: string, fieldErrors?: Record<string, string>, status: number }} Problem */

/** @param {string} message @param {Record<string, string>} [fieldErrors] @returns {Problem} */
export function invalid(message, fieldErrors) {
  return { status: 400, code: 'validation', message, ...(fieldErrors ? { fieldErrors } : {}) };
}

// C0/C1 control characters have no business in ids or names.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// Nor in a name: the bidirectional overrides and isolates, which turn the text after them around
// ("Julian\u202e (admin)").
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
// Characters that show nothing: a name of only these (and spaces) is no name.
const INVISIBLE = /[\s\u200b-\u200d\u2060\ufeff]/g;

/**
 * Text as stored: each lone surrogate (half of a character, which no encoding can store) one
 * U+FFFD before any length is checked, and (in bodies) NUL as U+FFFD, as CommonMark reads it.
 * @param {string} text @param {{ body?: boolean }} [options]
 */
function wellFormed(text, { body = false } = {}) {
  const whole = text.toWellFormed();
  // eslint-disable-next-line no-control-regex
  return body ? whole.replace(/\u0000/g, '\ufffd') : whole;
}

/** @param {unknown} value @returns {{ value: string } | { problem: Problem }} */
export function checkThreadId(value) {
  if (typeof value !== 'string' || value.length === 0) return { problem: invalid('The thread id is missing.') };
  if (value.length > LIMITS.threadId) return { problem: invalid(`The thread id is longer than ${LIMITS.threadId} characters.`) };
  if (CONTROL.test(value)) return { problem: invalid('The thread id contains control characters.') };
  return { value };
}

/**
 * The opaque page cursor: the order it was made for and the (root, seq) of the
 * last record sent, as base64url text.
 * @param {'oldest' | 'newest'} order @param {{ root: number, seq: number }} position
 */
export function encodeCursor(order, position) {
  return Buffer.from(`${order === 'oldest' ? 'o' : 'n'}.${position.root}.${position.seq}`).toString('base64url');
}

/** @param {string} cursor @returns {{ order: 'oldest' | 'newest', root: number, seq: number } | null} */
export function decodeCursor(cursor) {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  const match = /^([on])\.(\d{1,15})\.(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return null;
  return { order: match[1] === 'o' ? 'oldest' : 'newest', root: Number(match[2]), seq: Number(match[3]) };
}

/**
 * `?cursor&limit&order` of a list request.
 * @param {Record<string, unknown>} query
 * @returns {{ value: { limit: number, order: 'oldest' | 'newest', after: { root: number, seq: number } | null } } | { problem: Problem }}
 */
export function checkListQuery(query) {
  const single = (/** @type {string} */ name) => {
    const raw = query[name];
    return Array.isArray(raw) ? { repeated: true } : { value: raw === undefined || raw === '' ? undefined : String(raw) };
  };
  for (const name of ['cursor', 'limit', 'order']) {
    if (single(name).repeated) return { problem: invalid(`The query parameter "${name}" is given more than once.`) };
  }
  const limitText = single('limit').value;
  let limit = Number(LIMITS.pageSizeDefault);
  if (limitText !== undefined) {
    if (!/^\d{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > LIMITS.pageSizeMax) {
      return { problem: invalid(`"limit" must be a whole number from 1 to ${LIMITS.pageSizeMax}.`) };
    }
    limit = Number(limitText);
  }
  const orderText = single('order').value ?? 'oldest';
  if (orderText !== 'oldest' && orderText !== 'newest') {
    return { problem: invalid('"order" must be "oldest" or "newest".') };
  }
  const cursorText = single('cursor').value;
  let after = null;
  if (cursorText !== undefined) {
    const cursor = decodeCursor(cursorText);
    if (!cursor) return { problem: invalid('"cursor" is not a cursor this server gave out.') };
    if (cursor.order !== orderText) {
      return { problem: invalid(`This cursor belongs to order "${cursor.order}"; ask with the same order.`) };
    }
    after = { root: cursor.root, seq: cursor.seq };
  }
  return { value: { limit, order: orderText, after } };
}

/** @param {unknown} value @returns {{ value: string } | { problem: Problem }} */
export function checkIdempotencyKey(value) {
  if (typeof value !== 'string' || value.trim() === '') {
    return { problem: invalid('The Idempotency-Key header is required: a unique string per comment, reused on retries.') };
  }
  if (value.length > LIMITS.idempotencyKey || !/^[\x21-\x7e]+$/.test(value)) {
    return { problem: invalid(`The Idempotency-Key header must be 1 to ${LIMITS.idempotencyKey} visible ASCII characters.`) };
  }
  return { value };
}

const EMAIL = /^[^\s@]+@[^\s@][^\s@.]*\.[^\s@]+$/;

/** @param {string} text */
function isHttpUrl(text) {
  try {
    const url = new URL(text);
    // A user name or password in a link shows readers one site and may take them to another.
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

/**
 * The JSON body of `POST /threads/{threadId}/comments`.
 * @param {unknown} input
 * @param {{ signedIn: boolean, requiredGuestFields: string[], maxBody?: number }} context `maxBody`: a
 *   lower limit than LIMITS.body (MAX_COMMENT_LENGTH)
 * @returns {{ value: { parentId: string | null, body: string, guest: { name: string, email?: string, url?: string } | null, honeypot: string } } | { problem: Problem }}
 */
export function checkDraft(input, { signedIn, requiredGuestFields, maxBody = LIMITS.body }) {
  const bodyLimit = Math.min(maxBody, LIMITS.body);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { problem: invalid('The request body must be a JSON object.') };
  }
  const draft = /** @type {Record<string, unknown>} */ (input);
  /** @type {Record<string, string>} */
  const fieldErrors = {};

  let parentId = null;
  if (draft.parentId !== undefined && draft.parentId !== null) {
    if (typeof draft.parentId !== 'string' || !draft.parentId || draft.parentId.length > LIMITS.commentId) {
      return { problem: invalid('"parentId" must be a comment id or null.') };
    }
    parentId = draft.parentId;
  }

  const body = typeof draft.body === 'string' ? wellFormed(draft.body, { body: true }).trim() : '';
  if (draft.body !== undefined && typeof draft.body !== 'string') fieldErrors.body = 'The comment must be text.';
  else if (!body) fieldErrors.body = 'A comment needs some text.';
  else if (body.length > bodyLimit) fieldErrors.body = `A comment can be at most ${bodyLimit} characters long.`;

  const honeypot = typeof draft.honeypot === 'string' ? draft.honeypot : '';

  /** @type {{ name: string, email?: string, url?: string } | null} */
  let guest = null;
  if (!signedIn) {
    const raw = typeof draft.guest === 'object' && draft.guest !== null ? /** @type {Record<string, unknown>} */ (draft.guest) : {};
    const field = (/** @type {unknown} */ value) => (typeof value === 'string' ? wellFormed(value).trim() : '');
    const typed = field(raw.name);
    const name = typed.replace(INVISIBLE, '') ? typed : '';
    const email = field(raw.email);
    const url = field(raw.url);
    if (!name) {
      if (requiredGuestFields.includes('name')) fieldErrors.name = 'A name is required.';
    } else if (name.length > LIMITS.name) fieldErrors.name = `A name can be at most ${LIMITS.name} characters long.`;
    else if (CONTROL.test(name) || BIDI_CONTROL.test(name)) fieldErrors.name = 'The name contains characters that are not allowed.';
    if (!email) {
      if (requiredGuestFields.includes('email')) fieldErrors.email = 'An email address is required.';
    } else if (email.length > LIMITS.email || !EMAIL.test(email) || CONTROL.test(email)) fieldErrors.email = 'This is not a valid email address.';
    if (url && (url.length > LIMITS.url || !isHttpUrl(url))) fieldErrors.url = 'A website must be an http or https address, without a user name or password.';
    guest = { name: name || 'Anonymous', ...(email ? { email } : {}), ...(url ? { url } : {}) };
  }

  if (Object.keys(fieldErrors).length) return { problem: invalid('The comment is not valid.', fieldErrors) };
  return { value: { parentId, body, guest, honeypot } };
}

/** @param {unknown} input @returns {{ value: string } | { problem: Problem }} */
export function checkSignIn(input) {
  const optionId = typeof input === 'object' && input !== null ? /** @type {Record<string, unknown>} */ (input).optionId : undefined;
  if (typeof optionId !== 'string' || !optionId || optionId.length > 100) {
    return { problem: invalid('"optionId" must name one of the identity options.') };
  }
  return { value: optionId };
}

/**
 * The body of `PATCH /comments/{id}`: `{ body }`.
 * @param {unknown} input @param {number} [maxBody] a lower limit than LIMITS.body
 * @returns {{ value: string } | { problem: Problem }}
 */
export function checkEdit(input, maxBody = LIMITS.body) {
  const bodyLimit = Math.min(maxBody, LIMITS.body);
  const raw = typeof input === 'object' && input !== null ? /** @type {Record<string, unknown>} */ (input).body : undefined;
  if (typeof raw !== 'string') return { problem: invalid('The comment is not valid.', { body: 'The comment must be text.' }) };
  const body = wellFormed(raw, { body: true }).trim();
  if (!body) return { problem: invalid('The comment is not valid.', { body: 'A comment needs some text.' }) };
  if (body.length > bodyLimit) return { problem: invalid('The comment is not valid.', { body: `A comment can be at most ${bodyLimit} characters long.` }) };
  return { value: body };
}

/**
 * The body of `POST /comments/{id}/reactions`: `{ reaction }`, one the thread offers.
 * @param {unknown} input @param {string[]} allowed @returns {{ value: string } | { problem: Problem }}
 */
export function checkReaction(input, allowed) {
  const reaction = typeof input === 'object' && input !== null ? /** @type {Record<string, unknown>} */ (input).reaction : undefined;
  if (typeof reaction !== 'string' || !allowed.includes(reaction)) {
    return { problem: invalid(`"reaction" must be one of: ${allowed.join(', ')}.`) };
  }
  return { value: reaction };
}

/** The body of `POST /comments/{id}/reports`: `{ reason }`. @param {unknown} input @returns {{ value: string } | { problem: Problem }} */
export function checkReport(input) {
  const reason = typeof input === 'object' && input !== null ? /** @type {Record<string, unknown>} */ (input).reason : undefined;
  if (typeof reason !== 'string' || !reason.trim() || reason.length > 500 || CONTROL.test(reason)) {
    return { problem: invalid('"reason" must be a text of 1 to 500 characters.') };
  }
  return { value: reason.trim() };
}
