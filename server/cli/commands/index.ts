import type { CliCommand } from '../command.js';
import { adminCreate } from './admin-create.js';
import { adminResetPassword } from './admin-reset-password.js';
import { doctor } from './doctor.js';
import { registerImport } from './register-import.js';
import { userUnlock } from './user-unlock.js';
import { usersList } from './users-list.js';

/**
 * Every command of `npm run yishi`, in the order `--help` lists them. A new command is a file in
 * this folder exporting a CliCommand, added here.
 */
export const COMMANDS: readonly CliCommand[] = [
  adminResetPassword,
  adminCreate,
  userUnlock,
  usersList,
  registerImport,
  doctor,
];
