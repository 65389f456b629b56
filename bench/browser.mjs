// Headless Chromium for the benchmark, with the flags of web-test-runner.config.mjs
// (headless as root on this machine needs them).
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, chromiumLaunchOptions } from '../scripts/lib/chromium.mjs';

export { CHROMIUM_ARGS };

export function launchBrowser() {
  return puppeteer.launch(chromiumLaunchOptions());
}
