// Taking part in a comment: PATCH and DELETE /comments/{id} (its author only), POST
// /comments/{id}/reactions and /reports (anyone who can see it).
import { fail } from '../errors.mjs';
import { checkEdit, checkReaction, checkReport } from '../validate.mjs';
import { visibleTo } from './live.mjs';

/** @typedef {import('../store/index.mjs').CommentRow} CommentRow */

/**
 * @param {import('fastify').FastifyInstance} app
 * @param {import('./comments.mjs').RouteContext} context
 */
export default async function takingPartRoutes(app, { store, live, sessions, limits, mail }) {
  /**
   * The comment named in the path with the request's owner key (identity or author token), or the problem that refuses it.
   * @param {import('fastify').FastifyRequest} request @param {{ own?: boolean }} [rules]
   * @returns {Promise<{ row: CommentRow, owner: string | null } | { problem: import('../validate.mjs').Problem }>}
   */
  async function targetOf(request, { own = false } = {}) {
    const id = /** @type {{ commentId?: string }} */ (request.params).commentId ?? '';
    const row = await store.comment(id);
    const { owner } = await sessions.viewer(request);
    // A held comment is not there for anyone but its author: the same answer as a missing one.
    if (!row || row.status === 'deleted' || !visibleTo(row, owner)) {
      return { problem: { status: 404, code: 'not_found', message: 'There is no such comment.' } };
    }
    if (own && (!owner || row.session_id !== owner)) {
      return { problem: { status: 403, code: 'forbidden', message: 'Only the author may change a comment.' } };
    }
    return { row, owner };
  }

  app.patch('/comments/:commentId', async (request, reply) => {
    const target = await targetOf(request, { own: true });
    if ('problem' in target) return fail(reply, target.problem);
    const { row, owner } = target;
    const edit = checkEdit(request.body, limits.body);
    if ('problem' in edit) return fail(reply, { ...edit.problem, status: edit.problem.fieldErrors ? 422 : 400 });
    const { editWindow } = await store.thread(row.thread_id);
    if (editWindow !== undefined && Date.now() - Date.parse(row.created_at) > editWindow * 1000) {
      return fail(reply, { status: 403, code: 'forbidden', message: 'The time to edit this comment is over.' });
    }
    const edited = await store.editComment(row.id, edit.value);
    if (edited.eventId !== undefined) live.broadcast(row.thread_id, edited.eventId, 'updated', row.id);
    return store.toRecord(edited.row, owner);
  });

  app.delete('/comments/:commentId', async (request, reply) => {
    const target = await targetOf(request, { own: true });
    if ('problem' in target) return fail(reply, target.problem);
    const deleted = await store.deleteComment(target.row.id);
    if (deleted.eventId !== undefined) live.broadcast(deleted.threadId, deleted.eventId, deleted.type, target.row.id);
    return reply.code(204).send();
  });

  app.post('/comments/:commentId/reactions', async (request, reply) => {
    const target = await targetOf(request);
    if ('problem' in target) return fail(reply, target.problem);
    const { row } = target;
    const allowed = (await store.thread(row.thread_id)).reactions ?? ['like'];
    const reaction = checkReaction(request.body, allowed);
    if ('problem' in reaction) return fail(reply, reaction.problem);
    const { owner } = await sessions.owner(request, reply);
    const eventId = await store.toggleReaction(row.id, reaction.value, owner);
    if (eventId !== undefined) live.broadcast(row.thread_id, eventId, 'updated', row.id);
    return store.toRecord(/** @type {CommentRow} */ (await store.comment(row.id)), owner);
  });

  app.post('/comments/:commentId/reports', async (request, reply) => {
    const target = await targetOf(request);
    if ('problem' in target) return fail(reply, target.problem);
    const reason = checkReport(request.body);
    if ('problem' in reason) return fail(reply, reason.problem);
    await store.report(target.row.id, reason.value, target.owner);
    await mail?.reported(target.row);
    return reply.code(204).send();
  });
}
