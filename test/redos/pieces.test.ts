// Long Markdown is handed to marked piece by piece (JavaScriptCore's cost grows with the square of
// what marked is handed): the cuts lose nothing, fall only on blank lines outside fenced code, and
// keep what a reader sees.
import { expect } from '@open-wc/testing';
import { pieces, renderBody } from '../../src/core/markdown.js';

const paragraph = (i: number) => `Paragraph ${i} with *emphasis* and a [link](https://example.com/${i}).`;

describe('Markdown pieces', () => {
  it('a short body is one piece', () => {
    expect(pieces('a\n\nb')).to.deep.equal(['a\n\nb']);
  });

  it('a long body is cut at blank lines into pieces of about 2,000 characters that join back to it', () => {
    const source = Array.from({ length: 400 }, (_, i) => paragraph(i)).join('\n\n');
    const cut = pieces(source);
    expect(cut.length).to.be.greaterThan(10);
    expect(cut.join('')).to.equal(source);
    for (const piece of cut.slice(0, -1)) {
      expect(piece.length).to.be.at.most(2_000 + 100);
      expect(piece.endsWith('\n\n') || piece.endsWith('\n')).to.equal(true);
    }
  });

  it('never cuts inside fenced code, however long', () => {
    const fence = ['```', ...Array.from({ length: 300 }, (_, i) => `line ${i}\n`), '```'].join('\n');
    const source = `${paragraph(0)}\n\n${'x '.repeat(1200)}\n\n${fence}\n\n${paragraph(1)}`;
    const cut = pieces(source);
    expect(cut.join('')).to.equal(source);
    const holding = cut.filter((piece) => piece.includes('line 0'));
    expect(holding).to.have.length(1);
    expect(holding[0]).to.contain('line 299');
    expect(renderBody(source)).to.contain('line 150\n\nline 151');
  });

  it('renders a long body as it renders its parts: paragraphs, emphasis and links all kept', () => {
    // 100 paragraphs: several pieces, and fewer tags than the limit past which a body shows as text.
    const source = Array.from({ length: 100 }, (_, i) => paragraph(i)).join('\n\n');
    expect(pieces(source).length).to.be.greaterThan(2);
    const html = renderBody(source);
    const box = document.createElement('div');
    box.innerHTML = html;
    expect(box.querySelectorAll('p')).to.have.length(100);
    expect(box.querySelectorAll('em')).to.have.length(100);
    expect(box.querySelectorAll('a[href^="https://example.com/"]')).to.have.length(100);
  });
});
