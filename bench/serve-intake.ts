import express from 'express';
import type { AddressInfo } from 'node:net';
import { startBenchServer } from './lib.js';

/**
 * A child process for bench/intake-api.ts, so the server and autocannon each get a core.
 * `ours`: Yishi on a fresh SQLite file; `bare`: Express with the same JSON parser and no database.
 * Prints one JSON line with its URL, then serves until stdin closes; on exit prints the stored count.
 */
const mode = process.argv[2];
if (mode === 'bare') {
  const app = express();
  app.use(express.json({ limit: '100kb' }));
  app.post('/echo', (req, res) =>
    res.status(201).json({ receipt: 'ABCDEFGH', title: (req.body as { title: string }).title }),
  );
  const server = app.listen(0, '127.0.0.1', () =>
    console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo` })),
  );
  process.stdin.on('end', () => process.exit(0)).resume();
} else {
  const srv = await startBenchServer({ intakeRateLimit: { perAddress: 10_000_000, perDevice: 10_000_000 } });
  const before = await srv.db.models.Topic.count();
  console.log(JSON.stringify({ url: `${srv.url}/api/intake/${srv.intakeCodes[0]}/topics`, before }));
  process.stdin
    .on('end', async () => {
      console.log(
        JSON.stringify({
          stored: (await srv.db.models.Topic.count()) - before,
          rssMb: Math.round(process.memoryUsage().rss / 1e6),
        }),
      );
      await srv.close();
      process.exit(0);
    })
    .resume();
}
