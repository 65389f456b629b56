import type { LocalizeController } from '../controllers/localize-controller.js';
import { overLimit } from '../core/limits.js';
import { safeHttpUrl } from '../core/url.js';
import type { FieldErrors, FieldLimits } from '../types.js';

/*
 * What `<comment-form>` checks before posting, and how it edits an HTML body: plain functions of
 * the form's values, tested through the form.
 */

/** The fields in the order the form shows them: the first with an error takes focus. */
export const FIELD_ORDER = ['name', 'email', 'url', 'body'] as const;

export interface FormValues {
  body: string;
  guest: { name: string; email: string; url: string };
  /** Guest details are asked for (a guest posting a new comment where guests may). */
  asksGuestDetails: boolean;
  requiredFields: readonly string[];
  /** The reader ticked "Notify me", which a guest can only have with an email. */
  wantsNotify: boolean;
  /** The browser found the email field's value malformed (`validity.typeMismatch`). */
  emailMismatch: boolean;
  fieldLimits: FieldLimits | null;
}

/** The message for a value over its field's limit, or '' when it fits. */
export function tooLong(l10n: LocalizeController, value: string, field: keyof FieldErrors, limits: FieldLimits | null): string {
  const over = overLimit(value, field, limits);
  if (!over) return '';
  return l10n.t(over.unit === 'utf16' ? 'tooLongCharacters' : 'tooLong', { max: over.max });
}

/** Every field's problem, localised (an empty object when all is well). */
export function validateForm(l10n: LocalizeController, v: FormValues): FieldErrors {
  const s = l10n.strings;
  const long = (value: string, field: keyof FieldErrors) => tooLong(l10n, value, field, v.fieldLimits);
  const errors: FieldErrors = {};
  if (!v.body.trim()) errors.body = s.bodyRequired;
  else if (long(v.body, 'body')) errors.body = long(v.body, 'body');
  if (!v.asksGuestDetails) return errors;
  const name = v.guest.name.trim();
  if (!name && v.requiredFields.includes('name')) errors.name = s.nameRequired;
  else if (long(name, 'name')) errors.name = long(name, 'name');
  const email = v.guest.email.trim();
  if (!email && v.requiredFields.includes('email')) errors.email = s.emailRequired;
  else if (!email && v.wantsNotify) errors.email = s.notifyNeedsEmail;
  else if (email && (v.emailMismatch || !email.includes('@'))) errors.email = s.emailInvalid;
  else if (long(email, 'email')) errors.email = long(email, 'email');
  const url = v.guest.url.trim();
  if (url && !safeHttpUrl(url, undefined)) errors.url = s.urlInvalid;
  else if (long(url, 'url')) errors.url = long(url, 'url');
  return errors;
}

/** The selector of the control that takes focus for the first field with an error, if any. */
export function firstInvalid(errors: FieldErrors): string | undefined {
  const first = FIELD_ORDER.find((field) => errors[field]);
  return first === undefined ? undefined : first === 'body' ? 'textarea' : `input[name="${first}"]`;
}

/**
 * An HTML body (WordPress keeps comments so) as the Markdown it stands for, converted by a module
 * loaded only now; if that cannot load, its text, so no word is lost.
 */
export function htmlForEditing(html: string): Promise<string> {
  return import('../core/html-to-markdown.js')
    .then((module) => module.htmlToMarkdown(html))
    .catch(
      () =>
        new DOMParser()
          .parseFromString(html.replace(/<br\s*\/?>\s*/gi, '\n').replace(/<\/(?:p|li|pre|blockquote|h\d)>\s*/gi, '\n\n'), 'text/html')
          .body.textContent?.replace(/\n\s*\n\s*/g, '\n\n')
          .trim() ?? '',
    );
}
