import http from 'node:http';
import { systemClock } from './clock.js';
import { createApp } from './app.js';
import { connectCluster, localCluster } from './cluster/index.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/index.js';
import { createLogger } from './logger.js';
import { seedIfFirstStart, type Welcome } from './first-start.js';

/** Reads the configuration, migrates, seeds a first run, listens, and stops gracefully. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // With REDIS_URL set, an unreachable Redis stops the start here (RedisUnavailableError says why).
  const cluster = config.redisUrl
    ? await connectCluster(config.redisUrl, config.redisKeyPrefix, logger)
    : localCluster(logger);
  const db = await openDatabase(config.databaseUrl, logger);
  const welcome = await db.startupLock(async () => {
    const applied = await db.migrate();
    if (applied.length) logger.info({ applied }, 'migrations applied');
    return seedIfFirstStart(db);
  });

  const app = createApp({ db, clock: systemClock, logger, config, cluster });
  await new Promise<void>((resolve) => app.server.listen(config.port, config.host, resolve));
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    {
      port,
      publicUrl: config.publicUrl,
      dialect: db.dialect,
      instance: cluster.instanceId,
      redis: cluster.redis?.where,
    },
    'listening',
  );
  // Prometheus scrapes a port of its own when one is set, kept off the public network.
  const metricsServer = config.metrics.port ? http.createServer(app.metricsListener) : null;
  if (metricsServer) {
    await new Promise<void>((resolve) => metricsServer.listen(config.metrics.port!, config.host, resolve));
    logger.info({ port: config.metrics.port }, 'metrics listening');
  }
  // The public boards' short addresses are stable and public: shown at every start, not only the first.
  const boards = await db.models.Organisation.findAll({
    where: { kind: 'village' },
    attributes: ['name', 'boardCode'],
    order: [['id', 'ASC']],
    limit: BOARDS_SHOWN + 1,
  });
  printWelcome(config.publicUrl, port, welcome, boards);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      metricsServer?.close();
      await app.close();
      await cluster.close();
      await db.close();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Villages whose public board the start-up output lists; the rest are one click away on each board. */
const BOARDS_SHOWN = 10;

/** Plain console output on purpose: a newcomer reads this, not a log processor. */
function printWelcome(
  publicUrl: string,
  port: number,
  welcome: Welcome | null,
  boards: { name: string; boardCode: string | null }[],
): void {
  const { firstRun, demo, bodyMeeting } = welcome ?? { firstRun: null, demo: null, bodyMeeting: null };
  const lines = ['', `  议事 Yishi is running: ${publicUrl}/  (this machine: http://localhost:${port}/)`];
  if (firstRun) {
    lines.push('', '  First start — these passwords are shown only once, write them down:');
    lines.push(`    admin / ${firstRun.admin.password}    (管理员, ${firstRun.admin.organisation})`);
    if (firstRun.demo.length) {
      lines.push('', '  Demo accounts (演示账号):');
      for (const u of firstRun.demo) lines.push(`    ${u.username} / ${u.password}    (${u.role}, ${u.organisation})`);
    }
  }
  if (bodyMeeting) {
    const b = bodyMeeting;
    lines.push('', `  The live demo meeting (演示会议): ${b.title}`);
    lines.push(
      `    who counts: the ${b.entitled} members of ${b.bodyName} today, frozen at opening; ${b.present} present, ${b.pending} waiting at the desk (签到台)`,
    );
    lines.push(`    console (主持台, log in as demo-convener): ${b.consoleUrl}`);
    lines.push(`    projector (投屏, no login; open on the hall PC): ${b.screenUrl}`);
    lines.push(`    pass sheet (参会证 A4 PDF: 打印参会证, log in as demo-convener): ${b.passSheetUrl}`);
  }
  if (demo?.meeting) {
    const m = demo.meeting;
    lines.push(
      '',
      `  ${bodyMeeting ? 'Another live meeting, its list typed by hand' : 'A live demo meeting'} (演示会议): ${m.title}`,
    );
    lines.push(`    console (主持台, log in as demo-convener): ${m.consoleUrl}`);
    lines.push(`    projector (投屏, no login; open on the hall PC): ${m.screenUrl}`);
    lines.push(`    ${m.inviteName} follows from the city (远程参会链接): ${m.inviteUrl}`);
  }
  if (demo?.intakeUrls.length) {
    lines.push('', '  Residents propose topics here (扫码提议题 — print the poster at /intake-codes):');
    for (const u of demo.intakeUrls) lines.push(`    ${u.url}    (${u.organisation})`);
  }
  if (demo?.studio) {
    lines.push('', `  Reception day (接待日取号) at ${demo.studio.name}:`);
    lines.push(`    ${demo.studio.url}    (waiting-room screen: ${demo.studio.url}/screen)`);
  }
  if (boards.length) {
    lines.push('', '  Public boards (公开栏: decisions and results, no login):');
    for (const b of boards.slice(0, BOARDS_SHOWN))
      if (b.boardCode) lines.push(`    ${publicUrl}/b/${b.boardCode}    (${b.name})`);
    if (boards.length > BOARDS_SHOWN) lines.push('    …');
  }
  lines.push('');
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error('Yishi failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
