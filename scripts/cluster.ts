import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createClient } from 'redis';
import { lanAddress } from '../server/config.js';
import { createBalancer } from './lib/balancer.js';

/**
 * `npm run cluster`: two Yishi instances and a small load balancer in front of them, on one
 * machine, to try several instances out (production: nginx, see README "Several instances").
 *
 *   PORT (3000)        the balancer; instances listen on PORT+1 and PORT+2
 *   DATABASE_URL       PostgreSQL (default postgres://postgres@127.0.0.1:5432/yishi_cluster, created if missing)
 *   REDIS_URL          default redis://127.0.0.1:6379
 *
 * Stop one instance (its pid is printed) and the page keeps working through the other.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 3000);
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/yishi_cluster';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const publicUrl = process.env.PUBLIC_URL ?? `http://${lanAddress()}:${port}`;

function fail(message: string): never {
  console.error(`npm run cluster: ${message}`);
  process.exit(1);
}

if (!databaseUrl.startsWith('postgres')) fail('several instances need PostgreSQL: set DATABASE_URL=postgres://…');

/** Creates the database on first use, as `createdb` would. */
async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^\w+$/.test(name)) fail(`database name ${name} must be letters, digits and _`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) {
      await client.query(`CREATE DATABASE ${name}`);
      console.log(`[cluster] created database ${name}`);
    }
  } catch (err) {
    fail(`PostgreSQL at ${target.host} is not usable (${(err as Error).message})`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis(url: string): Promise<void> {
  const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 3_000 } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    fail(`Redis at ${url} is not reachable (${(err as Error).message})`);
  } finally {
    if (client.isOpen) await client.close();
  }
}

const instances: ChildProcess[] = [];

function startInstance(name: string, instancePort: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(instancePort),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      PUBLIC_URL: publicUrl,
      // The balancer's own port on this machine is a page of the service too (server/http/origins.ts).
      YISHI_ALLOWED_ORIGINS: process.env.YISHI_ALLOWED_ORIGINS ?? `http://localhost:${port},http://127.0.0.1:${port}`,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  instances.push(child);
  return new Promise((resolve, reject) => {
    const print = (line: string) => {
      // The welcome text names the instance's own port; the balancer's address is the one to open.
      if (/^\s+议事 Yishi is running/.test(line)) return resolve();
      console.log(line.trim() ? `[${name}] ${line}` : '');
    };
    createInterface({ input: child.stdout! }).on('line', print);
    createInterface({ input: child.stderr! }).on('line', print);
    child.once('exit', (code, signal) => {
      console.log(`[cluster] instance ${name} (pid ${child.pid}) exited (${signal ?? code})`);
      reject(new Error(`instance ${name} stopped`));
    });
  });
}

await ensureDatabase(databaseUrl);
await checkRedis(redisUrl);
// One after the other: the first migrates and seeds (printing the passwords once), then the second.
await startInstance('A', port + 1);
await startInstance('B', port + 2).catch(() => fail('instance B did not start'));

const balancer = createBalancer([`http://127.0.0.1:${port + 1}`, `http://127.0.0.1:${port + 2}`]);
await new Promise<void>((resolve) => balancer.listen(port, '0.0.0.0', resolve));
console.log(`
  议事 Yishi cluster: ${publicUrl}/  (this machine: http://localhost:${port}/)
    balancer :${port} → A :${port + 1} (pid ${instances[0]!.pid}), B :${port + 2} (pid ${instances[1]!.pid})
    database ${new URL(databaseUrl).pathname.slice(1)} · Redis ${redisUrl}
  Stop one instance (kill <pid>) and the page carries on through the other. Ctrl-C stops all.
`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  balancer.close();
  balancer.closeAllConnections();
  const exits = instances
    .filter((c) => c.exitCode === null && c.signalCode === null)
    .map((c) => {
      const exited = new Promise((resolve) => c.once('exit', resolve));
      c.kill('SIGTERM');
      return exited;
    });
  void Promise.all(exits).then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
