// node test/template-strings.test.mjs
// Fails when a Lit template in src/ carries a visible string or an ARIA label
// that does not come from the locale table: every html`` / svg`` literal is
// parsed (TypeScript's compiler API finds them, parse5 reads their HTML), and
// any text node with a letter, or a literal aria-label / title / alt /
// placeholder (and kin) with a letter, is reported with its file and line.
// The comments' plain-node descriptions (`h(tag, { attrs }, ...children)`,
// src/comment-thread/nodes.ts) are read the same way: a literal child with a
// letter, or a literal label attribute with one.
// A few known-bad and known-good snippets run first, so the check is shown to
// catch what it claims to. Writes .wtr-results/template-strings.json as
// { passed, failed, skipped, failures }.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const parse5 = require('parse5');

const root = fileURLToPath(new URL('..', import.meta.url));
const TAGS = new Set(['html', 'svg']);
/** Attributes a reader hears or sees: their literal text must come from the table. */
const LABEL_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-placeholder',
  'aria-valuetext',
  'title',
  'alt',
  'placeholder',
  'label',
]);
/** Elements whose text is not shown as text. */
const SKIP_TEXT_IN = new Set(['style', 'script', 'template']);
// Stands for a `${…}` binding: no letter, so a text made only of bindings passes.
const HOLE = '\uE000';
const HAS_LETTER = /\p{L}/u;

/**
 * The text a binding puts in the page when it is written out in the source
 * (`${'Reply'}`, `${open ? 'Hide' : 'Show'}`): such text bypasses the table too.
 * Characters that would change the HTML around it are dropped.
 */
function literalText(expression) {
  if (ts.isParenthesizedExpression(expression)) return literalText(expression.expression);
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) {
    return HAS_LETTER.test(expression.text) ? expression.text.replace(/[<>"'&`]/g, ' ') : null;
  }
  if (ts.isConditionalExpression(expression) || ts.isBinaryExpression(expression)) {
    const parts = ts.isConditionalExpression(expression)
      ? [expression.whenTrue, expression.whenFalse]
      : [expression.left, expression.right];
    const texts = parts.map(literalText).filter(Boolean);
    return texts.length ? texts.join(' ') : null;
  }
  return null;
}

/** Every `html` / `svg` tagged template in a source text, with its static HTML and a map back to source offsets. */
function templatesIn(fileName, sourceText) {
  const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = [];
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && TAGS.has(node.tag.text)) {
      const template = node.template;
      // Static chunks, each with the source offset where its raw text starts (after ` or }).
      const chunks = ts.isNoSubstitutionTemplateLiteral(template)
        ? [{ text: template.rawText ?? template.text, start: template.getStart(source) + 1 }]
        : [
            { text: template.head.rawText ?? template.head.text, start: template.head.getStart(source) + 1 },
            ...template.templateSpans.map((span) => ({
              text: span.literal.rawText ?? span.literal.text,
              start: span.literal.getStart(source) + 1,
            })),
          ];
      const holes = ts.isNoSubstitutionTemplateLiteral(template)
        ? []
        : template.templateSpans.map((span) => literalText(span.expression) ?? HOLE);
      let markup = '';
      const map = [];
      chunks.forEach((chunk, index) => {
        if (index > 0) markup += holes[index - 1];
        map.push({ at: markup.length, start: chunk.start });
        markup += chunk.text;
      });
      found.push({ markup, map, source });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function lineOf(template, offset) {
  let entry = template.map[0];
  for (const candidate of template.map) if (candidate.at <= offset) entry = candidate;
  const position = entry.start + (offset - entry.at);
  return template.source.getLineAndCharacterOfPosition(position).line + 1;
}

/** What a template shows or says that is not from the table: `[{ line, kind, text }]`. */
function violationsIn(template) {
  const problems = [];
  const fragment = parse5.parseFragment(template.markup, { sourceCodeLocationInfo: true });
  const walk = (node, skipText) => {
    if (node.nodeName === '#text') {
      const text = node.value.replaceAll(HOLE, ' ').replace(/\s+/g, ' ').trim();
      if (!skipText && HAS_LETTER.test(text)) {
        problems.push({ line: lineOf(template, node.sourceCodeLocation?.startOffset ?? 0), kind: 'text', text });
      }
      return;
    }
    for (const attribute of node.attrs ?? []) {
      const name = attribute.name.toLowerCase();
      if (!LABEL_ATTRIBUTES.has(name)) continue;
      const literal = attribute.value.replaceAll(HOLE, ' ').trim();
      if (HAS_LETTER.test(literal)) {
        const location = node.sourceCodeLocation?.attrs?.[attribute.name]?.startOffset ?? node.sourceCodeLocation?.startOffset ?? 0;
        problems.push({ line: lineOf(template, location), kind: name, text: attribute.value.replaceAll(HOLE, '${…}') });
      }
    }
    const inner = node.content ?? node; // <template> keeps its children in .content
    for (const child of inner.childNodes ?? []) walk(child, skipText || SKIP_TEXT_IN.has(node.nodeName));
  };
  walk(fragment, false);
  return problems;
}

/** What `h(tag, { attrs }, ...children)` descriptions show or say that is not from the table. */
function descriptionViolations(fileName, sourceText) {
  const source = ts.createSourceFile(fileName, sourceText, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const problems = [];
  const line = (node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const children = (node) => (ts.isArrayLiteralExpression(node) ? node.elements.flatMap(children) : [node]);
  const visit = (node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'h') {
      const [, attrs, ...kids] = node.arguments;
      if (attrs && ts.isObjectLiteralExpression(attrs)) {
        for (const property of attrs.properties) {
          if (!ts.isPropertyAssignment(property)) continue;
          const name = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text.toLowerCase() : '';
          const text = LABEL_ATTRIBUTES.has(name) ? literalText(property.initializer) : null;
          if (text) problems.push({ line: line(property), kind: name, text });
        }
      }
      for (const kid of kids.flatMap(children)) {
        const text = literalText(kid);
        if (text) problems.push({ line: line(kid), kind: 'text', text });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

function check(fileName, sourceText) {
  return [...templatesIn(fileName, sourceText).flatMap((template) => violationsIn(template)), ...descriptionViolations(fileName, sourceText)];
}

function sourceFiles(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const results = { passed: 0, failed: 0, skipped: 0, failures: [] };
const record = (name, problems) => {
  if (problems.length) {
    results.failed++;
    results.failures.push(`${name}: ${problems.join('; ')}`);
    console.log(`✗ ${name}`);
    for (const problem of problems) console.log(`    ${problem}`);
  } else {
    results.passed++;
    console.log(`✓ ${name}`);
  }
};

// The checker itself: what it must catch, and what it must let through.
const SELF_TESTS = [
  ['a text node', 'html`<p>Hello</p>`', ['text Hello']],
  ['text beside a binding', 'html`<p>${count} comments</p>`', ['text comments']],
  ['a literal aria-label', 'html`<button aria-label="Close">${x}</button>`', ['aria-label Close']],
  ['a partly literal title', 'html`<a title="Link to ${name}">${x}</a>`', ['title Link to ${…}']],
  ['alt and placeholder', 'html`<img alt="Logo" src=${s}><input placeholder="Your name">`', ['alt Logo', 'placeholder Your name']],
  ['svg text', 'svg`<text>Label</text>`', ['text Label']],
  ['a nested template', 'html`<ul>${items.map((i) => html`<li>Item</li>`)}</ul>`', ['text Item']],
  ['a literal in a binding', 'html`<button aria-label=${"Close"}>${open ? "Hide" : s.show}</button>`', ['aria-label Close', 'text Hide']],
  ['strings from the table', 'html`<p>${s.hello}</p><button aria-label=${t("close")}>${s.close}</button>`', []],
  ['empty and punctuation', 'html`<img alt="" src=${x}> <span>(</span> / <span aria-hidden="true">·</span>`', []],
  ['styles and bindings', 'html`<style>p { color: red }</style><p class="note" part="note" @click=${f} .value=${v}></p>`', []],
  ['css and other tags', 'css`p::before { content: "Hello" }`; other`<p>Hi</p>`', []],
  ['a described text', "h('p', { class: 'note' }, 'Hello')", ['text Hello']],
  ['a described label', "h('button', { type: 'button', 'aria-label': 'Close', title: s.t }, s.close)", ['aria-label Close']],
  ['described text in a list or a choice', "h('ul', {}, [h('li', {}, 'Item')], open ? 'Hide' : s.show)", ['text Hide', 'text Item']],
  ['descriptions from the table', "h('p', { part: 'note', 'aria-hidden': 'true' }, s.hello, h('b', { title: t('x') }, name))", []],
];
for (const [name, snippet, expected] of SELF_TESTS) {
  const found = check('self-test.ts', snippet).map((problem) => `${problem.kind} ${problem.text}`);
  const problems = JSON.stringify(found) === JSON.stringify(expected) ? [] : [`found ${JSON.stringify(found)}, expected ${JSON.stringify(expected)}`];
  record(`checker: ${name}`, problems);
}

let templateCount = 0;
for (const file of sourceFiles(join(root, 'src'))) {
  const name = relative(root, file);
  const text = readFileSync(file, 'utf8');
  templateCount += templatesIn(file, text).length;
  const problems = check(file, text).map(
    (problem) => `line ${problem.line}: ${problem.kind === 'text' ? 'text' : `${problem.kind}=`} "${problem.text}"`,
  );
  record(name, problems);
}

// A checker that found no templates at all would pass for the wrong reason.
record('the checker found the elements’ templates', templateCount >= 20 ? [] : [`only ${templateCount} templates found in src/`]);
console.log(`\n${templateCount} html/svg templates checked`);

mkdirSync(join(root, '.wtr-results'), { recursive: true });
writeFileSync(join(root, '.wtr-results', 'template-strings.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\n${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(results.failed ? 1 : 0);
