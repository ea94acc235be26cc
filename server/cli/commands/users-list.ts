import { Op } from 'sequelize';
import type { CliCommand } from '../command.js';
import { EXIT } from '../context.js';

/** Every staff account with roles, disabled and locked state. */
export const usersList: CliCommand = {
  name: 'users:list',
  summary: 'List staff accounts with their roles and whether they are disabled or locked',
  define: (cmd) => cmd.option('--search <text>', 'only usernames or names containing this'),
  async run({ options, ctx }) {
    const q = options.search as string | undefined;
    const { items } = await ctx!.services.users.list(ctx!.operator, {
      ...(q ? { q } : {}),
      offset: 0,
      limit: 1_000_000,
    });
    const now = ctx!.services.clock.now();
    const locks = await ctx!.db.models.User.findAll({
      where: { id: { [Op.in]: items.map((u) => u.id) } },
      attributes: ['id', 'lockedUntil'],
    });
    const lockedUntil = new Map(locks.map((u) => [u.id, u.lockedUntil && u.lockedUntil > now ? u.lockedUntil : null]));
    const users = items.map((u) => ({
      username: u.username,
      displayName: u.displayName,
      disabled: u.disabled,
      lockedUntil: lockedUntil.get(u.id)?.toISOString() ?? null,
      roles: u.memberships.map((m) => ({
        role: m.role,
        organisationId: m.organisationId,
        organisation: m.organisationName,
      })),
    }));
    const lines = users.map((u) => {
      const state = [u.disabled ? 'disabled' : '', u.lockedUntil ? `locked until ${u.lockedUntil}` : ''].filter(
        Boolean,
      );
      const roles = u.roles.map((r) => `${r.role}@${r.organisation}(${r.organisationId})`).join(', ');
      return `${u.username.padEnd(22)} ${u.displayName.padEnd(12)} ${roles}${state.length ? `  [${state.join(', ')}]` : ''}`;
    });
    return { code: EXIT.ok, json: { users }, lines: lines.length ? lines : ['(no users)'] };
  },
};
