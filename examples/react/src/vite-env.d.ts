/// <reference types="vite/client" />
// JSX types for <comment-thread>, <comment-form> and <login-picker>.
/// <reference types="comment-thread/react" />
