// Not part of the app: proves the JSX types are in force. Each
// `@ts-expect-error` fails the type check if the line it guards stops being an error.
import { createSeedProvider } from './seed.js';

export const checks = [
  // @ts-expect-error `provider` takes a provider object; a factory name goes in `providerName`.
  <comment-thread provider="memory" />,
  // @ts-expect-error `max-depth` is a number.
  <comment-thread max-depth="three" />,
  // @ts-expect-error the detail of `thread-loaded` has no `comments`.
  <comment-thread onthread-loaded={(event) => event.detail.comments} />,
  // @ts-expect-error no such order.
  <comment-thread order="random" />,
  <comment-thread providerName="memory" endpoint="/seed.json" thread-id="t" order="newest" theme="dark" />,
  <comment-form provider={createSeedProvider()} thread-id="t" oncomment-post-failed={(event) => event.detail.error.code} />,
  <login-picker onidentity-change={(event) => event.detail.identity?.name} />,
  <comment-count providerName="memory" thread-id="t" />,
  // @ts-expect-error `thread-id` is a string.
  <comment-count thread-id={42} />,
  // Members the hand-written typings once missed, now generated from custom-elements.json.
  <comment-thread avatars="remote" preloaded={undefined} />,
  // @ts-expect-error `avatars` is 'remote' or unset.
  <comment-thread avatars="everywhere" />,
  <comment-form requires-sign-in threadId="t" />,
  // @ts-expect-error `threadId` (the property behind `thread-id`) is a string too.
  <comment-thread threadId={42} />,
  // @ts-expect-error `requires-sign-in` is a boolean.
  <comment-form requires-sign-in="yes" />,
  <comment-moderation providerName="memory" thread-id="t" page-size={10} view="spam" onmoderation-action={(event) => event.detail.action} />,
  // @ts-expect-error `page-size` is a number.
  <comment-moderation page-size="ten" />,
];
