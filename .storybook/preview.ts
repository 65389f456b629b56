import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
// Every bundled language, so the `lang` control can switch any story.
import '../src/locale/all.js';

// Autodocs: attributes, properties, events, slots, CSS parts and custom properties from the JSDoc.
setCustomElementsManifest(manifest);

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    controls: { expanded: true, sort: 'requiredFirst' },
    // The a11y panel runs axe-core on every story; a violation marks the story failed.
    a11y: { test: 'error' },
    layout: 'padded',
  },
};

export default preview;
