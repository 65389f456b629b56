import { createContext } from '@lit/context';
import type { CommentDataProvider } from './types.js';

/**
 * The data provider, handed down the DOM through `@lit/context`. The key is a
 * global symbol, so two copies of this package on one page still meet.
 */
export const providerContext = createContext<CommentDataProvider | undefined>(
  Symbol.for('comment-thread/provider'),
);
