/**
 * The paths a comment body takes through the parsers, each timed on the main thread: what a
 * reader's tab (and the writer's preview) does with a Markdown body and with an HTML body, and
 * what the form does to edit an HTML body.
 */
import { htmlToMarkdown } from '../../src/core/html-to-markdown.js';
import { renderBody } from '../../src/core/markdown.js';
import { FAMILIES, SIZES, repetitionsFor, type Family } from './families.js';

export const PIPELINES: Record<string, (input: string) => string> = {
  'Markdown → safe HTML (marked, DOMPurify)': (input) => renderBody(input),
  'HTML → safe HTML (DOMPurify)': (input) => renderBody(input, { format: 'html' }),
  'HTML → Markdown (turndown)': (input) => htmlToMarkdown(input),
};

export interface Measurement {
  family: string;
  construct: string;
  pipeline: string;
  /** Characters in the input. */
  size: number;
  ms: number;
  /** The error the pipeline threw, if it did (a time bound holds either way). */
  error?: string;
}

/** Runs one input through one pipeline and times it (main thread, `performance.now()`). */
export function measure(family: Family, pipeline: string, chars: number): Measurement {
  const input = family.make(repetitionsFor(family, chars));
  const run = PIPELINES[pipeline];
  const start = performance.now();
  let error: string | undefined;
  try {
    run(input);
  } catch (thrown) {
    error = String(thrown);
  }
  const ms = performance.now() - start;
  return { family: family.name, construct: family.construct, pipeline, size: input.length, ms, error };
}

/**
 * Every size of one family through one pipeline, smallest first, stopping at the first size over
 * `boundMs` (a parser gone exponential is not run at the next size).
 */
export function measureSizes(family: Family, pipeline: string, boundMs = Infinity, sizes: readonly number[] = SIZES): Measurement[] {
  const results: Measurement[] = [];
  for (const chars of sizes) {
    const result = measure(family, pipeline, chars);
    results.push(result);
    if (result.ms > boundMs) break;
  }
  return results;
}

export { FAMILIES, SIZES };
