// The engines run switches the reader's colour scheme in every engine
// (Chromium natively, Firefox and WebKit through web-test-runner.engines.config.mjs):
// tests that depend on prefers-color-scheme must see the change, both ways.
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';

const prefersDark = () => matchMedia('(prefers-color-scheme: dark)').matches;

describe('emulateMedia({ colorScheme }) in this engine', () => {
  afterEach(async () => {
    await emulateMedia({ colorScheme: 'light' });
  });

  it('switches prefers-color-scheme to dark and back to light', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    expect(prefersDark(), 'dark').to.equal(true);
    await emulateMedia({ colorScheme: 'light' });
    expect(prefersDark(), 'light').to.equal(false);
    expect(matchMedia('(prefers-color-scheme: light)').matches).to.equal(true);
  });

  it('restyles light-dark() colours that follow the scheme', async () => {
    const probe = document.createElement('div');
    probe.style.colorScheme = 'light dark';
    probe.style.color = 'light-dark(rgb(1, 2, 3), rgb(4, 5, 6))';
    document.body.append(probe);
    try {
      await emulateMedia({ colorScheme: 'dark' });
      expect(getComputedStyle(probe).color).to.equal('rgb(4, 5, 6)');
      await emulateMedia({ colorScheme: 'light' });
      expect(getComputedStyle(probe).color).to.equal('rgb(1, 2, 3)');
    } finally {
      probe.remove();
    }
  });
});
