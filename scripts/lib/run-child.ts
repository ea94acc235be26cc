import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildRun {
  code: number | null;
  stdout: string;
  /** stdout and stderr as they arrived, for checks whose output is shown when they fail. */
  output: string;
  ms: number;
  /** Set when the runner killed the child, saying why. */
  killedFor: string;
}

export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  /** Each complete output line, for streaming with a prefix. */
  onLine?: (line: string) => void;
  timeoutMs: number;
  /**
   * Once uvu's summary is out, the file has this long (after its last output) to exit. Open handles (a timer, a socket)
   * left by a test otherwise keep it alive until the full timeout, and they are worth a failure:
   * the same leak stops the real server from shutting down.
   */
  graceAfterSummaryMs?: number;
}

const running = new Set<ChildProcess>();

/** Kills every child's process group (servers, Chromium); used on Ctrl-C and SIGTERM. */
export function killAll(): void {
  for (const child of running) killGroup(child);
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

export function runChild(cmd: string, args: string[], options: ChildOptions): Promise<ChildRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    // Own process group, so a timeout also takes down what the test started (Chromium, servers).
    const child = spawn(cmd, args, {
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    running.add(child);
    let stdout = '';
    let output = '';
    let killedFor = '';
    const kill = (why: string) => {
      killedFor ||= why;
      killGroup(child);
    };
    const timeout = setTimeout(() => kill(`killed after ${options.timeoutMs / 1000} s`), options.timeoutMs);
    let grace: NodeJS.Timeout | undefined;
    const partial = { out: '', err: '' };
    let summarySeen = false;
    const relay = (stream: 'out' | 'err', text: string) => {
      output += text;
      if (stream === 'out') stdout += text;
      const lines = (partial[stream] + text).split('\n');
      partial[stream] = lines.pop()!;
      for (const line of lines) options.onLine?.(line);
      // Restarted on every output, so a second suite run after a top-level await is not cut short.
      const ms = options.graceAfterSummaryMs;
      summarySeen ||= stream === 'out' && /^\s*Duration:\s+[\d.]+m?s$/m.test(stdout.slice(-4096));
      if (summarySeen && ms !== undefined) {
        clearTimeout(grace);
        grace = setTimeout(() => kill(`still running ${ms / 1000} s after its summary: open handles?`), ms);
      }
    };
    // Decoding on the stream keeps a Chinese character split across two chunks whole.
    child.stdout!.setEncoding('utf8').on('data', (text: string) => relay('out', text));
    child.stderr!.setEncoding('utf8').on('data', (text: string) => relay('err', text));
    child.on('error', (err) => {
      output += `${err}\n`;
      options.onLine?.(String(err));
    });
    child.on('close', (code) => {
      clearTimeout(timeout);
      clearTimeout(grace);
      running.delete(child);
      for (const rest of [partial.out, partial.err]) if (rest) options.onLine?.(rest);
      resolve({ code, stdout, output, ms: Date.now() - started, killedFor });
    });
  });
}
