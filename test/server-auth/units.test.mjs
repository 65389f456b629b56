// The pure parts of sign-in: configuration from the environment, identity cleaning,
// the return-page check and the popup page.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import cookie from '@fastify/cookie';
import { parseSignInConfig, publicOptions, SignInConfigError } from '../../server/auth/config.mjs';
import { cleanIdentity, cleanName, cleanUrl, readClaims, MAX_NAME_LENGTH } from '../../server/auth/identity.mjs';
import { checkReturnTo, originCheck, popupPage, resultUrl } from '../../server/auth/page.mjs';
import { readState } from '../../server/auth/plugin.mjs';
import { PRESETS } from '../../server/auth/presets.mjs';

const SECRET = 'x'.repeat(32);
const google = { SIGN_IN_GOOGLE_ISSUER: 'https://accounts.google.com', SIGN_IN_GOOGLE_CLIENT_ID: 'g-id', SIGN_IN_GOOGLE_CLIENT_SECRET: 'g-secret' };
const github = { SIGN_IN_GITHUB_PRESET: 'github', SIGN_IN_GITHUB_CLIENT_ID: 'h-id', SIGN_IN_GITHUB_CLIENT_SECRET: 'h-secret' };

/** @param {Record<string, string>} env */
function problems(env) {
  try {
    parseSignInConfig(env);
  } catch (error) {
    assert.ok(error instanceof SignInConfigError);
    return error.problems.join('\n');
  }
  assert.fail('expected a SignInConfigError');
}

describe('parseSignInConfig', () => {
  test('no SIGN_IN_* at all: no options, nothing required', () => {
    assert.deepEqual(parseSignInConfig({ PATH: '/usr/bin' }), { options: [], publicUrl: null, secret: null });
  });

  test('an OIDC issuer and a preset, alphabetical by default, labels from the issuer and the preset', () => {
    const config = parseSignInConfig({ ...google, ...github, SECRET, PUBLIC_URL: 'https://comments.example.org/' });
    assert.equal(config.publicUrl, 'https://comments.example.org');
    assert.equal(config.secret, SECRET);
    assert.deepEqual(
      config.options.map((option) => [option.id, option.type, option.label]),
      [
        ['github', 'oauth2', 'GitHub'],
        ['google', 'oidc', 'Google'],
      ],
    );
    const gh = /** @type {import('../../server/auth/config.mjs').OAuth2Option} */ (config.options[0]);
    assert.equal(gh.tokenUrl, PRESETS.github.tokenUrl);
    assert.equal(gh.clientSecret, 'h-secret');
    assert.equal(gh.allowInsecure, false);
    assert.deepEqual(publicOptions(config), [
      { id: 'github', label: 'GitHub', kind: 'oauth', flow: 'redirect' },
      { id: 'google', label: 'Google', kind: 'oauth', flow: 'redirect' },
    ]);
  });

  test('SIGN_IN_OPTIONS orders (and limits) the options; LABEL wins; guest is passed over', () => {
    const config = parseSignInConfig({ ...google, ...github, SECRET, SIGN_IN_OPTIONS: 'google, guest,github', SIGN_IN_GITHUB_LABEL: 'GitHub (work)' });
    assert.deepEqual(config.options.map((option) => option.label), ['Google', 'GitHub (work)']);
    assert.deepEqual(parseSignInConfig({ ...google, ...github, SECRET, SIGN_IN_OPTIONS: 'github' }).options.map((o) => o.id), ['github']);
  });

  test('every problem is named at once', () => {
    const text = problems({
      SIGN_IN_A_ISSUER: 'http://sso.example.com',
      SIGN_IN_B_PRESET: 'myspace',
      SIGN_IN_B_CLIENT_ID: 'x',
      SIGN_IN_C_ISSUER: 'https://sso.example.com',
      SIGN_IN_C_PRESET: 'github',
      SIGN_IN_OPTIONS: 'a,zzz',
      PUBLIC_URL: 'ftp://example.org',
    });
    assert.match(text, /SIGN_IN_A_ISSUER must be an https URL/);
    assert.match(text, /SIGN_IN_A_CLIENT_ID is not set/);
    assert.match(text, /SIGN_IN_B_PRESET "myspace" is not one of github, facebook, x, wordpress-com/);
    assert.match(text, /SIGN_IN_B_CLIENT_SECRET is not set/);
    assert.match(text, /SIGN_IN_C: set _ISSUER or _PRESET, not both/);
    assert.match(text, /SIGN_IN_OPTIONS names "zzz"/);
    assert.match(text, /PUBLIC_URL must be a plain http\(s\) URL/);
    assert.match(text, /SECRET is not set/);
  });

  test('SECRET must be long; http issuers only on loopback (then marked insecure)', () => {
    assert.match(problems({ ...google, SECRET: 'short' }), /SECRET is shorter than 32/);
    const local = parseSignInConfig({ SIGN_IN_DEV_ISSUER: 'http://localhost:4000', SIGN_IN_DEV_CLIENT_ID: 'a', SIGN_IN_DEV_CLIENT_SECRET: 'b', SECRET });
    assert.equal(local.options[0].allowInsecure, true);
    assert.equal(local.options[0].label, 'Dev');
  });

  test('endpoint overrides apply to presets only', () => {
    const config = parseSignInConfig({ ...github, SECRET, SIGN_IN_GITHUB_TOKEN_URL: 'https://ghe.example.com/login/oauth/access_token' });
    assert.equal(/** @type {any} */ (config.options[0]).tokenUrl, 'https://ghe.example.com/login/oauth/access_token');
    assert.match(problems({ ...google, SECRET, SIGN_IN_GOOGLE_PROFILE_URL: 'https://x.example' }), /only applies to a _PRESET/);
  });
});

describe('identity cleaning', () => {
  test('names: controls, bidi overrides and zero-width characters dropped, white space collapsed, length capped', () => {
    assert.equal(cleanName('  Ada\u202e\u200b  \n Lovelace\u0000 '), 'Ada Lovelace');
    assert.equal(cleanName(42), '');
    assert.equal([...cleanName('é'.repeat(500))].length, MAX_NAME_LENGTH);
    assert.equal(cleanName('👩‍💻'), '👩💻', 'joiners are formatting characters');
  });

  test('URLs: http(s) only, no credentials, not too long', () => {
    assert.equal(cleanUrl('https://example.org/a b'), 'https://example.org/a%20b');
    for (const bad of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'https://user:pw@example.org/', '/relative', `https://e.org/${'a'.repeat(2100)}`, null]) {
      assert.equal(cleanUrl(bad), undefined, String(bad).slice(0, 40));
    }
  });

  test('an identity needs a subject; numbers become strings; bad URLs are left out', () => {
    assert.equal(cleanIdentity('gh', { subject: '' }), null);
    assert.equal(cleanIdentity('gh', { subject: { id: 1 } }), null);
    assert.deepEqual(cleanIdentity('gh', { subject: 583231, name: 'Octo Cat', avatarUrl: 'javascript:x', url: 'https://github.com/octocat' }), {
      optionId: 'gh',
      subject: '583231',
      name: 'Octo Cat',
      url: 'https://github.com/octocat',
    });
  });

  test('OIDC claims: name, then preferred_username, then given + family name', () => {
    assert.equal(readClaims({ sub: 's', preferred_username: 'ada' }).name, 'ada');
    assert.equal(readClaims({ sub: 's', given_name: 'Ada', family_name: 'Lovelace' }).name, 'Ada Lovelace');
    assert.equal(readClaims({ sub: 's', name: ' ', nickname: 'al' }).name, 'al');
    assert.equal(readClaims({ sub: 's', profile: 'nope', website: 'https://ada.example' }).url, 'https://ada.example');
  });

  test('each preset reads its provider’s profile shape', () => {
    assert.deepEqual(PRESETS.github.readProfile({ id: 1, login: 'octocat', name: null, avatar_url: 'https://a/1', html_url: 'https://github.com/octocat' }), {
      subject: 1,
      name: 'octocat',
      avatarUrl: 'https://a/1',
      url: 'https://github.com/octocat',
    });
    assert.deepEqual(PRESETS.facebook.readProfile({ id: '10', name: 'F B', link: 'https://fb/10', picture: { data: { url: 'https://p/10' } } }), {
      subject: '10',
      name: 'F B',
      avatarUrl: 'https://p/10',
      url: 'https://fb/10',
    });
    assert.deepEqual(PRESETS.x.readProfile({ data: { id: '7', name: 'Ex', username: 'ex_1', profile_image_url: 'https://pbs/7' } }), {
      subject: '7',
      name: 'Ex',
      avatarUrl: 'https://pbs/7',
      url: 'https://x.com/ex_1',
    });
    assert.equal(PRESETS.x.readProfile({ data: { id: '7', username: '../evil' } }).url, undefined);
    assert.deepEqual(PRESETS['wordpress-com'].readProfile({ ID: 5, display_name: 'W P', avatar_URL: 'https://g/5', profile_URL: 'https://en.gravatar.com/wp' }), {
      subject: 5,
      name: 'W P',
      avatarUrl: 'https://g/5',
      url: 'https://en.gravatar.com/wp',
    });
    assert.deepEqual(PRESETS.github.readProfile('not an object'), { subject: undefined, name: undefined, avatarUrl: undefined, url: undefined });
  });
});

describe('where a sign-in ends', () => {
  const allowed = originCheck(['https://blog.example.org']);

  test('return_to: the public origin or an allowed one; anything else refused', () => {
    assert.equal(checkReturnTo('https://api.example.org/demo#c1', 'https://api.example.org', allowed)?.href, 'https://api.example.org/demo#c1');
    assert.equal(checkReturnTo('https://blog.example.org/p?ct-sign-in=denied#c', 'https://api.example.org', allowed)?.href, 'https://blog.example.org/p#c');
    for (const bad of ['https://evil.example/', 'https://blog.example.org.evil.example/', 'javascript:alert(1)', '/relative', 'https://u:p@blog.example.org/', 42, '']) {
      assert.equal(checkReturnTo(bad, 'https://api.example.org', allowed), null, String(bad));
    }
  });

  test('"*" is not a list of sites', () => {
    assert.throws(() => originCheck(['*']), /any origin/);
  });

  test('the result goes into the query, the fragment stays', () => {
    assert.equal(resultUrl(new URL('https://blog.example.org/p?a=1#c7'), { ok: false, error: 'denied' }), 'https://blog.example.org/p?a=1&ct-sign-in=denied#c7');
  });

  test('the popup page: message addressed to the page origin, hostile text cannot close the script', () => {
    const returnTo = new URL('https://blog.example.org/</script><script>alert(1)</script>');
    const { html, csp } = popupPage({ returnTo, optionId: 'gh', result: { ok: true } });
    assert.equal(html.match(/<\/script>/g)?.length, 1);
    assert.match(html, /postMessage\(data\.message, data\.origin\)/);
    const nonce = /nonce="([^"]+)"/.exec(html)?.[1];
    assert.ok(nonce && csp.includes(`'nonce-${nonce}'`));
    assert.doesNotMatch(csp, /unsafe-inline/);
  });

  test('the state cookie: signature, age and shape are checked', () => {
    const sign = (/** @type {string} */ value) => cookie.sign(value, SECRET);
    const unsign = (/** @type {string} */ value) => cookie.unsign(value, SECRET);
    const state = (/** @type {object} */ data) => sign(Buffer.from(JSON.stringify(data)).toString('base64url'));
    const good = { o: 'gh', state: 's', verifier: 'v', r: 'https://a.example/', m: 'popup', t: Date.now() };
    assert.deepEqual(readState(state(good), unsign, 600), good);
    assert.equal(readState(state({ ...good, t: Date.now() - 601_000 }), unsign, 600), null);
    assert.equal(readState(state({ ...good, verifier: 1 }), unsign, 600), null);
    assert.equal(readState(cookie.sign('abc', 'y'.repeat(32)), unsign, 600), null);
    assert.equal(readState(undefined, unsign, 600), null);
  });
});
