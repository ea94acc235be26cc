import { common } from '../../shared/i18n/messages/common.js';
import { errors } from '../../shared/i18n/messages/errors.js';
import { shell } from '../../shared/i18n/messages/shell.js';

/**
 * The message files the staff entry carries: the shell (menu, login, home, error pages, the
 * password dialog) and the error messages any page may show. Each page group brings the rest
 * with it (client/app/pages/<group>-messages.ts). Free of the DOM so
 * test/unit/staff-bundle.test.ts can check every key each part uses is where it loads.
 */
export const SHELL_CATALOGUES = [errors, common, shell];
