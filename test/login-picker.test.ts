import { expect, fixture, html } from '@open-wc/testing';
import '../src/login-picker/define.js';
import type { LoginPicker } from '../src/login-picker/login-picker.js';
import { BRAND_ICONS } from '../src/login-picker/brand-icons.js';
import { brandIcon } from '../src/login-picker/brands.js';
import { InMemoryProvider } from '../src/providers/memory-provider.js';
import type { Identity, IdentityOption } from '../src/types.js';
import { shadow, until } from './helpers.js';

const OPTIONS: IdentityOption[] = [
  { id: 'guest', label: 'Guest', kind: 'guest' },
  { id: 'wordpress', label: 'WordPress.com', kind: 'oauth' },
  { id: 'twitter', label: 'Twitter', kind: 'oauth' },
  { id: 'facebook', label: 'Facebook', kind: 'oauth' },
  { id: 'google', label: 'Google+', kind: 'oauth' },
];

async function picker(provider: InMemoryProvider) {
  const element = await fixture<LoginPicker>(html`<login-picker .provider=${provider}></login-picker>`);
  await until(() => element.phase === 'ready', 'options');
  await element.updateComplete;
  return element;
}

const option = (element: LoginPicker, label: string) =>
  [...shadow(element).querySelectorAll<HTMLButtonElement>('[part~="option"]')].find(
    (button) => button.getAttribute('aria-label') === `Log in with ${label}`,
  )!;

describe('<login-picker>', () => {
  it('offers one named button per sign-in option, and the guest slot', async () => {
    const element = await picker(new InMemoryProvider({ identityOptions: OPTIONS }));
    const root = shadow(element);
    expect([...root.querySelectorAll('[part~="option"]')].map((b) => b.localName)).to.deep.equal([
      'button',
      'button',
      'button',
      'button',
    ]);
    expect(root.querySelector('slot[name="guest"]')).to.exist;
    await expect(element).to.be.accessible();
  });

  it('connects, then says which account is used, with Log Out and Change', async () => {
    const provider = new InMemoryProvider({ identityOptions: OPTIONS, latency: 80 });
    const element = await picker(provider);
    const changes: (Identity | null)[] = [];
    element.addEventListener('identity-change', (event) => changes.push(event.detail.identity));
    option(element, 'Twitter').click();
    const status = await until(() => shadow(element).querySelector('[part~="status"]'), 'connecting');
    expect(status.textContent).to.contain('Connecting to Twitter');
    await expect(element).to.be.accessible();
    await until(() => shadow(element).querySelector('[part~="identity"]'), 'signed in');
    const identity = shadow(element).querySelector('[part~="identity"]')!;
    expect(identity.textContent).to.contain('You are commenting using your Twitter account.');
    expect(identity.querySelector('[part~="log-out"]')?.textContent?.trim()).to.equal('Log Out');
    expect(identity.querySelector('[part~="change"]')?.textContent?.trim()).to.equal('Change');
    expect(changes.map((c) => c?.optionId)).to.deep.equal(['twitter']);
    await until(() => shadow(element).activeElement?.getAttribute('part') === 'log-out', 'focus on Log Out');
    await expect(element).to.be.accessible();
    shadow(element).querySelector<HTMLButtonElement>('[part~="log-out"]')!.click();
    await until(() => shadow(element).querySelector('[part~="option"]'), 'choices again');
    expect(changes.map((c) => c?.optionId ?? null)).to.deep.equal(['twitter', null]);
  });

  it('shows why a sign-in failed, with the choices again', async () => {
    const provider = new InMemoryProvider({ identityOptions: OPTIONS });
    provider.failNext('signIn', 1, 'forbidden');
    const element = await picker(provider);
    option(element, 'Facebook').click();
    const error = await until(() => shadow(element).querySelector('[part~="error"]'), 'failure');
    expect(error.textContent).to.contain('Couldn’t log in with Facebook.');
    expect(error.textContent).to.contain('You are not allowed to do that.');
    expect(shadow(element).querySelectorAll('[part~="option"]')).to.have.length(4);
    await expect(element).to.be.accessible();
  });

  it('cancels a sign-in under way', async () => {
    const provider = new InMemoryProvider({ identityOptions: OPTIONS });
    provider.hangNext('signIn');
    const element = await picker(provider);
    option(element, 'Google+').click();
    const cancel = await until(() => shadow(element).querySelector<HTMLButtonElement>('[part~="cancel"]'), 'cancel');
    cancel.click();
    await until(() => shadow(element).querySelector('[part~="option"]'), 'choices again');
    expect(element.identity).to.equal(null);
  });

  it('shares one identity between every element using the provider', async () => {
    const provider = new InMemoryProvider({ identityOptions: OPTIONS });
    const first = await picker(provider);
    const second = await picker(provider);
    option(first, 'WordPress.com').click();
    await until(() => shadow(second).querySelector('[part~="identity"]'), 'the second picker follows');
    expect(second.identity?.optionId).to.equal('wordpress');
  });

  it('offers only guest details when the provider has no identity options', async () => {
    const element = await picker(new InMemoryProvider());
    expect(shadow(element).querySelector('[part~="prompt"]')).to.equal(null);
    expect(shadow(element).querySelector('[part~="option"]')).to.equal(null);
    expect(shadow(element).querySelector('slot[name="guest"]')).to.exist;
  });

  it('restores the current identity on load', async () => {
    const element = await picker(
      new InMemoryProvider({ identityOptions: OPTIONS, identity: { optionId: 'facebook', name: 'Returning Reader' } }),
    );
    const identity = shadow(element).querySelector('[part~="identity"]')!;
    expect(identity.textContent).to.contain('Returning Reader');
    expect(identity.textContent).to.contain('You are commenting using your Facebook account.');
  });

  it("loads the reader's avatar from another site only with avatars=remote, never with none", async () => {
    const remote = 'https://avatars.example.net/u/7.png';
    const own = `${location.origin}/avatar-7.png`;
    const withAvatar = (avatarUrl: string) =>
      new InMemoryProvider({ identityOptions: OPTIONS, identity: { optionId: 'facebook', name: 'Returning Reader', avatarUrl } });
    const avatarOf = (element: LoginPicker) => shadow(element).querySelector('[part~="avatar"]');

    const byDefault = await picker(withAvatar(remote));
    expect(avatarOf(byDefault)?.tagName).to.equal('SPAN');
    expect(avatarOf(byDefault)?.textContent).to.equal('RR');
    expect(shadow(byDefault).querySelector('img')).to.equal(null);

    const sameOrigin = await picker(withAvatar(own));
    expect(avatarOf(sameOrigin)?.getAttribute('src')).to.equal(own);

    const allowed = await picker(withAvatar(remote));
    allowed.avatars = 'remote';
    await allowed.updateComplete;
    expect(avatarOf(allowed)?.getAttribute('src')).to.equal(remote);

    const none = await picker(withAvatar(own));
    none.avatars = 'none';
    await none.updateComplete;
    expect(avatarOf(none)).to.equal(null);
    expect(shadow(none).querySelector('[part~="identity"]')!.textContent).to.contain('Returning Reader');
  });

  it('shows the brand icons of well-known options, with the prompt, and never a letter', async () => {
    const element = await picker(new InMemoryProvider({ identityOptions: OPTIONS }));
    const root = shadow(element);
    await until(() => root.querySelectorAll('[part~="option"] svg').length === 4, 'the icons');
    expect(root.querySelector('[part~="prompt"]')?.textContent).to.equal('Fill in your details below or click an icon to log in:');
    const paths = [...root.querySelectorAll('[part~="option"] svg path')].map((path) => path.getAttribute('d'));
    expect(paths).to.deep.equal([BRAND_ICONS.wordpress.path, BRAND_ICONS.x.path, BRAND_ICONS.facebook.path, BRAND_ICONS.google.path]);
    for (const button of root.querySelectorAll('[part~="option"]')) expect(button.textContent?.trim()).to.equal('');
    expect(root.querySelector('[part~="option"] svg')?.getAttribute('aria-hidden')).to.equal('true');
    await expect(element).to.be.accessible();
  });

  it('puts the icons beside the prompt that points to them, before the guest details (the seed)', async () => {
    const provider = new InMemoryProvider({ identityOptions: OPTIONS });
    const element = await fixture<LoginPicker>(html`<div style="inline-size: 760px">
      <login-picker .provider=${provider}><label slot="guest">Name <input /></label></login-picker>
    </div>`).then((wrapper) => wrapper.querySelector('login-picker')!);
    await until(() => shadow(element).querySelectorAll('[part~="option"] svg').length === 4, 'the icons');
    const prompt = shadow(element).querySelector('[part~="prompt"]')!.getBoundingClientRect();
    const buttons = [...shadow(element).querySelectorAll('[part~="option"]')].map((b) => b.getBoundingClientRect());
    const guest = element.querySelector('[slot="guest"]')!.getBoundingClientRect();
    for (const button of buttons) {
      // Same row: the button's box overlaps the prompt's line, and starts after the prompt.
      expect(button.top).to.be.below(prompt.bottom);
      expect(button.bottom).to.be.above(prompt.top);
      expect(button.left).to.be.at.least(prompt.right);
      // Before the guest fields.
      expect(button.bottom).to.be.at.most(guest.top);
    }
    // On a narrow screen the row wraps instead of overflowing, and the icons still come first.
    (element.parentElement as HTMLElement).style.inlineSize = '200px';
    await new Promise(requestAnimationFrame);
    const narrow = [...shadow(element).querySelectorAll('[part~="option"]')].map((b) => b.getBoundingClientRect());
    for (const button of narrow) {
      expect(button.right).to.be.at.most(element.getBoundingClientRect().right + 0.5);
      expect(button.bottom).to.be.at.most(element.querySelector('[slot="guest"]')!.getBoundingClientRect().top);
    }
  });

  it('iconUrl wins; an option no brand icon stands for gets the neutral icon', async () => {
    const element = await picker(
      new InMemoryProvider({
        identityOptions: [
          { id: 'github', label: 'GitHub', kind: 'oauth', iconUrl: 'https://example.org/own-icon.png' },
          { id: 'acme', label: 'Acme SSO', kind: 'oauth' },
          { id: 'gh2', label: 'javascript:void(0)', kind: 'oauth', iconUrl: 'javascript:alert(1)' },
        ],
      }),
    );
    const root = shadow(element);
    await until(() => root.querySelectorAll('[part~="option"] svg').length === 2, 'the icons');
    const [own, acme, bad] = [...root.querySelectorAll('[part~="option"]')];
    expect(own.querySelector('img')?.getAttribute('src')).to.equal('https://example.org/own-icon.png');
    expect(own.querySelector('svg')).to.equal(null);
    for (const button of [acme, bad]) {
      const svg = button.querySelector('svg')!;
      expect(svg.classList.contains('neutral')).to.equal(true);
      expect(Object.values(BRAND_ICONS).map((icon) => icon.path)).not.to.include(svg.querySelector('path')!.getAttribute('d'));
      expect(button.textContent?.trim()).to.equal('');
    }
  });

  it('matches brands on the option id, then its label, with the usual other names', () => {
    expect(brandIcon({ id: 'wordpress-com', label: 'Blog' })).to.equal(BRAND_ICONS.wordpress);
    expect(brandIcon({ id: 'twitter', label: 'Twitter' })).to.equal(BRAND_ICONS.x);
    expect(brandIcon({ id: 'work', label: 'GitLab' })).to.equal(BRAND_ICONS.gitlab);
    expect(brandIcon({ id: 'social', label: 'Mastodon' })).to.equal(BRAND_ICONS.mastodon);
    expect(brandIcon({ id: 'sso', label: 'Company login' })).to.equal(null);
    expect(brandIcon({ id: 'constructor', label: '__proto__' })).to.equal(null);
  });
});
