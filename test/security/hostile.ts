// The hostile threads and checks the security suite shares: script-injection.test.ts runs them on
// the real elements, unsafe-sanitizer.test.ts and unsafe-urls.test.ts on deliberately unsafe builds
// (test/security/unsafe/plugin.mjs), where they must fail.
import { expect, fixture, html } from '@open-wc/testing';
import type { CommentThread } from '../../src/comment-thread/comment-thread.js';
import { InMemoryProvider } from '../../src/providers/memory-provider.js';
import type { CommentRecord } from '../../src/types.js';
import { shadow, until } from '../helpers.js';
import { audit, letItRun, type Sentinel } from './audit.js';

/** A valid 1×1 PNG, so an image with it stays (a broken one falls back to initials). */
export const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';

export function chunks<T>(list: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < list.length; i += size) result.push(list.slice(i, i + size));
  return result;
}

/**
 * For each vector: a harmless guard comment, then the vector as a Markdown
 * body and as an HTML body, each also as the author's name, website and
 * avatar, then a harmless reply to the guard. The guards and replies prove
 * the comments around a hostile one still render.
 */
export function hostileRecords(vectors: string[]): CommentRecord[] {
  const records: CommentRecord[] = [];
  vectors.forEach((vector, i) => {
    const at = (second: number) => new Date(Date.UTC(2024, 0, 1, 0, i, second)).toISOString();
    const author = { name: vector, url: vector, avatarUrl: vector };
    records.push(
      { id: `g${i}`, threadId: 't', parentId: null, author: { name: `Guard ${i}` }, body: `guard ${i}`, createdAt: at(0) },
      { id: `m${i}`, threadId: 't', parentId: null, author, body: vector, createdAt: at(1) },
      { id: `h${i}`, threadId: 't', parentId: null, author, body: vector, bodyFormat: 'html', createdAt: at(2) },
      { id: `r${i}`, threadId: 't', parentId: `g${i}`, author: { name: `Reply ${i}` }, body: `reply ${i}`, createdAt: at(3) },
    );
  });
  return records;
}

export async function hostileThread(vectors: string[], allowImages = false): Promise<CommentThread> {
  const records = hostileRecords(vectors);
  const provider = new InMemoryProvider({ comments: records });
  const thread = await fixture<CommentThread>(html`<comment-thread
    .provider=${provider}
    thread-id="t"
    thread-title="Hostile"
    page-size=${records.length}
    avatars="remote"
    ?allow-images=${allowImages}
  ></comment-thread>`);
  await until(() => shadow(thread).querySelectorAll('article').length === records.length, 'every comment', 8000);
  return thread;
}

export function bodyText(thread: Element, id: string): string | undefined {
  return shadow(thread).querySelector(`#comment-${id} [part~="body"]`)?.textContent?.trim();
}

/** The checks every hostile render must pass. */
export async function expectSafe(root: Element, sentinel: Sentinel, label: string, wait = 150) {
  await letItRun(root, wait);
  const violations = audit(root);
  expect(violations.map((v) => `${v.kind}: ${v.detail}`), `${label}: DOM`).to.deep.equal([]);
  expect(sentinel.calls, `${label}: sentinel`).to.deep.equal([]);
}

export function expectNeighboursRender(thread: Element, count: number) {
  for (let i = 0; i < count; i++) {
    for (const id of [`g${i}`, `r${i}`]) {
      const article = shadow(thread).querySelector(`#comment-${id}`);
      expect(article?.checkVisibility({ visibilityProperty: true, opacityProperty: true }) ?? false, `${id} visible`).to.equal(true);
    }
    expect(bodyText(thread, `g${i}`), `guard ${i}`).to.equal(`guard ${i}`);
    expect(bodyText(thread, `r${i}`), `reply ${i}`).to.equal(`reply ${i}`);
    expect(Boolean(shadow(thread).querySelector(`#comment-m${i}`)), `markdown comment ${i}`).to.equal(true);
    expect(Boolean(shadow(thread).querySelector(`#comment-h${i}`)), `html comment ${i}`).to.equal(true);
  }
}
