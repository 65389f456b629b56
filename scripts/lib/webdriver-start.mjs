// One test file at a time in a WebDriver browser (web-test-runner.engines.config.mjs, WebKit):
// starting a file's session that waits for its navigation.
//
// @web/test-runner-webdriver's own `startSession` starts the navigation and drops its promise
// (`SessionManager.queueStartSession`): a navigation that fails is an unhandled rejection, and
// web-test-runner stops the whole run at it, with no results for any file. This one is awaited,
// so a failed navigation is that file's failure, reported by the runner's scheduler.

/**
 * `launcher.startSession` for a `webdriverLauncher` with concurrency 1: the driver made (once),
 * then `before()` (the config's: the colour scheme back to light), then the navigation, awaited.
 */
export function startSessionAwaitingNavigation(launcher, before = async () => {}) {
  return async (id, url) => {
    await launcher.ensureManagerInitialized();
    await before();
    await launcher.driverManager.startSession(id, url);
  };
}
