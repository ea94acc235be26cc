import os from 'node:os';
import { systemClock } from '../clock.js';
import { localCluster } from '../cluster/index.js';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/index.js';
import { createLogger } from '../logger.js';
import type { Principal } from '../services/access.js';
import { createServices, type Services } from '../services/index.js';

/** Exit codes every command uses (README, "Operating"). */
export const EXIT = { ok: 0, failed: 1, usage: 2, notFound: 3, conflict: 4 } as const;

/** What a command hands back: its exit code, the JSON it prints with --json, and its lines for a person. */
export interface CliResult {
  code: number;
  json: unknown;
  lines: string[];
}

export interface CliContext {
  config: Config;
  db: Database;
  services: Services;
  /** The operator as the services see them: admin of every root organisation, named `cli:<OS user>`. */
  operator: Principal;
  close(): Promise<void>;
}

/** `cli:<OS user>` (SUDO_USER first: the person behind `sudo`, not root). */
export function operatorName(env: NodeJS.ProcessEnv = process.env): string {
  let user = env.SUDO_USER || env.USER || env.LOGNAME;
  if (!user) {
    try {
      user = os.userInfo().username;
    } catch {
      user = 'unknown';
    }
  }
  return `cli:${user}`;
}

/**
 * Opens the database of DATABASE_URL, as the service does, and the same services over it. It does
 * not migrate: a command against a database the service has not migrated stops and says so.
 */
export async function openContext(env: NodeJS.ProcessEnv = process.env): Promise<CliContext> {
  const config = loadConfig(env);
  const db = await openDatabase(config.databaseUrl);
  try {
    const pending = await db.pendingMigrations();
    if (pending.length)
      throw new CliError(
        EXIT.failed,
        `the database is not migrated (${pending.length} pending): start the service once (npm start), then retry`,
      );
    const ctx = await contextOver(db, config, env);
    return {
      ...ctx,
      async close() {
        await ctx.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** The services over an open database; closing leaves the database open (its owner closes it). */
export async function contextOver(db: Database, config: Config, env: NodeJS.ProcessEnv): Promise<CliContext> {
  const logger = createLogger('silent');
  const cluster = localCluster(logger);
  const services = createServices({ db, clock: systemClock, logger, config, cluster });
  const roots = await db.models.Organisation.findAll({ where: { parentId: null }, attributes: ['id'] });
  const operator: Principal = {
    userId: 0,
    operator: operatorName(env),
    memberships: roots.map((o, i) => ({ id: -1 - i, organisationId: o.id, role: 'admin' as const })),
  };
  return {
    config,
    db,
    services,
    operator,
    async close() {
      services.metrics.close();
      await cluster.close();
    },
  };
}

/** A failure with its exit code and a message for the operator. */
export class CliError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** The user named `username`, or a CliError with exit code 3. */
export async function findUser(ctx: CliContext, username: string) {
  const user = await ctx.db.models.User.findOne({ where: { username: username.toLowerCase() } });
  if (!user) throw new CliError(EXIT.notFound, `no user named "${username}"`);
  return user;
}
