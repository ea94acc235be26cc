import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Sequelize } from 'sequelize';

/** Who holds a socket: a staff member, a projector (meeting screen link), or a phone (everyone else). */
export const SOCKET_KINDS = ['staff', 'projector', 'phone'] as const;
export type SocketKind = (typeof SOCKET_KINDS)[number];

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The service's Prometheus metrics, one registry per app (two apps in one process, as in tests,
 * never share a counter). Every label has a small, fixed set of values: route templates, never
 * raw paths; status codes; socket kinds; job names from the code; query types. No user, meeting
 * or organisation id is ever a label. Names are listed and held stable by test/integration/metrics.test.ts.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'yishi_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'yishi_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [this.registry],
  });
  readonly ballotBatches = new Counter({
    name: 'yishi_ballot_batches_total',
    help: 'Ballot batches committed (group commit, server/services/ballot-writer.ts)',
    registers: [this.registry],
  });
  readonly ballotsCommitted = new Counter({
    name: 'yishi_ballots_committed_total',
    help: 'Ballots written by committed batches',
    registers: [this.registry],
  });
  readonly ballotBatchDuration = new Histogram({
    name: 'yishi_ballot_batch_duration_seconds',
    help: 'Time from a ballot batch transaction starting to its commit',
    buckets: SECONDS_BUCKETS,
    registers: [this.registry],
  });
  readonly queryDuration = new Histogram({
    name: 'yishi_db_query_duration_seconds',
    help: 'Database query time, by query type (SELECT, INSERT, UPDATE, RAW…)',
    labelNames: ['type'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly jobRuns = new Counter({
    name: 'yishi_job_runs_total',
    help: 'Scheduled job runs on this instance, by job name',
    labelNames: ['job'] as const,
    registers: [this.registry],
  });
  readonly jobFailures = new Counter({
    name: 'yishi_job_failures_total',
    help: 'Scheduled job runs that threw, by job name',
    labelNames: ['job'] as const,
    registers: [this.registry],
  });
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  private readonly stops: (() => void)[] = [];

  constructor() {
    this.loopDelay.enable();
    const delay = this.loopDelay;
    const registers = [this.registry];
    // Since the previous scrape, so a spike shows on the next one and then clears.
    new Gauge({
      name: 'yishi_event_loop_lag_seconds',
      help: 'Event-loop delay since the previous scrape, by statistic (p50, p99, max)',
      labelNames: ['stat'] as const,
      registers,
      collect() {
        this.set({ stat: 'p50' }, delay.percentile(50) / 1e9);
        this.set({ stat: 'p99' }, delay.percentile(99) / 1e9);
        this.set({ stat: 'max' }, delay.max / 1e9);
        delay.reset();
      },
    });
    new Gauge({
      name: 'yishi_memory_bytes',
      help: 'Process memory: resident set, V8 heap used and total, external',
      labelNames: ['kind'] as const,
      registers,
      collect() {
        const m = process.memoryUsage();
        this.set({ kind: 'rss' }, m.rss);
        this.set({ kind: 'heap_used' }, m.heapUsed);
        this.set({ kind: 'heap_total' }, m.heapTotal);
        this.set({ kind: 'external' }, m.external);
      },
    });
  }

  /** Open sockets by kind, counted at scrape time by the realtime layer. */
  observeSockets(count: () => Record<SocketKind, number>): void {
    new Gauge({
      name: 'yishi_sockets_open',
      help: 'Open Socket.IO connections on this instance, by kind (staff, projector, phone)',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      collect() {
        const counts = count();
        for (const kind of SOCKET_KINDS) this.set({ kind }, counts[kind]);
      },
    });
  }

  /** Shared documents in memory and the updates waiting for their storage batch. */
  observeYjs(read: () => { documents: number; pendingUpdates: number }): void {
    new Gauge({
      name: 'yishi_yjs_documents_open',
      help: 'Shared documents (minutes) held in memory on this instance',
      registers: [this.registry],
      collect() {
        this.set(read().documents);
      },
    });
    new Gauge({
      name: 'yishi_yjs_updates_pending',
      help: 'Document updates applied but not yet stored (stored in batches of 200 ms)',
      registers: [this.registry],
      collect() {
        this.set(read().pendingUpdates);
      },
    });
  }

  /** Only with Redis configured: a single instance exports no Redis gauge, so no false "down" alert. */
  observeRedis(healthy: () => boolean): void {
    new Gauge({
      name: 'yishi_redis_connected',
      help: '1 while both Redis connections are ready, 0 while Redis is unreachable',
      registers: [this.registry],
      collect() {
        this.set(healthy() ? 1 : 0);
      },
    });
  }

  /** Times every query and reports the connection pool (PostgreSQL; SQLite has one connection). */
  watchDatabase(sequelize: Sequelize): void {
    const started = new WeakMap<object, number>();
    const name = `yishi-metrics-${Math.random().toString(36).slice(2)}`;
    const duration = this.queryDuration;
    sequelize.addHook('beforeQuery', name, (_options: unknown, query: object) => {
      started.set(query, performance.now());
    });
    sequelize.addHook('afterQuery', name, (options: { type?: string }, query: object) => {
      const t0 = started.get(query);
      if (t0 !== undefined) duration.observe({ type: options.type ?? 'RAW' }, (performance.now() - t0) / 1000);
    });
    this.stops.push(() => {
      sequelize.removeHook('beforeQuery', name);
      sequelize.removeHook('afterQuery', name);
    });
    type Pool = { size: number; available: number; using: number; waiting: number };
    const pool = () => (sequelize as unknown as { connectionManager: { pool?: Pool } }).connectionManager.pool;
    new Gauge({
      name: 'yishi_db_pool_connections',
      help: 'Database pool connections by state (in_use, idle, waiting for one); PostgreSQL only',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const p = pool();
        if (!p || typeof p.using !== 'number') return;
        this.set({ state: 'in_use' }, p.using);
        this.set({ state: 'idle' }, p.available);
        this.set({ state: 'waiting' }, p.waiting);
      },
    });
  }

  /** One batch of ballots committed (called by the ballot writer after each commit). */
  ballotBatch(ballots: number, seconds: number): void {
    this.ballotBatches.inc();
    this.ballotsCommitted.inc(ballots);
    this.ballotBatchDuration.observe(seconds);
  }

  /** Wraps a scheduled job so its runs and failures are counted (the error still propagates). */
  job(name: string, fn: (signal: AbortSignal) => Promise<void>): (signal: AbortSignal) => Promise<void> {
    return async (signal) => {
      this.jobRuns.inc({ job: name });
      try {
        await fn(signal);
      } catch (err) {
        this.jobFailures.inc({ job: name });
        throw err;
      }
    };
  }

  close(): void {
    this.loopDelay.disable();
    for (const stop of this.stops.splice(0)) stop();
  }
}
