import type { CliCommand } from '../command.js';
import { EXIT, findUser } from '../context.js';

/** Lifts the 15-minute lockout after five failed logins; the password is unchanged. */
export const userUnlock: CliCommand = {
  name: 'user:unlock',
  summary: 'Lift the lockout after failed logins (the password stays)',
  define: (cmd) => cmd.argument('<user>', 'username'),
  async run({ args, ctx }) {
    const user = await findUser(ctx!, args[0]!);
    const { wasLocked } = await ctx!.services.users.unlock(ctx!.operator, user.id);
    return {
      code: EXIT.ok,
      json: { username: user.username, wasLocked },
      lines: [wasLocked ? `${user.username} is unlocked.` : `${user.username} was not locked; nothing changed.`],
    };
  },
};
