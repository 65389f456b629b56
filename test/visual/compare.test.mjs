// The visual tests' image logic (scripts/test-visual-compare.mjs).
//   node --test test/visual/compare.test.mjs
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { TOLERANCE, compare, crop, decode, encode, identical } from '../../scripts/test-visual-compare.mjs';

/** A white image with a black w×h box at (x, y). */
function image(width, height, box = { x: 10, y: 10, w: 20, h: 8 }, colour = [0, 0, 0]) {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = x >= box.x && x < box.x + box.w && y >= box.y && y < box.y + box.h;
      png.data.set(inside ? [...colour, 255] : [255, 255, 255, 255], (y * width + x) * 4);
    }
  }
  return png;
}

describe('compare', () => {
  it('matches an identical rendering, through an encode/decode round trip', () => {
    const result = compare(decode(encode(image(200, 100))), image(200, 100));
    assert.equal(result.match, true);
    assert.equal(result.diffPixels, 0);
  });

  it('fails a box moved by one pixel', () => {
    const result = compare(image(200, 100, { x: 11, y: 10, w: 20, h: 8 }), image(200, 100));
    assert.equal(result.match, false);
    assert.ok(result.diffPixels >= 16, `${result.diffPixels} pixels differ`);
  });

  it('fails a changed colour', () => {
    assert.equal(compare(image(200, 100, undefined, [200, 0, 200]), image(200, 100)).match, false);
  });

  it('fails a different size, saying so', () => {
    const result = compare(image(200, 101), image(200, 100));
    assert.equal(result.match, false);
    assert.match(result.reason, /size 200×101, baseline 200×100/);
  });

  it('tolerates a few stray pixels, up to the stated tolerance only', () => {
    const baseline = image(800, 800);
    const noisy = (count) => {
      const png = image(800, 800);
      for (let i = 0; i < count; i++) png.data.set([0, 0, 0, 255], ((200 + i) * 800 + 5 * i) * 4);
      return png;
    };
    assert.equal(compare(noisy(TOLERANCE.MAX_DIFF_PIXELS), baseline).match, true);
    assert.equal(compare(noisy(TOLERANCE.MAX_DIFF_PIXELS + 1), baseline).match, false);
  });
});

describe('identical', () => {
  it('holds for the same pixels only', () => {
    assert.equal(identical(decode(encode(image(50, 40))), image(50, 40)), true);
    assert.equal(identical(image(50, 40, { x: 10, y: 10, w: 20, h: 9 }), image(50, 40)), false);
    assert.equal(identical(image(50, 41), image(50, 40)), false);
  });
});

describe('crop', () => {
  it('copies the rectangle, clamped to the image and at least 1×1', () => {
    const png = image(50, 40, { x: 5, y: 5, w: 2, h: 2 });
    const part = crop(png, 5, 5, 10, 10);
    assert.deepEqual([part.width, part.height], [10, 10]);
    assert.deepEqual([...part.data.subarray(0, 4)], [0, 0, 0, 255]);
    const clamped = crop(png, 45, 38, 100, 100);
    assert.deepEqual([clamped.width, clamped.height], [5, 2]);
    const empty = crop(png, 0, 0, 0, 0);
    assert.deepEqual([empty.width, empty.height], [1, 1]);
  });
});
