import { CreateUserBody } from '../../../shared/schemas/user.js';
import type { CliCommand } from '../command.js';
import { CliError, EXIT } from '../context.js';

/** An admin of one organisation (and everything under it), with a one-time password. */
export const adminCreate: CliCommand = {
  name: 'admin:create',
  summary: 'Create an admin of an organisation and print their one-time password',
  define: (cmd) =>
    cmd
      .argument('<user>', 'username (letters, digits, - and _)')
      .requiredOption('--org <id>', 'organisation id (its admin manages it and everything under it)')
      .option('--name <displayName>', 'name shown in the app (default: the username)'),
  async run({ args, options, ctx }) {
    const body = CreateUserBody.safeParse({
      username: args[0],
      displayName: (options.name as string | undefined) ?? args[0],
      organisationId: Number(options.org),
      role: 'admin',
    });
    if (!body.success)
      throw new CliError(EXIT.usage, body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const org = await ctx!.db.models.Organisation.findByPk(body.data.organisationId);
    if (!org) throw new CliError(EXIT.notFound, `no organisation with id ${body.data.organisationId}`);
    const issued = await ctx!.services.users.create(ctx!.operator, body.data);
    return {
      code: EXIT.ok,
      json: { username: issued.user.username, id: issued.user.id, organisationId: org.id, password: issued.password },
      lines: [`Created admin ${issued.user.username} of ${org.name} (id ${org.id}). Password: ${issued.password}`],
    };
  },
};
