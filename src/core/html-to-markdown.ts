import TurndownService from 'turndown';
import { tooManyTags } from './nesting.js';

/**
 * A comment stored as HTML (WordPress keeps its comments so) back into the Markdown the elements
 * write, for editing: paragraphs, line breaks, strong and emphasis, links, code and code blocks,
 * lists, quotes, headings, rules, struck text and tables, in the same flavour as
 * src/core/markdown.ts reads (GitHub-flavoured, single newlines kept as line breaks), so that
 * saving the text unchanged stores the same content again.
 *
 * The HTML is untrusted: it is parsed into an inert document (`DOMParser`: nothing in it runs or
 * loads) and only read; what comes out is plain text for a text box, and the text goes through
 * the same sanitiser as any other Markdown when it is shown or saved.
 *
 * Uses `turndown` (MIT) for the walk and its whitespace rules, with rules and escaping of our own.
 * The form loads this module on demand, when an HTML body is edited: it is not in the main bundle.
 */
export function htmlToMarkdown(html: string): string {
  const source = typeof html === 'string' ? html : '';
  if (!source.trim()) return '';
  // More tags than a comment needs: the parser and the walk would take seconds on some markup (see
  // src/core/nesting.ts), so the comment is edited as its text, each line read back as written.
  if (tooManyTags(source)) {
    const text = new DOMParser().parseFromString(source.replace(/<[^<>]*>/g, ''), 'text/html').body.textContent ?? '';
    return text.trim().split('\n').map(escapeText).join('\n');
  }
  const body = new DOMParser().parseFromString(source, 'text/html').body;
  return service().turndown(body);
}

let instance: TurndownService | undefined;

function service(): TurndownService {
  if (instance) return instance;
  const turndown = new TurndownService({
    headingStyle: 'atx',
    hr: '---',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '*',
    strongDelimiter: '**',
    // Single newlines are line breaks in this flavour: no trailing spaces needed.
    br: '',
  });
  turndown.escape = escapeText;
  // Not shown in a comment, so not part of its text.
  turndown.remove(['script', 'style', 'template', 'title', 'head']);

  turndown.addRule('listItem', {
    filter: 'li',
    replacement(content, node) {
      const item = node as HTMLElement;
      const parent = item.parentNode as HTMLElement | null;
      let prefix = '- ';
      if (parent?.nodeName === 'OL') {
        const start = parent.hasAttribute('start') ? Number(parent.getAttribute('start')) : 1;
        const index = Array.prototype.indexOf.call(parent.children, item);
        prefix = `${(Number.isInteger(start) && start >= 0 ? start : 1) + index}. `;
      }
      const loose = /\n$/.test(content);
      const text = content.replace(/^\n+/, '').replace(/(^|[^\n])\n+$/, '$1') + (loose ? '\n' : '');
      const indented = text.replace(/\n(?=.)/g, `\n${' '.repeat(prefix.length)}`);
      return prefix + indented + (item.nextSibling ? '\n' : '');
    },
  });

  // Every <pre>, with or without a <code> inside: a fence longer than any run of backticks in it.
  turndown.addRule('codeBlock', {
    filter: 'pre',
    replacement(_content, node) {
      const pre = node as HTMLElement;
      const code = (pre.textContent ?? '').replace(/\n$/, '');
      const language = /language-([\w+#.-]+)/.exec(pre.querySelector('code')?.className ?? '')?.[1] ?? '';
      const longest = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
      const fence = '`'.repeat(longest + 1);
      return `\n\n${fence}${language}\n${code}\n${fence}\n\n`;
    },
  });

  turndown.addRule('link', {
    filter: (node) => node.nodeName === 'A' && Boolean(node.getAttribute('href')),
    replacement(content, node) {
      const link = node as HTMLElement;
      const href = link.getAttribute('href') ?? '';
      const text = link.textContent ?? '';
      // A bare address (as WordPress makes plain URLs clickable, or as Markdown's autolinks):
      // written as it reads, unless something follows that would run into it.
      if (text === href && /^https?:\/\/[^\s<>()[\]`]*[\w/]$/i.test(href) && !link.querySelector('*')) {
        const next = link.nextSibling?.textContent ?? '';
        return /^(?:$|[\s.,;:!?])/.test(next) ? href : `<${href}>`;
      }
      // Markdown's own autolinks for `www.` addresses and e-mail addresses read back the same way.
      const bare =
        (href === `mailto:${text}` && /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/.test(text)) ||
        ((href === `http://${text}` || href === `http://${text}/`) && /^www\.[\w-]+(?:\.[\w-]+)+$/.test(text));
      if (bare && !link.querySelector('*') && /^(?:$|[\s.,;:!?])/.test(link.nextSibling?.textContent ?? '')) return text;
      const destination = /[\s<>()]/.test(href) ? `<${href.replace(/[<>\n]/g, encodeURIComponent)}>` : href;
      const title = link.getAttribute('title');
      const titlePart = title ? ` "${title.replace(/["\\]/g, '\\$&').replace(/\n+/g, ' ')}"` : '';
      return `[${content}](${destination}${titlePart})`;
    },
  });

  turndown.addRule('image', {
    filter: 'img',
    replacement(_content, node) {
      const image = node as HTMLElement;
      const alt = image.getAttribute('alt') ?? '';
      // WordPress's smilies (`:)` shown as a picture): the text they stand for.
      if (/(?:^|\s)(?:wp-smiley|emoji)(?:\s|$)/.test(image.getAttribute('class') ?? '')) return escapeText(alt);
      const src = image.getAttribute('src') ?? '';
      if (!src) return escapeText(alt);
      const destination = /[\s<>()]/.test(src) ? `<${src.replace(/[<>\n]/g, encodeURIComponent)}>` : src;
      return `![${escapeText(alt.replace(/\n+/g, ' '))}](${destination})`;
    },
  });

  turndown.addRule('strikethrough', {
    filter: (node) => node.nodeName === 'DEL' || node.nodeName === 'S' || node.nodeName === 'STRIKE',
    replacement: (content) => (content.trim() ? `~~${content}~~` : ''),
  });

  // Each cell is converted once, by the walk (children first): its Markdown is kept here for its
  // table rather than written in place. Converting the cells again from the table's rule would
  // convert a table nested in a cell once more per level: time doubling with every level.
  const cells = new WeakMap<Node, string>();
  turndown.addRule('tableCell', {
    filter: ['th', 'td'],
    replacement(content, node) {
      cells.set(node, content);
      return '';
    },
  });

  turndown.addRule('table', {
    filter: 'table',
    replacement(_content, node) {
      const rows = [...(node as HTMLTableElement).rows];
      if (!rows.length) return '';
      const cell = (element: HTMLTableCellElement) =>
        (cells.get(element) ?? '')
          .replace(/\n+/g, ' ')
          .replace(/\|/g, '\\|')
          .trim();
      const lines = rows.map((row) => `| ${[...row.cells].map(cell).join(' | ')} |`);
      const columns = rows[0].cells.length || 1;
      lines.splice(1, 0, `|${' --- |'.repeat(columns)}`);
      return `\n\n${lines.join('\n')}\n\n`;
    },
  });

  instance = turndown;
  return turndown;
}

/**
 * Text as Markdown that reads back as the same text: the characters that would start Markdown
 * (emphasis, code, links, struck text, HTML, entities, backslashes) are escaped, and so is what
 * would open a block at the start of a line (headings, quotes, list items, rules). Underscores
 * inside words stay as they are (they never make emphasis there).
 */
export function escapeText(text: string): string {
  return (
    text
      .replace(/[\\*`~[\]]/g, '\\$&')
      .replace(/_/g, (match, offset: number, whole: string) =>
        /[\p{L}\p{N}]/u.test(whole[offset - 1] ?? '') && /[\p{L}\p{N}]/u.test(whole[offset + 1] ?? '') ? match : '\\_',
      )
      .replace(/<(?=[a-z/!?])/gi, '\\<')
      .replace(/&(?=#?\w+;)/g, '\\&')
      // At the start of a line (a text node starts one after a <br> or a block).
      .replace(/^(\s*)([#>+=|-])/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/, '$1\\$2')
  );
}
