/**
 * The rules for the contract's optional members: `threadInfo`, `subscribe`,
 * identity, edit, delete, reactions and reports. Each is registered only when
 * the provider has the member.
 */
import type { CommentChange, Identity } from '../types.js';
import {
  assert,
  assertEqual,
  checkMember,
  checkRecord,
  expectRejection,
  isIsoDate,
  listAll,
  show,
  unique,
  type CheckDefinition,
} from './support.js';

export const OPTIONAL_CHECKS: CheckDefinition[] = [
  {
    id: 'thread-info',
    title: 'threadInfo answers the ThreadInfo shape',
    needs: { member: 'threadInfo' },
    run: async ({ createProvider, newThread }) => {
      const provider = await createProvider();
      checkMember(provider, 'threadInfo');
      const info = await provider.threadInfo!(await newThread());
      assert(info !== null && typeof info === 'object', `threadInfo must answer an object, got ${show(info)}`);
      assert(info.closed === undefined || typeof info.closed === 'boolean', `closed must be a boolean when present, got ${show(info.closed)}`);
      assert(info.requiresSignIn === undefined || typeof info.requiresSignIn === 'boolean', `requiresSignIn must be a boolean when present, got ${show(info.requiresSignIn)}`);
      assert(
        info.requiredGuestFields === undefined ||
          (Array.isArray(info.requiredGuestFields) && info.requiredGuestFields.every((field) => field === 'name' || field === 'email')),
        `requiredGuestFields must list "name" and/or "email", got ${show(info.requiredGuestFields)}`,
      );
      assert(!info.closed, 'a new thread must not be closed');
    },
  },
  {
    id: 'subscribe',
    title: 'subscribe delivers a new comment and stops after unsubscribing',
    needs: { member: 'subscribe' },
    run: async ({ createProvider, newThread, draft, sharedBackend, liveTimeout }) => {
      const listener = await createProvider();
      checkMember(listener, 'subscribe');
      const poster = sharedBackend ? await createProvider() : listener;
      const threadId = await newThread();
      // As the element does: list first, then follow.
      await listener.listComments(threadId, { limit: 10 });
      const changes: CommentChange[] = [];
      const stop = listener.subscribe!(threadId, (change) => changes.push(change));
      assert(typeof stop === 'function', `subscribe must answer a function that unsubscribes, got ${show(stop)}`);
      try {
        const text = unique('Live');
        const posted = await poster.postComment(draft(threadId, text));
        assert(posted.status !== 'pending', 'the subscribe check needs a comment that is published at once: approve the guest, or exclude "subscribe"');
        const deadline = Date.now() + liveTimeout;
        let delivered: CommentChange | undefined;
        while (!delivered && Date.now() < deadline) {
          delivered = changes.find((change) => change.type === 'added' && change.comment.id === posted.id);
          if (!delivered) await new Promise((resolve) => setTimeout(resolve, 20));
        }
        assert(delivered, `no "added" change for comment ${posted.id} within ${liveTimeout} ms`);
        if (delivered.type !== 'removed') {
          checkRecord(delivered.comment, 'the added comment');
          assert(delivered.comment.body.includes(text), 'the added change carries the comment');
        }
      } finally {
        stop();
      }
      const after = unique('After unsubscribe');
      await poster.postComment(draft(threadId, after));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert(
        !changes.some((change) => change.type !== 'removed' && change.comment.body.includes(after)),
        'a listener must hear nothing after unsubscribing',
      );
    },
  },
  {
    id: 'edit',
    title: "updateComment changes the author's own comment and marks it edited",
    needs: { member: 'updateComment' },
    run: async ({ createProvider, newThread, draft }) => {
      const provider = await createProvider();
      checkMember(provider, 'updateComment');
      const threadId = await newThread();
      const original = await provider.postComment(draft(threadId, unique('Before the edit')));
      const text = unique('After the edit');
      const edited = await provider.updateComment!(original.id, text);
      checkRecord(edited, 'the edited record');
      assertEqual(edited.id, original.id, 'id of the edited record');
      assert(edited.body.includes(text), `the edited body must hold the new text, got ${show(edited.body)}`);
      assert(isIsoDate(edited.editedAt), `an edited record carries editedAt, got ${show(edited.editedAt)}`);
      if (edited.status !== 'pending') {
        const { records: listed } = await listAll(provider, threadId);
        assert(listed.find((record) => record.id === original.id)?.body.includes(text), 'the thread lists the new text');
      }
      const empty = await expectRejection(provider.updateComment!(original.id, '  '), ['validation'], 'editing to an empty body');
      assert(typeof empty.fieldErrors?.body === 'string', `fieldErrors.body must explain an empty edit, got ${show(empty.fieldErrors)}`);
      await expectRejection(provider.updateComment!(unique('no-such-comment'), 'x'), ['not_found'], 'editing a missing comment');
    },
  },
  {
    id: 'delete',
    title: 'deleteComment removes a comment, or leaves a placeholder that keeps its replies',
    needs: { member: 'deleteComment' },
    run: async ({ createProvider, newThread, draft }) => {
      const provider = await createProvider();
      checkMember(provider, 'deleteComment');
      const threadId = await newThread();
      const alone = await provider.postComment(draft(threadId, unique('Deleted alone')));
      const parent = await provider.postComment(draft(threadId, unique('Deleted parent')));
      const reply = await provider.postComment(draft(threadId, unique('Reply stays'), parent.id));
      await provider.deleteComment!(alone.id);
      await provider.deleteComment!(parent.id);
      const { records: listed } = await listAll(provider, threadId);
      const byId = new Map(listed.map((record) => [record.id, record]));
      const gone = byId.get(alone.id);
      assert(!gone || gone.status === 'deleted', `a deleted comment is gone or a placeholder, got ${show(gone)}`);
      if (reply.status !== 'pending') {
        assert(byId.has(reply.id), 'the reply to a deleted comment is still listed');
        const placeholder = byId.get(parent.id);
        assert(!placeholder || placeholder.status === 'deleted', `a deleted parent is a placeholder, got ${show(placeholder)}`);
        if (placeholder) assert(!placeholder.body.includes('Deleted parent'), 'a placeholder shows none of the deleted text');
      }
      await expectRejection(provider.deleteComment!(unique('no-such-comment')), ['not_found'], 'deleting a missing comment');
    },
  },
  {
    id: 'react',
    title: "react toggles the reader's reaction",
    needs: { member: 'react' },
    run: async ({ createProvider, newThread, draft }) => {
      const provider = await createProvider();
      checkMember(provider, 'react');
      const threadId = await newThread();
      const reaction = (typeof provider.threadInfo === 'function' ? (await provider.threadInfo(threadId)).reactions?.[0] : undefined) ?? 'like';
      const record = await provider.postComment(draft(threadId, unique('Liked')));
      const liked = await provider.react!(record.id, reaction);
      checkRecord(liked, 'the reacted record');
      assertEqual(liked.reactions?.[reaction], { count: 1, mine: true }, `reactions["${reaction}"] after reacting`);
      const unliked = await provider.react!(record.id, reaction);
      assert((unliked.reactions?.[reaction]?.count ?? 0) === 0 && !unliked.reactions?.[reaction]?.mine, `reacting again takes it back, got ${show(unliked.reactions)}`);
      await expectRejection(provider.react!(unique('no-such-comment'), reaction), ['not_found'], 'reacting to a missing comment');
    },
  },
  {
    id: 'report',
    title: 'report takes a reason and refuses a missing comment',
    needs: { member: 'report' },
    run: async ({ createProvider, newThread, draft }) => {
      const provider = await createProvider();
      checkMember(provider, 'report');
      const threadId = await newThread();
      const record = await provider.postComment(draft(threadId, unique('Reported')));
      await provider.report!(record.id, 'spam');
      await expectRejection(provider.report!(unique('no-such-comment'), 'spam'), ['not_found'], 'reporting a missing comment');
    },
  },
  {
    id: 'identity',
    title: 'identity members: options, sign-in, current identity, sign-out',
    needs: { member: 'identityOptions' },
    run: async ({ createProvider }) => {
      const provider = await createProvider();
      for (const member of ['identityOptions', 'signIn', 'signOut', 'currentIdentity', 'onIdentityChange'] as const) checkMember(provider, member);
      const choices = await provider.identityOptions!();
      assert(Array.isArray(choices), `identityOptions must answer an array, got ${show(choices)}`);
      for (const option of choices) {
        assert(typeof option.id === 'string' && option.id, `option ${show(option)}: id must be a non-empty string`);
        assert(typeof option.label === 'string' && option.label, `option ${show(option)}: label must be a non-empty string`);
        assert(option.kind === 'guest' || option.kind === 'oauth', `option ${show(option)}: kind must be guest or oauth`);
      }
      const oauth = choices.find((option) => option.kind === 'oauth');
      if (!provider.signIn || !oauth) return;
      await expectRejection(provider.signIn(unique('no-such-option')), ['not_found', 'validation'], 'signing in with an unknown option');
      const heard: (Identity | null)[] = [];
      const stopListening = provider.onIdentityChange?.((identity) => heard.push(identity));
      try {
        const identity = await provider.signIn(oauth.id);
        assertEqual(identity.optionId, oauth.id, 'optionId of the signed-in identity');
        assert(typeof identity.name === 'string' && identity.name.length > 0, 'the signed-in identity must have a name');
        if (provider.currentIdentity) assertEqual((await provider.currentIdentity())?.optionId, oauth.id, 'currentIdentity after signIn');
        if (stopListening) assertEqual(heard.at(-1)?.optionId, oauth.id, 'onIdentityChange after signIn');
      } finally {
        await provider.signOut?.();
        stopListening?.();
      }
      if (provider.signOut) {
        if (provider.currentIdentity) assertEqual(await provider.currentIdentity(), null, 'currentIdentity after signOut');
        if (stopListening) assertEqual(heard.at(-1), null, 'onIdentityChange after signOut');
      }
    },
  },
];
