import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The package's tags are custom elements, not Vue components: Vue renders them
// as they are instead of trying to resolve them.
const customElementTags = new Set(['comment-thread', 'comment-form', 'login-picker']);

export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => customElementTags.has(tag) } } })],
});
