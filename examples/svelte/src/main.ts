import { mount } from 'svelte';
// Registers <comment-thread> (and the form and picker it contains).
import 'comment-thread/comment-thread';
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
