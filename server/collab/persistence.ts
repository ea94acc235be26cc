import * as Y from 'yjs';
import type { Logger } from '../logger.js';
import type { DocumentStore } from './store.js';

export interface PersistenceOptions {
  /** Updates arriving within this window are stored as one row. The issue allows up to 500 ms. */
  batchMs: number;
  /** A document without updates for this long is compacted into one row. */
  idleMs: number;
}

interface Pending {
  updates: Uint8Array[];
  timer: NodeJS.Timeout | null;
  idle: NodeJS.Timeout | null;
  /** The flush under way, so flushes of one document never overlap. */
  running: Promise<void> | null;
  /** Rows appended since the last compaction. */
  appended: number;
}

/**
 * Writes a document's updates to the store as they arrive, batched: the first update of a batch
 * starts a timer, and everything that arrives before it fires goes into one row (Y.mergeUpdates).
 * A failed write keeps the batch in memory and retries, so nothing is dropped while the database
 * is briefly unavailable. What a crash can lose is at most the last batch window; the editors'
 * browsers still hold those edits and send them again when they reconnect (Yjs sync step 2).
 */
export class Persistence {
  private readonly docs = new Map<string, Pending>();
  private closed = false;

  constructor(
    private readonly store: DocumentStore,
    private readonly logger: Logger,
    private readonly options: PersistenceOptions,
  ) {}

  private state(docName: string): Pending {
    let p = this.docs.get(docName);
    if (!p) {
      p = { updates: [], timer: null, idle: null, running: null, appended: 0 };
      this.docs.set(docName, p);
    }
    return p;
  }

  /** Updates queued for storage across every document, for the metrics. */
  pendingUpdates(): number {
    let n = 0;
    for (const p of this.docs.values()) n += p.updates.length;
    return n;
  }

  /** Queues an update for storage. */
  push(docName: string, update: Uint8Array): void {
    const p = this.state(docName);
    p.updates.push(update);
    if (p.idle) clearTimeout(p.idle);
    p.idle = null;
    if (!p.timer && !this.closed) {
      p.timer = setTimeout(() => {
        p.timer = null;
        void this.flush(docName);
      }, this.options.batchMs);
    }
  }

  /** Stores whatever is queued for the document now; resolves when it is in the database. */
  async flush(docName: string): Promise<void> {
    const p = this.docs.get(docName);
    if (!p) return;
    while (p.running) await p.running;
    if (p.timer) clearTimeout(p.timer);
    p.timer = null;
    if (!p.updates.length) return;
    const batch = p.updates;
    p.updates = [];
    p.running = (async () => {
      try {
        await this.store.append(docName, batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch));
        p.appended++;
        this.scheduleIdle(docName, p);
      } catch (err) {
        // Put the batch back in front of anything newer and try again after another window.
        p.updates = [...batch, ...p.updates];
        this.logger.error({ err, doc: docName }, 'storing yjs updates failed; retrying');
        if (!this.closed && !p.timer)
          p.timer = setTimeout(() => {
            p.timer = null;
            void this.flush(docName);
          }, this.options.batchMs);
      } finally {
        p.running = null;
      }
    })();
    await p.running;
  }

  private scheduleIdle(docName: string, p: Pending): void {
    if (p.idle) clearTimeout(p.idle);
    p.idle = setTimeout(() => {
      p.idle = null;
      if (!p.updates.length) void this.compact(docName);
    }, this.options.idleMs);
    p.idle.unref();
  }

  /** Flushes, then folds the document's rows into one snapshot row. */
  async compact(docName: string): Promise<void> {
    await this.flush(docName);
    const p = this.docs.get(docName);
    try {
      await this.store.compact(docName);
      if (p) p.appended = 0;
    } catch (err) {
      this.logger.error({ err, doc: docName }, 'compacting yjs document failed');
    }
  }

  /** The document left memory: store what is queued, compact if anything was written, forget it. */
  async release(docName: string): Promise<void> {
    const p = this.docs.get(docName);
    if (!p) return;
    await this.flush(docName);
    if (p.idle) clearTimeout(p.idle);
    if (p.appended > 0) await this.compact(docName);
    if (!p.updates.length && !p.running) this.docs.delete(docName);
  }

  /** On shutdown: stop timers and store everything queued. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.docs.keys()].map((name) => this.flush(name)));
    for (const p of this.docs.values()) {
      if (p.timer) clearTimeout(p.timer);
      if (p.idle) clearTimeout(p.idle);
    }
  }
}
