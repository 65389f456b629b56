import { html, nothing, type TemplateResult } from 'lit';
import { enDialogs } from '../locale/en-dialogs.js';
import type { CommentRecord } from '../types.js';
import type { CommentEnv } from './comment-env.js';

// The gestures that lead to a write come with the dialogs (`CommentGestures` loads them on demand).
export { editForm, followWrite, lazyHandlers } from './action-gestures.js';

/*
 * The inline dialogs of a comment — "Delete this comment?" and the report's reason picker — and
 * the writes they lead to: loaded on demand (the thread fetches them when idle, or when the reader
 * first asks to delete or report), not part of the thread's first load.
 */

const DEFAULT_REASONS = ['spam', 'abuse', 'offTopic', 'other'] as const;

/** Escape in an inline confirmation closes it, as it does the reply form. */
function onEscape(event: KeyboardEvent, cancel: () => void): void {
  if (event.key !== 'Escape' || event.defaultPrevented) return;
  event.preventDefault();
  event.stopPropagation();
  cancel();
}

/**
 * The inline confirmation of a deletion or the reason picker of a report, when open: a part of
 * its own, so that opening one leaves the buttons (and the focus on them) where they are.
 */
export function renderDialogs(record: CommentRecord, replies: number, env: CommentEnv): TemplateResult | typeof nothing {
  const view = env.view(record.id);
  if (!view.confirmingDelete && !view.reporting) return nothing;
  // The dialogs' English strings come with this module, not with the thread.
  const s = env.l10n.stringsWith(enDialogs);
  if (view.confirmingDelete) {
    return html`<div
            class="confirm"
            part="confirm"
            role="group"
            aria-labelledby="confirm-${record.id}"
            @keydown=${(event: KeyboardEvent) => onEscape(event, () => env.on.cancelDelete(record.id))}
          >
            <p id="confirm-${record.id}">${s.confirmDelete}</p>
            <button type="button" class="button danger" part="confirm-delete" @click=${() => env.on.delete(record, replies > 0)}>
              ${s.confirmDeleteYes}
            </button>
            <button
              type="button"
              class="button"
              part="confirm-cancel"
              data-action="cancel-delete"
              @click=${() => env.on.cancelDelete(record.id)}
            >
              ${s.cancel}
            </button>
          </div>`;
  }
  const reasons = Array.isArray(env.info.reportReasons) && env.info.reportReasons.length ? env.info.reportReasons : [...DEFAULT_REASONS];
  return html`<form
            class="confirm"
            part="report-form"
            @keydown=${(event: KeyboardEvent) => onEscape(event, () => env.on.cancelReport(record.id))}
            @submit=${(event: Event) => {
              event.preventDefault();
              const select = (event.target as HTMLFormElement).querySelector('select')!;
              env.on.report(record, select.value);
            }}
          >
            <label>
              ${s.reportReason}
              <select part="report-reason">
                ${reasons.map(
                  (reason) =>
                    html`<option value=${reason}>${(s.reportReasons as Record<string, string>)[reason] ?? reason}</option>`,
                )}
              </select>
            </label>
            <button type="submit" class="button" part="report-send">${s.reportSend}</button>
            <button type="button" class="button" @click=${() => env.on.cancelReport(record.id)}>
              ${s.cancel}
            </button>
          </form>`;
}
