import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { ENTRIES, esbuildOptions, writeManifest, writeShell, type BuiltEntry } from './build-client.js';

/**
 * `npm run dev`: rebuilds the client on change (esbuild watch, unminified) and restarts the
 * server when server/ or shared/ changes — and after each client rebuild, because the server
 * reads the manifest and HTML shells once at start.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'dist', 'client');
const built: Record<string, BuiltEntry> = {};

let server: ChildProcess | null = null;
let firstBuildDone: () => void = () => undefined;
const firstBuild = new Promise<void>((resolve) => (firstBuildDone = resolve));
let restartTimer: NodeJS.Timeout | null = null;

function startServer(): void {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    // A restart replaces `server` before stopping the old one; only a crash is worth a line.
    if (child === server) console.log(`[dev] server exited (${signal ?? code}); waiting for a change`);
  });
  server = child;
}

/** Stops the server gracefully (it tells sockets to reconnect), then starts it again. */
async function restartServer(reason: string): Promise<void> {
  console.log(`[dev] restarting server: ${reason}`);
  const old = server;
  server = null;
  if (old && old.exitCode === null && old.signalCode === null) {
    const exited = new Promise((resolve) => old.once('exit', resolve));
    old.kill('SIGTERM');
    const force = setTimeout(() => old.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(force);
  }
  startServer();
}

/** Editors write several files per save; one restart covers them. */
function scheduleRestart(reason: string): void {
  if (restartTimer) clearTimeout(restartTimer);
  restartTimer = setTimeout(() => void restartServer(reason), 150);
}

fs.rmSync(OUT_DIR, { recursive: true, force: true });
fs.mkdirSync(OUT_DIR, { recursive: true });

const contexts = await Promise.all(
  ENTRIES.map((entry) =>
    esbuild.context({
      ...esbuildOptions(entry, OUT_DIR, false),
      plugins: [
        {
          name: 'yishi-shell',
          setup(build) {
            build.onEnd((result) => {
              if (result.errors.length || !result.metafile) return;
              built[entry.name] = writeShell(entry, OUT_DIR, result.metafile);
              if (Object.keys(built).length < ENTRIES.length) return;
              writeManifest(OUT_DIR, built);
              console.log(`[dev] client ${entry.name} built`);
              if (server) scheduleRestart(`client ${entry.name} rebuilt`);
              else firstBuildDone();
            });
          },
        },
      ],
    }),
  ),
);
// Watch mode starts with a build; every entry must land before the server reads the manifest.
await Promise.all(contexts.map((c) => c.watch()));
await firstBuild;
startServer();

for (const dir of ['server', 'shared']) {
  fs.watch(path.join(ROOT, dir), { recursive: true }, (_event, file) => {
    if (file && /\.(ts|json)$/.test(file)) scheduleRestart(`${dir}/${file} changed`);
  });
}

const stop = async () => {
  await Promise.all(contexts.map((c) => c.dispose()));
  server?.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
