import type { CliCommand } from '../command.js';
import { EXIT, findUser } from '../context.js';

/**
 * A new one-time password for a user who forgot theirs (or an admin locked out of the web UI).
 * The product has no "must change password at next login" flag: the person is told to change it
 * themselves after logging in (账号设置 → 修改密码).
 */
export const adminResetPassword: CliCommand = {
  name: 'admin:reset-password',
  summary: 'Print a new one-time password for a user and end all their sessions',
  define: (cmd) => cmd.argument('<user>', 'username'),
  async run({ args, ctx }) {
    const user = await findUser(ctx!, args[0]!);
    const issued = await ctx!.services.users.resetPassword(ctx!.operator, user.id);
    return {
      code: EXIT.ok,
      json: { username: issued.user.username, password: issued.password, sessionsEnded: true },
      lines: [
        `New password for ${issued.user.username}: ${issued.password}`,
        'Their sessions have ended. Give it to them in person; ask them to change it after logging in.',
      ],
    };
  },
};
