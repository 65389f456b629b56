// `npm run analyze` writes custom-elements.json from the elements' JSDoc;
// `npm test` fails when the committed file differs from a fresh analysis.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  // Never rewrite package.json's customElements field (an --outdir elsewhere would point it there).
  packagejson: false,
  plugins: [
    {
      // The analyzer lists modules in the order the file system returns them, which differs between
      // machines; sorting by path makes the manifest the same on every clone.
      name: 'sort-modules-by-path',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      },
    },
    {
      // The manifest documents the public API: `#private` members are implementation (and would
      // make every internal edit stale the committed file).
      name: 'leave-out-private-members',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (Array.isArray(declaration.members)) {
              declaration.members = declaration.members.filter(
                (member) => member.privacy !== 'private' && !String(member.name).startsWith('#'),
              );
            }
          }
        }
      },
    },
  ],
};
