// `npm run analyze` writes custom-elements.json from the elements' JSDoc;
// `npm test` fails when the committed file differs from a fresh analysis.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
};
