// The plugin as a site owner installs it: the zip from `npm run package:wordpress-plugin` uploaded
// through wp-admin's Plugins → Add New → Upload Plugin in Chromium, its setting under
// Settings → Discussion, and Plugins → Delete removing what it stored.
import { expect } from '@open-wc/testing';
import { control, integrationEnv } from './env.js';

interface Browsed {
  status: number;
  url: string;
  html: string;
  requests: string[];
}

let wp: { url: string; restUrl: string; posts: { open: number }; users: Record<string, { login: string; appPassword: string }> };
const browse = (options: Record<string, unknown>) => control<Browsed>('wordpress', 'browse', options);
const text = (html: string) => new DOMParser().parseFromString(html, 'text/html').body.textContent!.replace(/\s+/g, ' ');

before(async () => {
  wp = JSON.parse((await integrationEnv()).WORDPRESS_INFO);
});

after(async () => {
  // Leave the plugin installed (inactive), as the other files expect it.
  const stored = await control<{ pluginFiles: boolean }>('wordpress', 'stored');
  if (!stored.pluginFiles) throw new Error('the plugin files are gone after the install test');
  await control('wordpress', 'plugin', { active: false });
});

describe('installing, setting up and deleting the plugin through wp-admin', () => {
  it('the packaged zip installs through Plugins → Add New → Upload Plugin, and its setting is under Settings → Discussion', async function () {
    // Four wp-admin pages in a browser of their own, an uninstall and an upload: more than 30 s on a busy machine.
    this.timeout(180_000);
    await control('wordpress', 'plugin', { active: true });
    // Something for uninstall to remove: an edit time and change-log marks.
    const { login, appPassword } = wp.users.admin;
    const auth = { authorization: `Basic ${btoa(`${login}:${appPassword}`)}`, 'content-type': 'application/json' };
    const created = await (await fetch(`${wp.restUrl}/wp/v2/comments`, { method: 'POST', headers: auth, body: JSON.stringify({ post: wp.posts.open, content: 'Marked' }) })).json();
    await fetch(`${wp.restUrl}/wp/v2/comments/${created.id}`, { method: 'POST', headers: auth, body: JSON.stringify({ content: 'Marked and edited' }) });
    await control('wordpress', 'option', { name: 'comment_thread_theme', value: 'light' });
    await control('wordpress', 'option', { name: 'comment_thread_reactions', value: '1' });
    // A like, a report and a ban.
    const liked = await fetch(`${wp.restUrl}/comment-thread/v1/comments/${created.id}/reactions`, { method: 'POST', headers: auth, body: JSON.stringify({ reaction: 'like' }) });
    expect(liked.status).to.equal(200);
    const reported = await fetch(`${wp.restUrl}/comment-thread/v1/comments/${created.id}/reports`, { method: 'POST', headers: auth, body: JSON.stringify({ reason: 'spam' }) });
    expect(reported.status).to.equal(204);
    const banned = await fetch(`${wp.restUrl}/comment-thread/v1/bans`, { method: 'POST', headers: auth, body: JSON.stringify({ email_hash: 'a'.repeat(64), duration: 60 }) });
    expect(banned.status).to.equal(201);
    const before = await control<{ commentMeta: number; option: string | null; options: string[] }>('wordpress', 'stored');
    expect(before.commentMeta).to.be.greaterThan(0);
    expect(before.option).to.equal('light');
    expect(before.options).to.include.members(['comment_thread_bans', 'comment_thread_reactions', 'comment_thread_theme']);

    // Plugins → Delete: uninstall.php removes what the plugin stored; the comments stay.
    await control('wordpress', 'uninstall');
    const after = await control<{ commentMeta: number; postMeta: number; option: string | null; options: string[]; pluginFiles: boolean }>('wordpress', 'stored');
    expect(after).to.deep.equal({ commentMeta: 0, postMeta: 0, option: null, options: [], pluginFiles: false });
    const comment = await (await fetch(`${wp.restUrl}/wp/v2/comments/${created.id}`)).json();
    expect(comment.content.rendered).to.contain('Marked and edited');

    // The zip, uploaded by the administrator in a browser.
    const { path } = await control<{ path: string }>('wordpress', 'pluginZip');
    // Every sourceMappingURL comment in it names a file that is in the zip (or there are none).
    const zip = await control<{ files: string[]; sourceMaps: [string, string][] }>('wordpress', 'zipContents', { path });
    expect(zip.files).to.include('comment-thread/assets/comment-thread.js');
    expect(zip.files).to.include('comment-thread/readme.txt');
    const dangling = zip.sourceMaps.filter(([file, url]) => {
      if (url.startsWith('data:')) return false;
      const target = new URL(url, `file:///${file}`).pathname.slice(1);
      return !zip.files.includes(decodeURIComponent(target));
    });
    expect(dangling, 'sourceMappingURL comments naming files missing from the zip').to.deep.equal([]);
    const { cookies } = await control<{ cookies: Record<string, string> }>('wordpress', 'login', { user: 'admin' });
    const installed = await browse({
      path: '/wp-admin/plugin-install.php?tab=upload',
      cookies,
      upload: { '#pluginzip': path },
      submit: '#install-plugin-submit',
    });
    expect(text(installed.html)).to.contain('Plugin installed successfully.');
    expect((await control<{ pluginFiles: boolean }>('wordpress', 'stored')).pluginFiles).to.equal(true);
    const activated = await browse({ path: '/wp-admin/plugins.php', cookies, evaluate: `document.querySelector('[data-slug="comment-thread"] .activate a')?.href ?? null` });
    const activate = (activated as Browsed & { value: string | null }).value;
    expect(activate, 'an Activate link for the uploaded plugin').to.be.a('string');
    await browse({ path: new URL(activate!).pathname + new URL(activate!).search, cookies });
    const page = new DOMParser().parseFromString((await control<{ html: string }>('wordpress', 'page', { path: '/a-second-post/' })).html, 'text/html');
    expect(page.querySelector('comment-thread')?.getAttribute('provider')).to.equal('wordpress');
    expect(page.querySelector('comment-thread')?.hasAttribute('theme')).to.equal(false);

    // Settings → Discussion: the element's colours, saved through the form.
    const saved = await browse({
      path: '/wp-admin/options-discussion.php',
      cookies,
      select: { '#comment_thread_theme': 'dark' },
      submit: '#submit',
    });
    expect(text(saved.html)).to.contain('Settings saved.');
    const themed = new DOMParser().parseFromString((await control<{ html: string }>('wordpress', 'page', { path: '/a-second-post/' })).html, 'text/html');
    expect(themed.querySelector('comment-thread')?.getAttribute('theme')).to.equal('dark');
    await control('wordpress', 'option', { name: 'comment_thread_theme', value: '' });
  });
});
