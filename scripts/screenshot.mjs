// node scripts/screenshot.mjs URL OUT.png [width] [--dark] [--full]
// A screenshot of a page in headless Chromium, for looking at what readers see.
import puppeteer from 'puppeteer-core';
import { chromiumLaunchOptions } from './lib/chromium.mjs';

const [url, out = 'screenshot.png', width = '900'] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const dark = process.argv.includes('--dark');
const browser = await puppeteer.launch(chromiumLaunchOptions());
try {
  const page = await browser.newPage();
  page.on('console', (message) => console.log(`[console.${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => console.log(`[pageerror] ${error.message}`));
  await page.setViewport({ width: Number(width), height: 900 });
  if (dark) await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  // 'load', not network idle: a live thread keeps its event stream open.
  await page.goto(url, { waitUntil: 'load' });
  await new Promise((resolve) => setTimeout(resolve, 2500));
  const selector = process.env.SELECTOR;
  if (selector) {
    const element = await page.$(selector);
    await element.screenshot({ path: out });
  } else {
    await page.screenshot({ path: out, fullPage: process.argv.includes('--full') });
  }
  console.log(`saved ${out}`);
} finally {
  await browser.close();
}
