// Plain OAuth 2.0 providers (no OpenID Connect discovery): where their endpoints
// are, what to ask for, and how to read the reader out of their profile answer.
// A reader returns the raw fields; identity.mjs cleans them.

/**
 * @typedef {object} RawProfile
 * @property {unknown} subject the provider's stable id for the account
 * @property {unknown} [name]
 * @property {unknown} [avatarUrl]
 * @property {unknown} [url]
 */

/**
 * @typedef {object} Preset
 * @property {string} label the default label of the option
 * @property {string} authorizationUrl
 * @property {string} tokenUrl
 * @property {string} profileUrl
 * @property {string} scope
 * @property {'client_secret_post' | 'client_secret_basic'} clientAuth how the client secret goes to the token endpoint
 * @property {(profile: any) => RawProfile} readProfile
 */

/** @param {unknown} value */
const record = (value) => (value && typeof value === 'object' && !Array.isArray(value) ? /** @type {Record<string, any>} */ (value) : {});

/** @type {Record<string, Preset>} */
export const PRESETS = {
  github: {
    label: 'GitHub',
    authorizationUrl: 'https://github.com/login/oauth/authorize',
    tokenUrl: 'https://github.com/login/oauth/access_token',
    profileUrl: 'https://api.github.com/user',
    scope: 'read:user',
    clientAuth: 'client_secret_post',
    readProfile(profile) {
      const p = record(profile);
      return { subject: p.id, name: p.name || p.login, avatarUrl: p.avatar_url, url: p.html_url };
    },
  },
  facebook: {
    label: 'Facebook',
    authorizationUrl: 'https://www.facebook.com/v19.0/dialog/oauth',
    tokenUrl: 'https://graph.facebook.com/v19.0/oauth/access_token',
    profileUrl: 'https://graph.facebook.com/v19.0/me?fields=id,name,link,picture.type(large)',
    scope: 'public_profile',
    clientAuth: 'client_secret_post',
    readProfile(profile) {
      const p = record(profile);
      return { subject: p.id, name: p.name, avatarUrl: record(record(p.picture).data).url, url: p.link };
    },
  },
  x: {
    label: 'X',
    authorizationUrl: 'https://x.com/i/oauth2/authorize',
    tokenUrl: 'https://api.x.com/2/oauth2/token',
    profileUrl: 'https://api.x.com/2/users/me?user.fields=profile_image_url',
    scope: 'users.read tweet.read',
    clientAuth: 'client_secret_basic',
    readProfile(profile) {
      const p = record(record(profile).data);
      const username = typeof p.username === 'string' && /^\w{1,50}$/.test(p.username) ? p.username : '';
      return {
        subject: p.id,
        name: p.name || username,
        avatarUrl: p.profile_image_url,
        url: username ? `https://x.com/${username}` : undefined,
      };
    },
  },
  'wordpress-com': {
    label: 'WordPress.com',
    authorizationUrl: 'https://public-api.wordpress.com/oauth2/authorize',
    tokenUrl: 'https://public-api.wordpress.com/oauth2/token',
    profileUrl: 'https://public-api.wordpress.com/rest/v1.1/me',
    scope: 'auth',
    clientAuth: 'client_secret_post',
    readProfile(profile) {
      const p = record(profile);
      return { subject: p.ID, name: p.display_name || p.username, avatarUrl: p.avatar_URL, url: p.profile_URL };
    },
  },
};

export const PRESET_NAMES = Object.freeze(Object.keys(PRESETS));
