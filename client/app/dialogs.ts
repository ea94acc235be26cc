import type { IssuedPassword } from '../../shared/schemas/user.js';
import type { ConfirmDialog } from '../components/confirm-dialog.js';
import type { PasswordDialog } from '../components/password-dialog.js';

interface Dialogs {
  confirm: ConfirmDialog;
  password: PasswordDialog;
}

let dialogs: Dialogs | null = null;

/**
 * The shell renders one confirm dialog and one password dialog inside <main> and registers them
 * here; pages and the header ask through the functions below. One of each keeps test hooks
 * (`confirm-yes`, `issued-password`) unique on the page.
 */
export function registerDialogs(d: Dialogs): void {
  dialogs = d;
}

function registered(): Dialogs {
  if (!dialogs) throw new Error('dialogs are rendered by <yishi-app>, which is not on the page');
  return dialogs;
}

/** Asks before a destructive action; resolves true on confirm. */
export const confirmAction = (text: string, confirmLabel?: string): Promise<boolean> =>
  registered().confirm.ask(text, confirmLabel);

/** Shows a one-time password once; resolves when the dialog is open. */
export const showIssuedPassword = (issued: IssuedPassword): Promise<void> => registered().password.show(issued);
