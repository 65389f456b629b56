// node --test test/notify/identity.test.mjs: where a signed-in reader's address comes from: a
// verified OpenID Connect `email` claim is kept with the identity on the server (never shown to
// the page), and `notify` uses it; an unverified one is not kept.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanIdentity, readClaims } from '../../server/auth/identity.mjs';
import { checkNotify } from '../../server/plugins/notify.mjs';
import { publicIdentity } from '../../server/plugins/session.mjs';

describe('a signed-in reader’s address for notifications', () => {
  it('keeps a verified email claim, drops an unverified or malformed one', () => {
    const verified = cleanIdentity('dev', readClaims({ sub: 'u1', name: 'Ann', email: 'ann@example.com', email_verified: true }));
    assert.equal(verified?.email, 'ann@example.com');
    assert.equal(cleanIdentity('dev', readClaims({ sub: 'u1', name: 'Ann', email: 'ann@example.com', email_verified: false }))?.email, undefined);
    assert.equal(cleanIdentity('dev', readClaims({ sub: 'u1', name: 'Ann', email: 'ann@example.com' }))?.email, undefined);
    assert.equal(cleanIdentity('dev', readClaims({ sub: 'u1', name: 'Ann', email: 'Ann <ann@example.com>', email_verified: true }))?.email, undefined);
  });

  it('never shows the address (nor the subject) to the page', () => {
    const shown = publicIdentity({ optionId: 'dev', subject: 'u1', name: 'Ann', email: 'ann@example.com' });
    assert.deepEqual(shown, { optionId: 'dev', name: 'Ann' });
  });

  it('uses it for notify, and says so clearly when there is none', () => {
    const identity = { optionId: 'dev', subject: 'u1', name: 'Ann', email: 'ann@example.com' };
    assert.deepEqual(checkNotify({ notify: true }, true, identity, null), { value: 'ann@example.com' });
    const without = checkNotify({ notify: true }, true, { optionId: 'dev', subject: 'u1', name: 'Ann' }, null);
    assert.ok('problem' in without);
    assert.equal(without.problem.status, 422);
    assert.match(without.problem.message, /no verified email address/);
    // A guest's address comes from their details; nothing is asked without notify or without mail.
    assert.deepEqual(checkNotify({ notify: true }, true, null, { email: 'bob@example.com' }), { value: 'bob@example.com' });
    assert.deepEqual(checkNotify({}, true, null, { email: 'bob@example.com' }), { value: null });
    assert.deepEqual(checkNotify({ notify: true }, false, null, { email: 'bob@example.com' }), { value: null });
  });
});
