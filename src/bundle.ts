// The entry of `dist/comment-thread.js`, the module a `<script type="module">` loads.
export * from './index.js';
