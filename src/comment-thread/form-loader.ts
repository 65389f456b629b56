/**
 * The form's code (`<comment-form>`, `<login-picker>`, their styles, drafts and identity) is not
 * part of a thread's first load: the thread starts fetching it once its first comments have
 * painted, when the browser is idle, and at once when the reader reaches for the form.
 */
type FormModule = typeof import('../comment-form/define.js');

let loading: Promise<FormModule> | undefined;

/** Loads (once) and defines `<comment-form>` and `<login-picker>`; a failed fetch is tried again next time. */
export function loadForm(): Promise<FormModule> {
  if (!loading) {
    // The sign-in picker's brand icons, a chunk of their own (the picker imports them on demand):
    // asked for beside the form's code, so they are in when the picker first shows its options.
    void import('../login-picker/brands.js').catch(() => undefined);
    // A post is followed (focus, announcement) by code that comes with the dialogs.
    void loadDialogs().catch(() => undefined);
  }
  return (loading ??= import('../comment-form/define.js').catch((error: unknown) => {
    loading = undefined;
    throw error;
  }));
}

type DialogsModule = typeof import('./dialogs-template.js');

let dialogs: Promise<DialogsModule> | undefined;
let dialogsLoaded: DialogsModule | undefined;

/**
 * Loads (once) a comment's delete and report dialogs with their writes and the gestures that lead
 * to them (`action-gestures.ts`); a failed fetch is tried again next time.
 */
export function loadDialogs(): Promise<DialogsModule> {
  return (dialogs ??= import('./dialogs-template.js').then(
    (module) => (dialogsLoaded = module),
    (error: unknown) => {
      dialogs = undefined;
      throw error;
    },
  ));
}

/** The dialogs' module once it is in, so what needs it can act in the same task. */
export const loadedDialogs = (): DialogsModule | undefined => dialogsLoaded;

/** After how long an idle moment is not waited for any more, in milliseconds. */
export const IDLE_TIMEOUT_MS = 1500;

/** Loads the form when the browser is next idle (or after {@link IDLE_TIMEOUT_MS} at the latest). */
export function preloadFormWhenIdle(): void {
  if (loading || customElements.get('comment-form')) return;
  const start = () => {
    void loadForm().catch(() => undefined);
    void loadDialogs().catch(() => undefined);
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: IDLE_TIMEOUT_MS });
  else setTimeout(start, 50);
}
