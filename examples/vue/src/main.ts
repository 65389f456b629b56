import { createApp } from 'vue';
// Registers <comment-thread> (and the form and picker it contains).
import 'comment-thread/comment-thread';
import App from './App.vue';

createApp(App).mount('#app');
