import { createContext } from '@lit/context';
import type { ThreadModel } from './thread-model.js';

/**
 * The thread model `<comment-thread>` provides to the forms inside it, so that they post and
 * edit through it. The key is a global symbol, so two copies of this package on one page still meet.
 */
export const threadModelContext = createContext<ThreadModel | undefined>(Symbol.for('comment-thread/thread-model'));
