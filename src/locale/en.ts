import { enDialogs } from './en-dialogs.js';
import { enForm } from './en-form.js';
import { enReader } from './en-reader.js';

/**
 * The English strings: the seed's own wording where it has one. Every string
 * an element shows or announces, and every ARIA label, comes from here.
 * Plural entries are keyed by `Intl.PluralRules` category, plus `zero` for 0.
 *
 * Written in three parts, each loaded with the code that shows it: what a reader sees
 * (`./en-reader.ts`, in a thread's first load), the form's and the login picker's
 * (`./en-form.ts`) and a comment's delete and report dialogs' (`./en-dialogs.ts`). This module
 * is the whole table — every translation has each of its keys — for code that wants it all at once.
 */
export const en = { ...enReader, ...enForm, ...enDialogs };

export type CommentStrings = typeof en;
