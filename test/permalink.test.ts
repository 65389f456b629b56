import { expect } from '@open-wc/testing';
import { COMMENT_ID_PREFIX, commentIdFromHash } from '../src/core/permalink.js';

describe('commentIdFromHash', () => {
  it('reads #comment-{id}, percent-encoded or not', () => {
    expect(COMMENT_ID_PREFIX).to.equal('comment-');
    expect(commentIdFromHash('#comment-42')).to.equal('42');
    expect(commentIdFromHash('#comment-%C3%A9t%C3%A9')).to.equal('été');
    expect(commentIdFromHash('#comment-a b')).to.equal('a b');
  });

  it('links to no comment when the hash is something else', () => {
    for (const hash of ['', '#', '#top', '#comments', '#Comment-1']) expect(commentIdFromHash(hash), hash).to.equal(null);
  });

  it('never throws on malformed escapes: they are read as written', () => {
    expect(commentIdFromHash('#%')).to.equal(null);
    expect(commentIdFromHash('#comment-%')).to.equal('%');
    expect(commentIdFromHash('#comment-%E0%A4%A')).to.equal('%E0%A4%A');
    expect(commentIdFromHash('#comment-%ZZ')).to.equal('%ZZ');
    expect(commentIdFromHash('#comment-%D8%00')).to.equal('%D8%00');
    expect(commentIdFromHash('#comment-%ED%A0%80')).to.equal('%ED%A0%80');
  });
});
