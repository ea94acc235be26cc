import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { io, type Socket } from 'socket.io-client';

/** Socket clients, server children and timing rounds shared by the socket benchmarks. */

export const connect = (url: string, headers: Record<string, string> = {}) =>
  new Promise<Socket>((resolve, reject) => {
    const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });

/** Connects (and prepares) many clients, `batch` at a time so the server is not flooded by handshakes. */
export async function connectAll<T>(
  items: T[],
  fn: (x: T, i: number) => Promise<Socket>,
  batch = 100,
): Promise<Socket[]> {
  const out: Socket[] = [];
  for (let i = 0; i < items.length; i += batch)
    out.push(...(await Promise.all(items.slice(i, i + batch).map((x, j) => fn(x, i + j)))));
  return out;
}

/**
 * A server in a child process, so clients and server do not share a core. It prints one JSON
 * object per line; `next()` reads the next one, `send()` writes a command line to its stdin.
 */
export interface ServerChild {
  proc: ChildProcess;
  next(): Promise<Record<string, any>>;
  send(line: string): void;
  rssMb(): Promise<number>;
  stop(): Promise<void>;
}

export function serverChild(script: string, args: string[], env: NodeJS.ProcessEnv = {}): ServerChild {
  const proc = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const queue: string[] = [];
  const waiters: ((l: string) => void)[] = [];
  createInterface({ input: proc.stdout! }).on('line', (l) => {
    if (!l.startsWith('{')) return;
    (waiters.shift() ?? ((x: string) => queue.push(x)))(l);
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const next = () =>
    new Promise<Record<string, any>>((resolve, reject) => {
      if (queue.length) return resolve(JSON.parse(queue.shift()!));
      waiters.push((l) => resolve(JSON.parse(l)));
      void exited.then(() => reject(new Error(`${script} ${args.join(' ')} exited`)));
    });
  const send = (line: string) => proc.stdin!.write(`${line}\n`);
  return {
    proc,
    next,
    send,
    async rssMb() {
      send('rss');
      return (await next()).rssMb as number;
    },
    async stop() {
      proc.stdin!.end();
      await exited;
    },
  };
}

/** Per round: every client's latency, and the time until the last one had it. */
export interface Rounds {
  all: number[];
  last: number[];
}

/** Triggers `rounds` times and waits each time until every socket has an accepted `event`. */
export async function measureRounds(
  sockets: Socket[],
  event: string,
  rounds: number,
  trigger: (round: number) => void,
  accept: (payload: any, round: number) => boolean,
): Promise<Rounds> {
  const result: Rounds = { all: [], last: [] };
  for (let round = 1; round <= rounds; round++) {
    const start = performance.now();
    const arrivals = sockets.map(
      (s) =>
        new Promise<number>((resolve) => {
          const on = (payload: unknown) => {
            if (!accept(payload, round)) return;
            s.off(event, on);
            resolve(performance.now() - start);
          };
          s.on(event, on);
        }),
    );
    trigger(round);
    const times = await Promise.all(arrivals);
    result.all.push(...times);
    result.last.push(Math.max(...times));
    await new Promise((r) => setTimeout(r, 50));
  }
  return result;
}
