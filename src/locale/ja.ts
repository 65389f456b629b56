import { registerLocale } from './localize.js';
import { asOverrides, type LocaleTable } from './table.js';

/** Japanese (no grammatical plural: `Intl.PluralRules` answers `other` for every count). */
export const ja: LocaleTable = {
  threadLabel: 'コメント',
  header: {
    zero: 'まだコメントはありません',
    other: '「{title}」への{count}件のコメント',
  },
  headerUntitled: {
    zero: 'まだコメントはありません',
    other: '{count}件のコメント',
  },
  loading: 'コメントを読み込んでいます…',
  loadFailed: 'コメントを読み込めませんでした',
  retry: '再試行',
  loadMore: 'さらにコメントを読み込む',
  loadingMore: 'さらにコメントを読み込んでいます…',
  orderLabel: 'コメントの並べ替え',
  orderOldest: '古い順',
  orderNewest: '新しい順',
  commentBy: '{name}さんのコメント',
  anonymous: '匿名',
  postAuthor: '投稿者',
  permalink: 'パーマリンク',
  permalinkLabel: '{time}、{name}さんのコメントへのリンク',
  reply: '返信',
  replyLabel: '{name}さんに返信',
  inReplyTo: '{name}さんへの返信',
  replyToMissing: '表示できなくなったコメントへの返信',
  awaitingModeration: 'コメントは承認待ちです。',
  deletedComment: 'このコメントは削除されました。',
  commentsClosed: 'コメントは受け付けていません。',
  commentMissing: 'リンク先のコメントはもう存在しません。',
  newComments: {
    other: '新しいコメントが{count}件あります',
  },
  editedMark: '編集済み',
  showFullComment: 'コメント全文を表示',
  moreReplies: {
    other: 'さらに{count}件の返信を表示',
  },
  hidePending: '非表示',
  hidePendingLabel: '承認待ちのコメントをこのブラウザーで非表示にする',

  formTitle: 'コメントを残す',
  replyTitle: '{name}さんに返信する',
  cancelReply: '返信をキャンセル',
  commentField: 'コメント',
  write: '書く',
  preview: 'プレビュー',
  previewEmpty: 'プレビューする内容はまだありません。',
  markdownHint: 'Markdown を使えます。',
  nameField: '名前',
  emailField: 'メールアドレス',
  websiteField: 'サイト',
  required: '(必須)',
  emailNotPublished: 'メールアドレスが公開されることはありません。',
  saveDetails: '次回のコメントで使用するためブラウザーに自分の名前、メールアドレス、サイトを保存する。',
  postComment: 'コメントを送信',
  posting: 'コメントを送信しています…',
  posted: 'コメントを投稿しました。',
  postedPending: 'コメントを投稿しました。承認されると表示されます。',
  postFailed: 'コメントは投稿されませんでした。',
  draftKept: '入力した文章はそのまま残っています。',
  honeypotField: 'この欄は空のままにしてください',

  bodyRequired: 'コメントを入力してください。',
  nameRequired: '名前を入力してください。',
  emailRequired: 'メールアドレスを入力してください。',
  emailInvalid: '有効なメールアドレスを入力してください。',
  urlInvalid: 'http:// または https:// で始まるアドレスを入力してください。',
  tooLong: '長すぎます。最大 {max} バイトまでです。',

  loginPrompt: '下に情報を入力するか、アイコンをクリックしてログインしてください:',
  logInWith: '{provider}でログイン',
  connecting: '{provider}に接続しています',
  cancel: 'キャンセル',
  signedInAs: '{provider}アカウントを使ってコメントしています。',
  logOut: 'ログアウト',
  change: '変更',
  signInFailed: '{provider}でログインできませんでした。',

  errors: {
    network: 'コメントサーバーに接続できませんでした。接続を確認して、もう一度お試しください。',
    timeout: 'コメントサーバーの応答に時間がかかりすぎました。',
    validation: '強調表示された項目を確認してください。',
    rate_limited: '試行回数が多すぎます。しばらく待ってからもう一度お試しください。',
    rate_limited_seconds: '試行回数が多すぎます。{seconds}秒後にもう一度お試しください。',
    unauthorized: 'この操作にはログインが必要です。',
    forbidden: 'この操作は許可されていません。',
    conflict: 'このコメントはすでに投稿されています。',
    not_found: '見つかりませんでした。削除された可能性があります。',
    closed: 'コメントは受け付けていません。',
    aborted: 'キャンセルしました。',
    unknown: '問題が発生しました。',
  },
};

/** Makes Japanese available to every element whose `lang` is `ja` or `ja-*`. */
export function registerJa(): void {
  registerLocale('ja', asOverrides(ja));
}
