/**
 * The English strings of a comment's inline dialogs — "Delete this comment?" and the report's
 * reason picker. They load with the dialogs' code (`src/comment-thread/dialogs-template.ts`), not
 * with a thread's first load (`./en-reader.ts`). The whole English table is `./en.ts`.
 */
export const enDialogs = {
  confirmDelete: 'Delete this comment? This cannot be undone.',
  confirmDeleteYes: 'Delete',
  reportReason: 'Why are you reporting this comment?',
  reportSend: 'Send report',
  reportReasons: {
    spam: 'Spam',
    abuse: 'Abusive or harmful',
    offTopic: 'Off topic',
    other: 'Something else',
  },
};
