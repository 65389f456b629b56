// The mails themselves: plain text and HTML built from escaped text only (a comment's Markdown or
// HTML is never sent as markup: the HTML part is its text, escaped, in paragraphs), a link to the
// comment on its thread's page, and the unsubscribe link (body, and RFC 8058 headers).

/** @typedef {import('../store/records.mjs').CommentRow} CommentRow */

/** @param {string} text */
export function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * A comment's text for mail: Markdown as written; HTML (imported comments) without its tags
 * (a linear scan, no regular expression over the text) and with its entities for <, >, & undone.
 * @param {CommentRow} row
 */
export function plainText(row) {
  if (row.body_format !== 'html') return row.body;
  let out = '';
  let inTag = false;
  for (const char of row.body) {
    if (inTag) inTag = char !== '>';
    else if (char === '<') inTag = true;
    else out += char;
  }
  return out.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
}

/** Text as HTML paragraphs, escaped. @param {string} text */
function paragraphs(text) {
  return text
    .split(/\n{2,}/)
    .map((part) => `<p>${escapeHtml(part).replaceAll('\n', '<br>')}</p>`)
    .join('\n');
}

/**
 * The link to a comment on its thread's page: the page address the thread keeps, else the one
 * the subscriber posted from, else none. `#comment-<id>` opens it (`<comment-thread>`).
 * @param {string | null} pageUrl @param {string} commentId @returns {string | null}
 */
export function commentLink(pageUrl, commentId) {
  if (!pageUrl) return null;
  try {
    const url = new URL(pageUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    url.hash = `comment-${encodeURIComponent(commentId)}`;
    return url.href;
  } catch {
    return null;
  }
}

/**
 * @typedef {object} MailParts
 * @property {string} to one recipient only
 * @property {string} subject
 * @property {string} text
 * @property {string} html
 * @property {Record<string, string>} headers
 */

/**
 * One mail.
 * @param {{ kind: 'reply' | 'held' | 'report', to: string, row: CommentRow, title: string | null, link: string | null, unsubscribeUrl: string, reports?: number }} input
 * @returns {MailParts}
 */
export function composeMail({ kind, to, row, title, link, unsubscribeUrl }) {
  const on = title ? ` on “${title}”` : '';
  const author = row.author_name || 'Someone';
  const intro =
    kind === 'reply'
      ? `${author} replied to your comment${on}:`
      : kind === 'held'
        ? `A comment by ${author}${on} is held for moderation:`
        : `A comment by ${author}${on} was reported:`;
  const subject = kind === 'reply' ? `New reply to your comment${on}` : kind === 'held' ? `Comment held for moderation${on}` : `Comment reported${on}`;
  const action = kind === 'reply' ? 'Read it and reply' : 'Review it in the moderation queue';
  const body = plainText(row);
  const why = kind === 'reply' ? 'You asked to be told of replies to your comment.' : 'You are a moderator of these comments.';
  const text = [intro, '', body, '', ...(link ? [`${action}: ${link}`, ''] : []), why, `Unsubscribe: ${unsubscribeUrl}`, ''].join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<p>${escapeHtml(intro)}</p>`,
    `<blockquote>${paragraphs(body)}</blockquote>`,
    link ? `<p><a href="${escapeHtml(link)}">${escapeHtml(action)}</a></p>` : '',
    `<p style="color:#555;font-size:small">${escapeHtml(why)} <a href="${escapeHtml(unsubscribeUrl)}">Unsubscribe</a></p>`,
    '</body></html>',
  ].join('\n');
  return {
    to,
    subject,
    text,
    html,
    headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
