/**
 * `comment-thread`: registers `<comment-thread>`, `<comment-form>`,
 * `<login-picker>` and `<comment-count>`, and exports their classes, the providers, the events and
 * the data-provider contract's types: everything the script-tag bundle exports, plus the provider
 * classes (which that bundle leaves to `dist/comment-thread-providers.js`).
 */
export * from './bundle.js';
export * from './providers/index.js';
