/// <reference types="svelte" />
/// <reference types="vite/client" />
// Template types for <comment-thread>, <comment-form> and <login-picker>.
/// <reference types="comment-thread/svelte" />
