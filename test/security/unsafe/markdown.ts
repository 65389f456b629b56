// Test-only stand-in for src/core/markdown.ts, served in its place to
// test/security/unsafe-sanitizer.test.ts by ./plugin.mjs: Markdown is parsed as usual and nothing is
// sanitised, so the security suite can show that its checks catch an unsanitised body.
import { Marked } from 'marked';
import type { RenderBodyOptions } from '../../../src/core/markdown.js';

export { UGC_REL, escapeHtml, sanitizeHtml, useSanitizerWindow, type RenderBodyOptions } from '../../../src/core/markdown.js';

const markdown = new Marked({ gfm: true, breaks: true, async: false });

/** {@link import('../../../src/core/markdown.js').renderBody} without the sanitiser. */
export function renderBody(body: string, options: RenderBodyOptions = {}): string {
  return options.format === 'html' ? body : (markdown.parse(body) as string);
}

/** {@link import('../../../src/core/markdown.js').renderBodyNodes} without the sanitiser: the parsed HTML as it is. */
export function renderBodyNodes(body: string, options: RenderBodyOptions = {}): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = renderBody(body, options);
  return template.content;
}
