// The comment-thread plugin's pages as a reader's browser gets them: top-level WordPress pages in a
// Chromium of the WordPress service's own (the `browse` control), with or without JavaScript and
// with the headers WordPress sent.
import { expect } from '@open-wc/testing';
import { control, integrationEnv } from './env.js';

interface WordPressInfo {
  url: string;
  restUrl: string;
  posts: { myth: number; open: number; many: number; closed: number };
  seedComments: Record<string, number>;
  users: Record<'admin' | 'julian' | 'reader', { id: number; login: string; password: string; appPassword: string }>;
}

interface Browsed {
  status: number;
  headers: Record<string, string>;
  url: string;
  html: string;
  value?: any;
  layoutShifts?: { value: number; hadRecentInput: boolean; time: number; sources: string[] }[];
  requests: string[];
}

let wp: WordPressInfo;

const browse = (options: Record<string, unknown>) => control<Browsed>('wordpress', 'browse', options);

before(async () => {
  wp = JSON.parse((await integrationEnv()).WORDPRESS_INFO) as WordPressInfo;
  await control('wordpress', 'plugin', { active: true });
});

after(async () => {
  await control('wordpress', 'plugin', { active: false });
});

/** The element's provider, once the bundle has run: who it says the reader is, and what it offers. */
const SIGNED_IN = `(async () => {
  const thread = document.querySelector('comment-thread');
  const provider = thread.resolvedProvider;
  const identity = await provider.currentIdentity();
  return {
    nonceAttribute: thread.getAttribute('nonce'),
    wpNonce: thread.getAttribute('wp-nonce'),
    name: identity ? identity.name : null,
    canEdit: typeof provider.updateComment === 'function',
  };
})()`;
const PROVIDER_READY = `customElements.get('comment-thread') && document.querySelector('comment-thread')?.resolvedProvider`;

describe('a logged-in reader on a page sent with a Content-Security-Policy header', () => {
  let cookies: Record<string, string>;
  before(async () => {
    ({ cookies } = await control<{ cookies: Record<string, string> }>('wordpress', 'login', { user: 'reader' }));
  });

  it('stays logged in: the plugin writes the nonce as wp-nonce, which no browser hides', async () => {
    const page = await browse({ path: '/a-second-post/?ct-test-csp=1', cookies, waitFor: PROVIDER_READY, evaluate: SIGNED_IN });
    expect(page.url).to.equal(`${wp.url}/a-second-post/?ct-test-csp=1`);
    expect(page.headers['content-security-policy']).to.equal("object-src 'none'");
    expect(page.value.wpNonce).to.match(/^[0-9a-f]{10}$/);
    expect(page.value.name).to.equal('Rita Reader');
    expect(page.value.canEdit).to.equal(true);
  });

  it('stays logged in with markup that still says nonce="…" (the browser hides it; the property keeps it)', async () => {
    const page = await browse({
      path: '/a-second-post/?ct-test-csp=1&ct-test-legacy-nonce=1',
      cookies,
      waitFor: PROVIDER_READY,
      evaluate: SIGNED_IN,
    });
    expect(page.headers['content-security-policy']).to.equal("object-src 'none'");
    expect(page.html).to.not.contain('wp-nonce=');
    // The browser did hide it: the attribute reads as "" in the page.
    expect(page.value.nonceAttribute).to.equal('');
    expect(page.value.name).to.equal('Rita Reader');
    expect(page.value.canEdit).to.equal(true);
  });
});
