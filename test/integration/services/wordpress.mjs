// A real WordPress 6.1 (Debian's packages, MariaDB on a socket, php -S) for the WordPress tests,
// started by scripts/wordpress/wordpress.mjs. Needs scripts/wordpress/install-packages.sh first;
// without the packages start() fails with that instruction (the run is red, never skipped).
import { startWordPress } from '../../../scripts/wordpress/wordpress.mjs';

export const name = 'wordpress';

/** The cookies a response sets, as name → value. */
function setCookies(response) {
  const cookies = {};
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const index = pair.indexOf('=');
    const value = pair.slice(index + 1);
    if (value && value !== 'deleted') cookies[pair.slice(0, index)] = value;
  }
  return cookies;
}

const cookieHeader = (cookies = {}) =>
  Object.entries(cookies)
    .map(([key, value]) => `${key}=${value}`)
    .join('; ');

export async function start() {
  const wp = await startWordPress({ log: (line) => console.log(`[wordpress] ${line}`) });
  const info = {
    url: wp.url,
    restUrl: wp.restUrl,
    posts: wp.posts,
    seedComments: wp.seedComments,
    users: wp.users,
    startMs: wp.startMs,
  };
  return {
    env: {
      WORDPRESS_URL: wp.url,
      WORDPRESS_REST_URL: wp.restUrl,
      WORDPRESS_INFO: JSON.stringify(info),
    },
    controls: {
      /** Activates or deactivates the comment-thread plugin: { active: boolean }. */
      plugin: async ({ active }) => {
        wp.admin('plugin', active ? 'on' : 'off');
        return { active };
      },
      /** Sets a WordPress option: { name, value }. */
      option: async ({ name: option, value }) => {
        wp.admin('option', option, value);
        return { [option]: value };
      },
      /**
       * Logs a user in through wp-login.php, as a browser does, and answers the login cookies
       * (WordPress sets them HttpOnly; the test hands them to the browser for 127.0.0.1).
       */
      login: async ({ user }) => {
        const account = wp.users[user];
        const body = new URLSearchParams({
          log: account.login,
          pwd: account.password,
          testcookie: '1',
          'wp-submit': 'Log In',
          redirect_to: `${wp.url}/`,
        });
        const response = await fetch(`${wp.url}/wp-login.php`, {
          method: 'POST',
          body,
          redirect: 'manual',
          headers: { cookie: 'wordpress_test_cookie=WP%20Cookie%20check' },
        });
        const cookies = setCookies(response);
        if (response.status !== 302 || !Object.keys(cookies).some((key) => key.startsWith('wordpress_logged_in_'))) {
          throw new Error(`login as ${user} failed: ${response.status}`);
        }
        return { cookies };
      },
      /** A front-end page's HTML as the theme renders it: { path, cookies? }. */
      page: async ({ path, cookies }) => {
        const response = await fetch(new URL(path, wp.url), {
          headers: cookies ? { cookie: cookieHeader(cookies) } : {},
        });
        return { status: response.status, html: await response.text() };
      },
    },
    stop: () => wp.stop(),
    stopSync: () => wp.stopSync(),
  };
}
