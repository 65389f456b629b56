import type { StorybookConfig } from '@storybook/web-components-vite';
import type { Plugin } from 'vite';

/**
 * package.json's `sideEffects` names only the built registering modules
 * (`dist/*\/define.js`), so a bundle of the sources would drop the bare
 * `import '…/define.js'` that registers an element. Mark the source ones too.
 */
const registeringModules: Plugin = {
  name: 'comment-thread:registering-modules',
  transform(code, id) {
    if (/[\\/]src[\\/](?:[^\\/]+[\\/]define|locale[\\/]all)\.ts$/.test(id)) {
      return { code, map: null, moduleSideEffects: true };
    }
    return undefined;
  },
};

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts', '../stories/**/*.mdx'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true },
  viteFinal: (viteConfig) => ({
    ...viteConfig,
    plugins: [...(viteConfig.plugins ?? []), registeringModules],
    // Storybook's own preview and docs bundles are large by nature; the warning says nothing about ours.
    build: { ...viteConfig.build, chunkSizeWarningLimit: 4096 },
  }),
};

export default config;
