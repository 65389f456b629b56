// Pure image logic of the visual tests (scripts/test-visual.mjs): decode, crop,
// compare against a baseline within the stated tolerance. Unit-tested in
// test/visual/compare.test.mjs.
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

/**
 * The tolerance, stated once. A pixel counts as different when pixelmatch's
 * perceptual colour distance exceeds PIXEL_THRESHOLD (0 = exact, 1 = anything)
 * and it is not an anti-aliasing pixel; a screenshot matches its baseline when
 * both have the same size and at most MAX_DIFF_PIXELS pixels (and at most
 * MAX_DIFF_RATIO of all pixels) differ. The same build in the same engine on the
 * same fonts renders nearly identically: WebKit was seen to vary up to ~40
 * grey levels on a few dozen edge pixels of rounded borders between runs,
 * which this absorbs; a moved box, a changed colour or a new word exceeds it.
 */
export const TOLERANCE = Object.freeze({ PIXEL_THRESHOLD: 0.1, MAX_DIFF_PIXELS: 64, MAX_DIFF_RATIO: 0.0002 });

/** The tallest screenshot kept: a long story is cropped to its top this many CSS pixels. */
export const MAX_HEIGHT = 700;

export const decode = (buffer) => PNG.sync.read(buffer);
export const encode = (png) => PNG.sync.write(png, { colorType: 2, deflateLevel: 9 });

/** A copy of the width×height rectangle of `png` at (x, y), clamped to the image (at least 1×1). */
export function crop(png, x, y, width, height) {
  const left = Math.min(Math.max(0, Math.round(x)), png.width - 1);
  const top = Math.min(Math.max(0, Math.round(y)), png.height - 1);
  const w = Math.max(1, Math.min(png.width - left, Math.round(width)));
  const h = Math.max(1, Math.min(png.height - top, Math.round(height)));
  const out = new PNG({ width: w, height: h });
  PNG.bitblt(png, out, left, top, w, h, 0, 0);
  return out;
}

/**
 * Compares a screenshot with its baseline. Returns { match, reason, diffPixels, diff }:
 * `diff` is a PNG of the differences (red) when the sizes agree.
 */
export function compare(actual, baseline, tolerance = TOLERANCE) {
  if (actual.width !== baseline.width || actual.height !== baseline.height) {
    return {
      match: false,
      reason: `size ${actual.width}×${actual.height}, baseline ${baseline.width}×${baseline.height}`,
      diffPixels: Infinity,
    };
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const diffPixels = pixelmatch(actual.data, baseline.data, diff.data, actual.width, actual.height, {
    threshold: tolerance.PIXEL_THRESHOLD,
    includeAA: false,
  });
  const allowed = Math.min(tolerance.MAX_DIFF_PIXELS, Math.floor(actual.width * actual.height * tolerance.MAX_DIFF_RATIO) || 0);
  const match = diffPixels <= Math.max(allowed, 0);
  return {
    match,
    reason: match ? '' : `${diffPixels} pixels differ (at most ${allowed} allowed)`,
    diffPixels,
    diff,
  };
}

/** The same size and every pixel the same (two screenshots of a page that stopped changing). */
export function identical(a, b) {
  return a.width === b.width && a.height === b.height && a.data.equals(b.data);
}
