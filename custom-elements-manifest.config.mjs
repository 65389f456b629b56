// `npm run analyze` writes custom-elements.json from the elements' JSDoc;
// `npm test` fails when the committed file differs from a fresh analysis.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  // Never rewrite package.json's customElements field (an --outdir elsewhere would point it there).
  packagejson: false,
};
