// Pathological Markdown: the parser and the thread never throw or hang on bodies built to
// break them, in every engine (JavaScriptCore backtracks far more than V8 on some of them).
import { expect } from '@open-wc/testing';
import { renderBody } from '../../src/core/markdown.js';
import { shadow, until } from '../helpers.js';
import { bodyOf, mountThread, ok, onePage, rawProvider, shownIds, failOnEscapes } from './support.js';

describe('malformed provider data', function () {
  this.timeout(30000);
  failOnEscapes();

  describe('pathological Markdown', () => {
    const bodies: Record<string, string> = {
      brackets: `${'['.repeat(20000)}x${']'.repeat(20000)}`,
      'link brackets': `${'[a'.repeat(5000)}](https://x.example)`,
      emphasis: '*a **a ***a _a __a ___a '.repeat(3000),
      'emphasis runs': `${'*'.repeat(30000)}a${'_'.repeat(30000)}`,
      backticks: `${'`'.repeat(20000)}a`,
      'backtick runs': Array.from({ length: 3000 }, (_, i) => '`'.repeat((i % 40) + 1)).join('a'),
      'nested quotes': `${'> '.repeat(5000)}deep`,
      'nested lists': Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n'),
      'mixed containers': '1. > - > '.repeat(4000),
      'nested tags': `${'<div>'.repeat(12000)}deep`,
      'open tags': '<a '.repeat(20000),
      'reference definitions': '[a]: <'.repeat(20000),
    };

    it('renderBody never throws, and a body too deep for the parser shows as text', () => {
      for (const [name, body] of Object.entries(bodies)) {
        let html = '';
        expect(() => (html = renderBody(body)), name).not.to.throw();
        expect(html.length, name).to.be.greaterThan(0);
      }
      const deep = new DOMParser().parseFromString(renderBody(bodies['nested quotes']), 'text/html');
      expect(deep.body.textContent).to.contain('deep');
      expect(deep.body.textContent).to.contain('> > >');
    });

    it('each renders in the thread, between intact neighbours, shortened and in full', async () => {
      const entries = Object.entries(bodies);
      const records = entries.flatMap(([, body], i) => [ok(`g${i * 2}`), ok(`p${i * 2 + 1}`, null, { body })]);
      const thread = await mountThread(rawProvider(onePage(records)), { pageSize: records.length });
      await until(() => shownIds(thread).length === records.length, 'every comment', 15000);
      entries.forEach((_, i) => expect(bodyOf(thread, `g${i * 2}`)).to.equal(`Body of g${i * 2}`));
      for (const button of shadow(thread).querySelectorAll<HTMLButtonElement>('[part~="show-full"]')) {
        button.click();
        await (thread as unknown as { updateComplete: Promise<boolean> }).updateComplete;
      }
      expect(shownIds(thread)).to.have.length(records.length);
      expect(bodyOf(thread, `p${entries.findIndex(([name]) => name === 'nested quotes') * 2 + 1}`)).to.contain('deep');
    });
  });
});
