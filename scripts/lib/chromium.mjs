// Headless Chromium as this project runs it everywhere (tests, stories, examples,
// benchmark, screenshots). As root here it needs --no-sandbox; the networking flags stop
// Chromium's own background connections, which this machine refuses; the last three keep
// pages in the background (several run at once) from being throttled.
export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/** Launch options for puppeteer-core's `launch`. */
export const chromiumLaunchOptions = () => ({ executablePath: CHROME_PATH, headless: true, args: CHROMIUM_ARGS });
