// What the library trims' node tests (scripts/lib/*-without-*.test.mjs) share: the repository, a
// module from its code, the hostile vectors, and our sanitiser bundled with a given DOMPurify.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';
import { DOMPURIFY_MODULE } from './dompurify-without-default-lists.mjs';

export const root = fileURLToPath(new URL('../../', import.meta.url));

/** An ES module from its source text. */
export const asModule = (code) => import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);

/** test/security/vectors.ts as a module. */
export const securityVectors = async () =>
  asModule((await transform(readFileSync(`${root}test/security/vectors.ts`, 'utf8'), { loader: 'ts' })).code);

/** src/core/markdown.ts bundled with DOMPurify's module as `purify` gives it. */
export async function markdownModule(purify) {
  const result = await build({
    entryPoints: [`${root}src/core/markdown.ts`],
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
    plugins: [{ name: 'purify', setup: (b) => b.onLoad({ filter: DOMPURIFY_MODULE }, () => ({ contents: purify, loader: 'js' })) }],
  });
  return asModule(result.outputFiles[0].text);
}
