/**
 * The English strings a thread shows to a reader — what its first load carries. The form's and
 * the comment dialogs' strings load with their code (`./en-form.ts`, `./en-dialogs.ts`); the whole
 * English table, and the type every translation follows, is `./en.ts`.
 * Plural entries are keyed by `Intl.PluralRules` category, plus `zero` for 0.
 */
export const enReader = {
  threadLabel: 'Comments',
  header: {
    zero: 'No comments yet',
    one: 'One thought on “{title}”',
    other: '{count} thoughts on “{title}”',
  },
  headerUntitled: {
    zero: 'No comments yet',
    one: 'One thought',
    other: '{count} thoughts',
  },
  loading: 'Loading comments…',
  loadFailed: 'Couldn’t load comments',
  noProvider: 'This comment section is not connected to any comments service.',
  retry: 'Retry',
  loadMore: 'Load more comments',
  loadingMore: 'Loading more comments…',
  orderLabel: 'Sort comments',
  orderOldest: 'Oldest first',
  orderNewest: 'Newest first',
  commentBy: 'Comment by {name}',
  anonymous: 'Anonymous',
  postAuthor: 'Post author',
  permalink: 'Permalink',
  permalinkLabel: '{time}, link to the comment by {name}',
  reply: 'Reply',
  replyLabel: 'Reply to {name}',
  inReplyTo: 'In reply to {name}',
  replyToMissing: 'In reply to a comment that is no longer available',
  awaitingModeration: 'Your comment is awaiting moderation.',
  deletedComment: 'This comment was deleted.',
  commentUnavailable: 'This comment could not be displayed.',
  unknownDate: 'unknown date',
  commentsClosed: 'Comments are closed.',
  commentMissing: 'The comment you linked to no longer exists.',
  newComments: {
    one: 'One new comment',
    other: '{count} new comments',
  },
  editedMark: 'edited',
  showFullComment: 'Show full comment',
  orderTop: 'Top comments',
  edit: 'Edit',
  editLabel: 'Edit your comment',
  editedOn: 'Edited {date}',
  saved: 'Your changes were saved.',
  delete: 'Delete',
  deleteLabel: 'Delete your comment',
  deleted: 'Your comment was deleted.',
  report: 'Report',
  reportLabel: 'Report the comment by {name}',
  reported: 'Thank you. The comment was reported.',
  reactionLike: 'Like',
  reactionLabel: {
    one: '{reaction}: {count} reaction',
    other: '{reaction}: {count} reactions',
  },
  reactionsLabel: 'Reactions',
  collapseReplies: 'Collapse replies',
  expandReplies: {
    one: 'Show the reply',
    other: 'Show {count} replies',
  },
  actionFailed: 'That did not work.',
  commentCount: {
    zero: 'No comments yet',
    one: 'One thought',
    other: '{count} thoughts',
  },
  moreReplies: {
    one: 'Show one more reply',
    other: 'Show {count} more replies',
  },
  hidePending: 'Hide',
  hidePendingLabel: 'Hide your comment awaiting moderation from this browser',

  /** The form's stand-in shows its title before the form's code is in; the thread announces a post. */
  formTitle: 'Leave a Reply',
  posted: 'Your comment was posted.',
  postedPending: 'Your comment was posted and is awaiting moderation.',
  /** The form, the login picker and the dialogs all cancel: one word, here once. */
  cancel: 'Cancel',

  errors: {
    network: 'The comments server could not be reached. Check your connection and try again.',
    timeout: 'The comments server took too long to answer.',
    validation: 'Please check the highlighted fields.',
    rate_limited: 'Too many attempts. Please wait a moment and try again.',
    rate_limited_seconds: 'Too many attempts. Please try again in {seconds} seconds.',
    unauthorized: 'Please log in to do that.',
    forbidden: 'You are not allowed to do that.',
    conflict: 'This comment was already posted.',
    not_found: 'This could not be found. It may have been removed.',
    closed: 'Comments are closed.',
    aborted: 'Cancelled.',
    unknown: 'Something went wrong.',
  },
};

