// The browsers the visual tests drive (scripts/test-visual.mjs), behind one small
// interface: open() gives a page with goto(url), evaluate(fn, ...args),
// screenshot() (the viewport as PNG bytes) and close().
//   chromium: puppeteer-core over CDP (scripts/lib/chromium.mjs's flags)
//   firefox:  puppeteer-core over WebDriver BiDi (Debian's firefox-esr)
//   webkit:   WebKitGTK's MiniBrowser through WebKitWebDriver under Xvfb
//             (the services scripts/test-engines.mjs starts), WebDriver classic
// Every engine renders at device pixel ratio 1 in a VIEWPORT-sized viewport.
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROME_PATH } from './lib/chromium.mjs';
import { writeFileSync } from 'node:fs';
import { GTK_THEMES, startWebKitServices } from './test-engines.mjs';

export const VIEWPORT = Object.freeze({ width: 800, height: 900 });
export const VISUAL_ENGINES = ['chromium', 'firefox', 'webkit'];

const firefoxPath = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
const miniBrowserPath = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Chromium's rendering made repeatable: sRGB, no scrollbars, no LCD text, scale 1. */
const CHROMIUM_VISUAL_ARGS = [
  '--force-color-profile=srgb',
  '--hide-scrollbars',
  '--disable-lcd-text',
  '--font-render-hinting=none',
  '--force-device-scale-factor=1',
];

function puppeteerPage(page) {
  // A story left with unsent text asks before unloading: leave anyway.
  page.on('dialog', (dialog) => dialog.accept().catch(() => {}));
  return {
    async goto(url) {
      await page.setViewport({ ...VIEWPORT, deviceScaleFactor: 1 });
      await page.goto(url, { waitUntil: 'load' });
    },
    evaluate: (fn, ...args) => page.evaluate(fn, ...args),
    screenshot: async () => Buffer.from(await page.screenshot({ type: 'png' })),
    close: () => page.close(),
  };
}

async function chromium(env) {
  const browser = await puppeteer.launch({
    executablePath: CHROME_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...CHROMIUM_VISUAL_ARGS],
    env,
    protocolTimeout: 300_000,
  });
  return {
    open: async () => puppeteerPage(await browser.newPage()),
    close: () => browser.close(),
  };
}

async function firefox(env) {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath,
    headless: true,
    env,
    protocolTimeout: 300_000,
    // Overlay scrollbars and no smooth scrolling, as in the other two.
    extraPrefsFirefox: {
      'layout.css.devPixelsPerPx': '1.0',
      'ui.useOverlayScrollbars': 1,
      'general.smoothScroll': false,
      'ui.prefersReducedMotion': 0,
      // Firefox asks fontconfig for its own default names; point them at test/visual/fonts.conf's fonts.
      'font.name.serif.x-western': 'DejaVu Serif',
      'font.name.sans-serif.x-western': 'DejaVu Sans',
      'font.name.monospace.x-western': 'DejaVu Sans Mono',
      'gfx.font_rendering.fontconfig.max_generic_substitutions': 3,
    },
  });
  return {
    open: async () => puppeteerPage(await browser.newPage()),
    close: () => browser.close(),
  };
}

/** A minimal WebDriver classic client over fetch (the W3C endpoints WebKitWebDriver serves). */
async function webdriver(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json();
  if (!response.ok || json.value?.error) {
    throw new Error(`WebDriver ${method} ${path}: ${json.value?.error ?? response.status} ${json.value?.message ?? ''}`.trim());
  }
  return json.value;
}

async function webkit(env) {
  // The driver starts MiniBrowser with its own environment: set the fonts there. Skia paints
  // on the CPU only: in its default hybrid mode some tiles go to the GPU (llvmpipe under Xvfb,
  // 4× MSAA), so a curve's anti-aliasing changed from one page load to the next.
  Object.assign(process.env, env, { WEBKIT_SKIA_ENABLE_CPU_RENDERING: '1' });
  const services = await startWebKitServices();
  // WebKitGTK takes its text rendering from the desktop's XSETTINGS, not fontconfig:
  // the same settings as test/visual/fonts.conf (no antialiasing, slight hinting).
  writeFileSync(
    services.xsettings.file,
    `Net/ThemeName "${GTK_THEMES.light}"\nXft/Antialias 0\nXft/Hinting 1\nXft/HintStyle "hintslight"\nXft/RGBA "none"\n`,
  );
  process.kill(services.xsettings.pid, 'SIGHUP');
  const base = `http://127.0.0.1:${services.port}`;
  const sessions = new Set();
  return {
    async open() {
      const { sessionId } = await webdriver(base, 'POST', '/session', {
        capabilities: {
          alwaysMatch: {
            browserName: 'MiniBrowser',
            'webkitgtk:browserOptions': { binary: miniBrowserPath, args: ['--automation'] },
          },
        },
      });
      sessions.add(sessionId);
      const session = (method, path, body) => webdriver(base, method, `/session/${sessionId}${path}`, body);
      const evaluate = (fn, ...args) =>
        session('POST', '/execute/sync', { script: `return (${fn}).apply(null, arguments);`, args });
      let sized = false;
      return {
        async goto(url) {
          await session('POST', '/url', { url });
          if (sized) return;
          sized = true;
          // The window has borders: size it until the viewport is VIEWPORT.
          for (let attempt = 0; attempt < 3; attempt++) {
            const inner = await evaluate(() => ({ width: innerWidth, height: innerHeight }));
            if (inner.width === VIEWPORT.width && inner.height === VIEWPORT.height) break;
            const rect = await session('GET', '/window/rect');
            await session('POST', '/window/rect', {
              width: rect.width + VIEWPORT.width - inner.width,
              height: rect.height + VIEWPORT.height - inner.height,
            });
          }
          await session('POST', '/url', { url });
        },
        evaluate,
        screenshot: async () => Buffer.from(await session('GET', '/screenshot'), 'base64'),
        async close() {
          sessions.delete(sessionId);
          await session('DELETE', '').catch(() => {});
        },
      };
    },
    async close() {
      for (const sessionId of sessions) await webdriver(base, 'DELETE', `/session/${sessionId}`).catch(() => {});
      await services.stopped();
    },
  };
}

/** Starts one engine's browser with the given extra environment (fonts, time zone). */
export function launchEngine(name, env) {
  const launchers = { chromium, firefox, webkit };
  if (!launchers[name]) throw new Error(`Unknown engine "${name}": choose from ${VISUAL_ENGINES.join(', ')}`);
  return launchers[name]({ ...process.env, ...env });
}
