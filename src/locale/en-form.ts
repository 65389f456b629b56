/**
 * The English strings that only `<comment-form>` (posting, replying, editing in place) and
 * `<login-picker>` show. They load with the form's code, not with a thread's first load
 * (`./en-reader.ts`); the form's elements add them to English (`addEnglish`) as they start.
 * The whole English table is `./en.ts`.
 */
export const enForm = {
  editTitle: 'Edit your comment',
  saveEdit: 'Save',
  cancelEdit: 'Cancel',
  saving: 'Saving your changes…',
  editFailed: 'Your changes were not saved.',
  signInToComment: 'Log in to leave a comment.',

  replyTitle: 'Leave a Reply to {name}',
  cancelReply: 'Cancel reply',
  commentField: 'Comment',
  write: 'Write',
  preview: 'Preview',
  previewEmpty: 'Nothing to preview yet.',
  markdownHint: 'You can use Markdown.',
  nameField: 'Name',
  emailField: 'Email',
  websiteField: 'Website',
  required: '(required)',
  emailNotPublished: 'Your email address will not be published.',
  saveDetails: 'Save my name, email, and website in this browser for the next time I comment.',
  /** The form's checkbox, shown where the backend sends mail (`ThreadInfo.notifications`). */
  notifyReplies: 'Notify me of new replies by email',
  notifyNeedsEmail: 'An email address is needed to be told of replies.',
  postComment: 'Post Comment',
  posting: 'Posting your comment…',
  postFailed: 'Your comment was not posted.',
  draftKept: 'Your text is kept: nothing was lost.',
  honeypotField: 'Leave this field empty',

  bodyRequired: 'Please write a comment.',
  nameRequired: 'Please enter your name.',
  emailRequired: 'Please enter your email address.',
  emailInvalid: 'Please enter a valid email address.',
  urlInvalid: 'Please enter a web address that starts with http:// or https://.',
  tooLong: 'This is too long: at most {max} bytes.',
  tooLongCharacters: 'This is too long: at most {max} characters.',

  loginPrompt: 'Fill in your details below or click an icon to log in:',
  logInWith: 'Log in with {provider}',
  connecting: 'Connecting to {provider}',
  signedInAs: 'You are commenting using your {provider} account.',
  logOut: 'Log Out',
  change: 'Change',
  signInFailed: 'Couldn’t log in with {provider}.',
};
