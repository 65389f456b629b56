// Not part of the app: proves the template types are in force (svelte-check
// reads element attributes from these types). Each `@ts-expect-error` fails the
// check if the line it guards stops being an error.
import type { SvelteHTMLElements } from 'svelte/elements';
import { createSeedProvider } from './seed.js';

type Thread = SvelteHTMLElements['comment-thread'];

export const checks: Thread[] = [
  // @ts-expect-error `provider` takes a provider object; a factory name goes in `providerName`.
  { provider: 'memory' },
  // @ts-expect-error `max-depth` is a number.
  { 'max-depth': 'three' },
  // @ts-expect-error the detail of `thread-loaded` has no `comments`.
  { 'onthread-loaded': (event) => event.detail.comments },
  // @ts-expect-error no such order.
  { order: 'random' },
  { providerName: 'memory', endpoint: '/seed.json', 'thread-id': 't', order: 'newest', theme: 'dark' },
  { provider: createSeedProvider(), 'on:comment-posted': (event) => event.detail.comment.id },
  // Members the hand-written typings once missed, now generated from custom-elements.json.
  { avatars: 'remote', preloaded: undefined, threadId: 't', maxDepth: 3 },
  // @ts-expect-error `maxDepth` (the property behind `max-depth`) is a number too.
  { maxDepth: 'three' },
  // @ts-expect-error `avatars` is 'remote' or unset.
  { avatars: 'everywhere' },
];
export const form: SvelteHTMLElements['comment-form'] = {
  'oncomment-post-failed': (event) => event.detail.error.code,
  'requires-sign-in': true,
};
// @ts-expect-error `requires-sign-in` is a boolean.
export const wrongForm: SvelteHTMLElements['comment-form'] = { 'requires-sign-in': 'yes' };
export const picker: SvelteHTMLElements['login-picker'] = {
  'onidentity-change': (event) => event.detail.identity?.name,
};
export const counts: SvelteHTMLElements['comment-count'][] = [
  { providerName: 'memory', 'thread-id': 't' },
  // @ts-expect-error `thread-id` is a string.
  { 'thread-id': 42 },
];
export const moderation: SvelteHTMLElements['comment-moderation'][] = [
  { providerName: 'memory', 'thread-id': 't', 'page-size': 10, view: 'spam', 'onmoderation-action': (event) => event.detail.action },
  // @ts-expect-error `page-size` is a number.
  { 'page-size': 'ten' },
];
